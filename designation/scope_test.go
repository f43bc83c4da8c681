package designation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
)

func TestParseScope(t *testing.T) {
	want := map[string][]string{"PK": {"nacta", "un"}, "GB": {"uk", "un"}, "US": {"fto", "sdgt", "un"}}
	for _, in := range []string{
		"jurisdictions: {PK: [nacta, un], GB: [uk, un], US: [fto, sdgt, un]}\n",
		"PK: [un, nacta]\nGB: [uk, un]\nus: [sdgt, fto, un, un]\n",
	} {
		s, err := designation.ParseScope([]byte(in))
		if err != nil {
			t.Fatalf("ParseScope(%q): %v", in, err)
		}
		if diff := cmp.Diff(want, s.Map()); diff != "" {
			t.Errorf("ParseScope(%q) (-want +got):\n%s", in, diff)
		}
	}
	_, err := designation.ParseScope([]byte("PK: [ntca]\nPAK: [un]\nGB: []\n"))
	for _, want := range []string{`list "ntca"`, `jurisdiction "PAK"`, "jurisdiction GB: no lists"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseScope with three problems = %v; want all reported, including %q", err, want)
		}
	}
	if _, err := designation.ParseScope([]byte("- just\n- a list\n")); err == nil {
		t.Error("ParseScope of a YAML sequence succeeded")
	}
}

func TestScopeJurisdictions(t *testing.T) {
	listed := time.Date(2011, 7, 29, 0, 0, 0, 0, time.UTC)
	e := rampart.Entity{ID: "x", Designations: []rampart.Designation{
		{List: "un", Jurisdiction: "UN", ListedOn: listed},
		{List: "nacta", Jurisdiction: "PK", DelistedOn: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		{List: "fto", Jurisdiction: "US", ListedOn: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)},
	}}
	s, err := designation.ScopeFromMap(map[string][]string{"PK": {"nacta", "un"}, "GB": {"uk"}, "US": {"fto", "sdgt"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		scope designation.Scope
		at    time.Time
		want  []string
	}{
		{s, time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), []string{"PK"}},       // only NACTA then
		{s, time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), []string{"PK", "US"}}, // UN counts in PK
		{s, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), []string{"PK", "US"}}, // NACTA delisted, UN still in PK
		{designation.Scope{}, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), []string{"UN", "US"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.scope.Jurisdictions(e, tt.at)); diff != "" {
			t.Errorf("Jurisdictions at %v (-want +got):\n%s", tt.at, diff)
		}
	}
}

// TestScreenedNonArmedOnlyWhenEnabled: the rights movement and the party
// that a NACTA import brings are screened only when enabled.
func TestScreenedNonArmedOnlyWhenEnabled(t *testing.T) {
	li := importFile(t, "nacta", "nacta_constructed.csv", designation.ImportOptions{})
	r, err := designation.Overlay(defaultRegistry(t), []designation.ListImport{li})
	if err != nil {
		t.Fatal(err)
	}
	has := func(es []rampart.Entity, id string) bool {
		for _, e := range es {
			if e.ID == id {
				return true
			}
		}
		return false
	}
	if has(r.Screened(nil), "ptm") || has(r.Screened(nil), "tlp") {
		t.Error("PTM or TLP screened by default")
	}
	if !has(r.Screened([]string{"ptm"}), "ptm") {
		t.Error("PTM not screened when enabled")
	}
	if !has(r.Screened(nil), "ttp") {
		t.Error("TTP not screened")
	}
}
