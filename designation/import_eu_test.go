package designation_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/designation"
)

// TestReadEU reads an XML file constructed from the published
// schema of the EU Financial Sanctions Files (see the comment in the file):
// strong="false" names are weak, nameLanguage is kept, and the UKR
// programme entry is left out.
func TestReadEU(t *testing.T) {
	li := importFile(t, "eu", "eu_constructed.xml", designation.ImportOptions{})
	checkGolden(t, "eu.json", summarise(li))
}

func FuzzReadEU(f *testing.F) {
	b, err := os.ReadFile(importDir + "/eu_constructed.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		li, err := designation.ReadEU(strings.NewReader(string(data)), "fuzz")
		if err == nil {
			if verr := li.Validate(); verr != nil {
				t.Fatalf("ReadEU returned an import that fails Validate: %v", verr)
			}
		}
	})
}
