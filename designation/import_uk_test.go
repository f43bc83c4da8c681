package designation_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/designation"
)

// TestReadUK reads a CSV of facts constructed from the Home Office's
// proscribed organisations list: a month-only date (TTP, January 2011) leaves
// the listing date empty, and a deproscription is kept.
func TestReadUK(t *testing.T) {
	li := importFile(t, "uk", "uk_proscribed_constructed.csv", designation.ImportOptions{})
	checkGolden(t, "uk.json", summarise(li))
}

func FuzzReadUK(f *testing.F) {
	b, err := os.ReadFile(importDir + "/uk_proscribed_constructed.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		li, err := designation.ReadUK(strings.NewReader(string(data)), "fuzz")
		if err == nil {
			if verr := li.Validate(); verr != nil {
				t.Fatalf("ReadUK returned an import that fails Validate: %v", verr)
			}
		}
	})
}
