package designation_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/designation"
)

// TestReadTEL reads the OpenSanctions export of the Terrorist
// Exclusion List shipped in the shared data (us_tel.json; its ids and names
// look like OpenSanctions test fixtures rather than real listings).
func TestReadTEL(t *testing.T) {
	li := importFile(t, "tel", "us_tel.json", designation.ImportOptions{})
	checkGolden(t, "tel.json", summarise(li))
}

func FuzzReadTEL(f *testing.F) {
	b, err := os.ReadFile(importDir + "/us_tel.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		li, err := designation.ReadTEL(strings.NewReader(string(data)), "fuzz")
		if err == nil {
			if verr := li.Validate(); verr != nil {
				t.Fatalf("ReadTEL returned an import that fails Validate: %v", verr)
			}
		}
	})
}
