package designation_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/designation"
)

// TestReadNACTA reads a CSV of facts constructed from Pakistan's First
// Schedule (dates from the designation notices in the data README); the rights
// movement and the party keep their categories, and TLP's deproscription is
// kept.
func TestReadNACTA(t *testing.T) {
	li := importFile(t, "nacta", "nacta_constructed.csv", designation.ImportOptions{})
	checkGolden(t, "nacta.json", summarise(li))
}

func FuzzReadNACTA(f *testing.F) {
	b, err := os.ReadFile(importDir + "/nacta_constructed.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		li, err := designation.ReadNACTA(strings.NewReader(string(data)), "fuzz")
		if err == nil {
			if verr := li.Validate(); verr != nil {
				t.Fatalf("ReadNACTA returned an import that fails Validate: %v", verr)
			}
		}
	})
}
