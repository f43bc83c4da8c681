package designation_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/designation"
)

// TestReadFTO reads a CSV constructed from the State Department's published FTO
// table layout (Date Designated, Name) with the aliases of the designation
// notices; the dates are M/D/YYYY as the Department writes them, and the
// Japanese Red Army row carries its revocation.
func TestReadFTO(t *testing.T) {
	li := importFile(t, "fto", "fto_constructed.csv", designation.ImportOptions{})
	checkGolden(t, "fto.json", summarise(li))
}

func FuzzReadFTO(f *testing.F) {
	b, err := os.ReadFile(importDir + "/fto_constructed.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		li, err := designation.ReadFTO(strings.NewReader(string(data)), "fuzz")
		if err == nil {
			if verr := li.Validate(); verr != nil {
				t.Fatalf("ReadFTO returned an import that fails Validate: %v", verr)
			}
		}
	})
}
