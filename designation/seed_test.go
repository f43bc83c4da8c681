package designation_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
)

// TestLoadSeedSmall loads a few real seed rows and checks what the reviewed
// tables make of them: merging, promotion of a media wing, weak UN aliases,
// derived designations, and an unreviewed id passing through unchanged.
func TestLoadSeedSmall(t *testing.T) {
	f, err := os.Open("testdata/seed/small.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := designation.LoadSeed(f, "small.csv")
	if err != nil {
		t.Fatalf("LoadSeed: %v", err)
	}
	if !strings.HasPrefix(r.Version(), "seed-") || len(r.Version()) != len("seed-")+12 {
		t.Errorf("Version() = %q; want seed- and 12 hex digits", r.Version())
	}
	type summary struct {
		ID, Group, Kind, Category string
		Aliases                   []string
		Weak                      []string
		Designations              []string
	}
	summarise := func(e rampart.Entity) summary {
		s := summary{ID: e.ID, Group: e.Group, Kind: e.Kind, Category: e.Category}
		for _, a := range e.Aliases {
			s.Aliases = append(s.Aliases, a.Text)
			if a.Weak {
				s.Weak = append(s.Weak, a.Text)
			}
		}
		for _, d := range e.Designations {
			s.Designations = append(s.Designations, d.List+" "+d.Reference+" "+d.ListedOn.Format(time.DateOnly))
		}
		return s
	}
	var got []summary
	for _, e := range r.Entities() {
		got = append(got, summarise(e))
	}
	want := []summary{
		{ID: "ttp", Group: "ttp", Kind: "organisation", Category: "armed_group",
			Aliases: []string{"TTP", "TEHRIK-E TALIBAN PAKISTAN (TTP)", "Tehreek-e-Taliban Pakistan (TTP)", "TTP"},
			Designations: []string{
				// fto, sdgt and uk come from designations.csv, which applies too.
				"fto  2010-09-01",
				"nacta Tehreek-e-Taliban Pakistan (TTP) 2008-08-25",
				"sdgt  2010-09-01", "uk Terrorism Act 2000 Sch. 2 0001-01-01",
				"un QDe.132 2011-07-29",
			}},
		{ID: "ttp-umar-media", Group: "ttp", Kind: "media_wing", Category: "armed_group", Aliases: []string{"Umar Media"}},
		{ID: "ttp-fazlullah", Group: "ttp", Kind: "person", Category: "armed_group",
			Aliases: []string{"Mullah Radio"}, Weak: []string{"Mullah Radio"},
			// The row with listed= is not in the sample, so no date.
			Designations: []string{"un QDi.352 0001-01-01"}},
		{ID: "bla", Group: "bla", Kind: "organisation", Category: "armed_group",
			Designations: []string{"fto  2025-08-11", "sdgt  0001-01-01", "uk Terrorism Act 2000 Sch. 2 0001-01-01"}},
		{ID: "bla-majeed-brigade", Group: "bla", Kind: "subunit", Category: "armed_group", Aliases: []string{"Majeed Brigade"}},
		{ID: "ptm", Group: "ptm", Kind: "organisation", Category: "rights_movement",
			Aliases: []string{"PTM"}, Designations: []string{"nacta Pashtun Tahafuz Movement (PTM) 2024-10-06"}},
		{ID: "new_group", Group: "new_group", Kind: "organisation", Category: "armed_group", Aliases: []string{"New Group"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entities mismatch (-want +got):\n%s", diff)
	}
	// The reviewed flags apply to the rows that are there.
	ttp, _ := r.Entity("ttp")
	if a := ttp.Aliases[0]; !a.WholeToken || !a.NeedsContext || a.CaseSensitive {
		t.Errorf("TTP flags = whole %v, context %v, case %v; want true, true, false", a.WholeToken, a.NeedsContext, a.CaseSensitive)
	}
}

func TestLoadSeedErrors(t *testing.T) {
	header := "entity_id,canonical_name,alias,script,lang,alias_type,source_list,source_ref,source_url_or_repo_path\n"
	good := "ttp,Tehrik-e Taliban Pakistan (TTP),TTP,Latn,und,acronym,US_STATE_FTO,FTO 2010-09-01,\n"
	tests := []struct {
		name, input, wantErr string
	}{
		{"empty", "", "seed.csv: empty; want a header line"},
		{"wrong header", "id,name\n", "seed.csv: line 1: wrong number of fields"},
		{"renamed column", strings.Replace(header, "alias_type", "type", 1) + good, `seed.csv: line 1: header column 6 is "type"; want "alias_type"`},
		{"short row", header + good + "ttp,TTP\n", "seed.csv: line 3: wrong number of fields"},
		{"bare quote", header + good + good + "ttp,\"Tehrik\"x,TTP,Latn,und,acronym,UN,,\n", `seed.csv: line 4: extraneous or missing " in quoted-field`},
		{"unterminated quote", header + "ttp,\"Tehrik,TTP,Latn,und,acronym,UN,,\n", "seed.csv: line 2:"},
		{"empty id", header + ",X,TTP,Latn,und,acronym,UN,,\n", "seed.csv: line 2: entity_id is empty"},
		{"empty alias", header + "ttp,X,,Latn,und,acronym,UN,,\n", `seed.csv: line 2: entity "ttp": alias is empty`},
		{"bad script", header + good + "ttp,X,TTP,latin,und,acronym,UN,,\n", `seed.csv: line 3: entity "ttp" alias "TTP": script "latin"`},
		{"bad type", header + "ttp,X,TTP,Latn,und,nickname,UN,,\n", `alias_type "nickname"; want name, acronym, media_wing or handle`},
		{"no source", header + "ttp,X,TTP,Latn,und,acronym,,,\n", "source_list is empty; every alias must cite its source"},
		{"no lang", header + "ttp,X,TTP,Latn,,acronym,UN,,\n", "lang is empty"},
		{"invalid utf8", header + "ttp,X,T\xffP,Latn,und,acronym,UN,,\n", "seed.csv: not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := designation.LoadSeed(strings.NewReader(tt.input), "seed.csv")
			if err == nil {
				t.Fatalf("LoadSeed succeeded; want error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("LoadSeed error = %q; want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoadSeedBOMAndCRLF(t *testing.T) {
	in := "\uFEFFentity_id,canonical_name,alias,script,lang,alias_type,source_list,source_ref,source_url_or_repo_path\r\n" +
		"blf,Balochistan Liberation Front (BLF),BLF,Latn,und,acronym,NEWS_EN,,\r\n"
	r, err := designation.LoadSeed(strings.NewReader(in), "bom.csv")
	if err != nil {
		t.Fatalf("LoadSeed: %v", err)
	}
	e, ok := r.Entity("blf")
	if !ok || len(e.Aliases) != 1 || e.Aliases[0].Text != "BLF" {
		t.Errorf("blf = %+v; want one alias BLF", e)
	}
}

// FuzzLoadSeed checks that malformed seed files yield errors, never panics,
// and that whatever loads is a consistent registry.
func FuzzLoadSeed(f *testing.F) {
	small, err := os.ReadFile("testdata/seed/small.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(small))
	f.Add("entity_id,canonical_name,alias,script,lang,alias_type,source_list,source_ref,source_url_or_repo_path\nx,X,\"a\"\"b\",Latn,en,name,S,,\n")
	f.Add("entity_id,canonical_name,alias,script,lang,alias_type,source_list,source_ref,source_url_or_repo_path\nttp,,TTP,Latn,und,acronym,S,quality=Low,\n")
	f.Fuzz(func(t *testing.T, in string) {
		r, err := designation.LoadSeed(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, e := range r.Entities() {
			if e.ID == "" || e.Group == "" || e.Category == "" {
				t.Fatalf("loaded an incomplete entity %+v", e)
			}
			if _, ok := r.Entity(e.Group); !ok {
				t.Fatalf("entity %q has unknown group %q", e.ID, e.Group)
			}
		}
	})
}
