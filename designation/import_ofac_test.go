package designation_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/designation"
)

// ofacFull is the real legacy SDN CSV set (about 2018), shared read-only on
// the development machines.
const ofacFull = "/work/shared/data/designations/ofac_sdn_legacy_csv"

// TestReadOFAC reads trimmed real rows of the legacy CSV set: TTP (FTO and
// SDGT), Jamaat-ul-Ahrar, Fazlullah (an individual), a Cuban bank and a
// narcotics listing with a continuation in sdn_comments.csv (both left out),
// and the DOS end-of-file byte OFAC appends.
func TestReadOFAC(t *testing.T) {
	li := importFile(t, "ofac", "ofac", designation.ImportOptions{})
	if li.Source != "sdn.csv+alt.csv+sdn_comments.csv" {
		t.Errorf("Source = %q", li.Source)
	}
	byFile := importFile(t, "ofac", "ofac/sdn.csv", designation.ImportOptions{})
	if byFile.SHA256 != li.SHA256 {
		t.Errorf("the folder and its sdn.csv hash differently: %s, %s", li.SHA256, byFile.SHA256)
	}
	if n := li.Notes["ofac/fazlullah_maulana"]; !strings.Contains(n, "Mullah Radio") {
		t.Errorf("Fazlullah note = %q; want the Remarks field", n)
	}
	checkGolden(t, "ofac.json", summarise(li))
}

func TestReadOFACFull(t *testing.T) {
	if _, err := os.Stat(filepath.Join(ofacFull, "sdn.csv")); err != nil {
		t.Skipf("full OFAC set not present: %v", err)
	}
	li, err := designation.ImportFile("ofac", ofacFull, designation.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// 1325 rows carry SDGT (grep -c '"SDGT' sdn.csv); vessels and aircraft
	// are dropped and FTO-only rows added.
	if n := len(li.Entities); n < 1200 || n > 1400 {
		t.Errorf("%d entities; want about 1300 SDGT/FTO organisations and people", n)
	}
}

func TestReadOFACErrors(t *testing.T) {
	tests := []struct {
		name     string
		sdn, alt string
		want     string
	}{
		{"short row", "1,\"A\",-0- ,\"SDGT\"\n", "", "sdn.csv: line 1: want 12 fields"},
		{"bad type", "1,\"A\",\"ship\",\"SDGT\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n", "", `sdn.csv: line 1: ent_num 1: SDN_Type "ship"`},
		{"duplicate", strings.Repeat("1,\"A\",-0-,\"SDGT\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n", 2), "", "line 2: ent_num 1 appears twice"},
		{"bad alt type", "1,\"A\",-0-,\"SDGT\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n", "1,2,\"xyz\",\"B\",-0-\n", `alt.csv: line 1: ent_num 1: alt_type "xyz"`},
		{"bare quote", "1,\"A\"x,-0-,\"SDGT\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n", "", "sdn.csv: line 1"},
		{"nothing kept", "1,\"A\",-0-,\"CUBA\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n", "", "no entities"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := designation.ReadOFAC(designation.OFACFiles{
				SDN: strings.NewReader(tt.sdn), Alt: strings.NewReader(tt.alt), SDNName: "sdn.csv", AltName: "alt.csv",
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadOFAC = %v; want an error containing %q", err, tt.want)
			}
		})
	}
}

func FuzzReadOFAC(f *testing.F) {
	for _, n := range []string{"sdn.csv", "alt.csv"} {
		if _, err := os.Stat(filepath.Join(importDir, "ofac", n)); err != nil {
			f.Fatal(err)
		}
	}
	sdn, _ := os.ReadFile(filepath.Join(importDir, "ofac", "sdn.csv"))
	alt, _ := os.ReadFile(filepath.Join(importDir, "ofac", "alt.csv"))
	f.Add(sdn, alt)
	f.Add([]byte("1,\"LAST, First\",\"individual\",\"FTO] [SDGT\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n"), []byte("1,2,\"fka\",\"X (Y)\",-0-\n\x1a"))
	f.Fuzz(func(t *testing.T, sdn, alt []byte) {
		li, err := designation.ReadOFAC(designation.OFACFiles{
			SDN: strings.NewReader(string(sdn)), Alt: strings.NewReader(string(alt)), SDNName: "sdn.csv", AltName: "alt.csv",
		})
		if err == nil {
			if verr := li.Validate(); verr != nil {
				t.Fatalf("ReadOFAC returned an import that fails Validate: %v", verr)
			}
		}
	})
}
