package designation_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rampart-tt/rampart/designation"
)

// unFull is the complete real UN list of 2026-02-27, shared read-only on
// the development machines; the test on it runs when it is present.
const unFull = "/work/shared/data/designations/un_consolidated_2026-02-27.xml"

// TestReadUN reads a trimmed copy of the real UN list (Pakistan- and
// Afghanistan-related entries, plus one DRC listing that must be left out)
// and compares what it makes of it with the golden file.
func TestReadUN(t *testing.T) {
	li := importFile(t, "un", "un_pk_trimmed.xml", designation.ImportOptions{})
	if want := time.Date(2026, 2, 27, 0, 0, 9, 554e6, time.UTC); !li.Published.Equal(want) {
		t.Errorf("Published = %v; want %v", li.Published, want)
	}
	for _, e := range li.Entities {
		if strings.HasPrefix(e.Designations[0].Reference, "CD") {
			t.Errorf("%s (%s) is on the DRC regime and must be left out", e.ID, e.Designations[0].Reference)
		}
	}
	if n := li.Notes["un/tehrik_e_taliban_pakistan_ttp"]; !strings.HasPrefix(n, "Tehrik-e Taliban is based in the tribal areas along the Afghanistan/Pakistan border.") {
		t.Errorf("TTP note = %q; want COMMENTS1 with its line breaks folded", n)
	}
	checkGolden(t, "un.json", summarise(li))
}

func TestReadUNFull(t *testing.T) {
	if _, err := os.Stat(unFull); err != nil {
		t.Skipf("full UN list not present: %v", err)
	}
	li, err := designation.ImportFile("un", unFull, designation.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// 341 Al-Qaida and 140 Taliban records of 1003 (counted with grep on
	// UN_LIST_TYPE in the file).
	if len(li.Entities) != 481 {
		t.Errorf("%d entities; want 481 (the Al-Qaida and Taliban regimes)", len(li.Entities))
	}
	weak, former := 0, 0
	for _, e := range li.Entities {
		for _, a := range e.Aliases {
			if a.Weak {
				weak++
			}
			if a.Type == "former" {
				former++
			}
		}
	}
	if weak == 0 || former == 0 {
		t.Errorf("weak aliases %d, former names %d; want both > 0", weak, former)
	}
}

func TestReadUNErrors(t *testing.T) {
	const head = `<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><ENTITIES>`
	tests := []struct{ name, in, want string }{
		{"wrong root", `<sdnList/>`, "root element is sdnList"},
		{"cut short", head + `<ENTITY><FIRST_NAME>X</FIRST_NAME>`, "line 1"},
		{"no reference", head + `<ENTITY><FIRST_NAME>X</FIRST_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE></ENTITY></ENTITIES></CONSOLIDATED_LIST>`, "ENTITIES/ENTITY[1]: REFERENCE_NUMBER is empty"},
		{"bad date", head + "\n<ENTITY><FIRST_NAME>X</FIRST_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDe.1</REFERENCE_NUMBER><LISTED_ON>29 July</LISTED_ON></ENTITY></ENTITIES></CONSOLIDATED_LIST>", `line 2: ENTITIES/ENTITY[1]: QDe.1: LISTED_ON "29 July"`},
		{"bad generated", `<CONSOLIDATED_LIST dateGenerated="yesterday">`, "dateGenerated"},
		{"no records", `<CONSOLIDATED_LIST></CONSOLIDATED_LIST>`, "no INDIVIDUAL or ENTITY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := designation.ReadUN(strings.NewReader(tt.in), "un.xml")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "un.xml: ") {
				t.Errorf("ReadUN = %v; want an error starting un.xml: and containing %q", err, tt.want)
			}
		})
	}
}

func FuzzReadUN(f *testing.F) {
	b, err := os.ReadFile(importDir + "/un_pk_trimmed.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`<CONSOLIDATED_LIST><ENTITIES><ENTITY><FIRST_NAME>A (B)</FIRST_NAME><UN_LIST_TYPE>Taliban</UN_LIST_TYPE><REFERENCE_NUMBER>TAe.1</REFERENCE_NUMBER><ENTITY_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>C</ALIAS_NAME></ENTITY_ALIAS></ENTITY></ENTITIES></CONSOLIDATED_LIST>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		li, err := designation.ReadUN(strings.NewReader(string(data)), "fuzz.xml")
		if err == nil {
			if verr := li.Validate(); verr != nil {
				t.Fatalf("ReadUN returned an import that fails Validate: %v", verr)
			}
		}
	})
}
