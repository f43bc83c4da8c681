package designation_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rampart-tt/rampart/designation"
)

// TestReadOFACXML reads a fixture constructed from OFAC's published sdn.xml
// schema (not a real download; see the comment in the file): the same
// listings as the legacy CSV must get the same ids and references, weak
// a.k.a.s become weak aliases, and the vessel is left out.
func TestReadOFACXML(t *testing.T) {
	li := importFile(t, "ofac", "ofac_sdn_constructed.xml", designation.ImportOptions{})
	if want := time.Date(2026, 2, 25, 0, 0, 0, 0, time.UTC); !li.Published.Equal(want) {
		t.Errorf("Published = %v; want %v", li.Published, want)
	}
	csv := importFile(t, "ofac", "ofac", designation.ImportOptions{})
	ids := map[string]bool{}
	for _, e := range csv.Entities {
		ids[e.ID] = true
	}
	for _, e := range li.Entities {
		if !ids[e.ID] {
			t.Errorf("XML entity %s has no CSV counterpart with the same id", e.ID)
		}
	}
	checkGolden(t, "ofac_xml.json", summarise(li))
}

func TestReadOFACXMLErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"wrong root", `<CONSOLIDATED_LIST/>`, "root element is CONSOLIDATED_LIST"},
		{"bad date", `<sdnList><publshInformation><Publish_Date>2026-02-25</Publish_Date></publshInformation></sdnList>`, `Publish_Date "2026-02-25"`},
		{"no uid", `<sdnList><sdnEntry><lastName>A</lastName></sdnEntry></sdnList>`, "sdnList/sdnEntry[1]: uid is empty"},
		{"bad type", `<sdnList><sdnEntry><uid>1</uid><lastName>A</lastName><sdnType>Ship</sdnType><programList><program>SDGT</program></programList></sdnEntry></sdnList>`, `sdnType "Ship"`},
		{"cut short", `<sdnList><sdnEntry><uid>1</uid>`, "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := designation.ReadOFACXML(strings.NewReader(tt.in), "sdn.xml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadOFACXML = %v; want an error containing %q", err, tt.want)
			}
		})
	}
}

func FuzzReadOFACXML(f *testing.F) {
	b, err := os.ReadFile(importDir + "/ofac_sdn_constructed.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		li, err := designation.ReadOFACXML(strings.NewReader(string(data)), "fuzz.xml")
		if err == nil {
			if verr := li.Validate(); verr != nil {
				t.Fatalf("ReadOFACXML returned an import that fails Validate: %v", verr)
			}
		}
	})
}
