package designation_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/designation"
)

// TestReadUKSanctions reads a CSV constructed from the FCDO UK
// Sanctions List column layout (not a real download): rows of one Unique ID
// merge, low-quality aliases are weak, the non-Latin name becomes an Arabic
// alias, and the Russia regime row is left out.
func TestReadUKSanctions(t *testing.T) {
	li := importFile(t, "uk-sanctions", "uk_sanctions_constructed.csv", designation.ImportOptions{})
	checkGolden(t, "uk_sanctions.json", summarise(li))
}

func FuzzReadUKSanctions(f *testing.F) {
	b, err := os.ReadFile(importDir + "/uk_sanctions_constructed.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		li, err := designation.ReadUKSanctions(strings.NewReader(string(data)), "fuzz")
		if err == nil {
			if verr := li.Validate(); verr != nil {
				t.Fatalf("ReadUKSanctions returned an import that fails Validate: %v", verr)
			}
		}
	})
}
