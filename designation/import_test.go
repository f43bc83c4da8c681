package designation_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
)

// importDir holds the importer fixtures: trimmed real lists (UN, OFAC,
// TEL) and lists constructed from the published layouts (file names say
// "constructed"; each file's header comment or the test says so).
const importDir = "testdata/import"

// checkGolden compares got, as indented JSON, with the golden file
// testdata/import/golden/<name>; -update rewrites it.
func checkGolden(t *testing.T, name string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	checkGoldenBytes(t, name, b)
}

func checkGoldenBytes(t *testing.T, name string, b []byte) {
	t.Helper()
	path := filepath.Join(importDir, "golden", name)
	if *updateSeedGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), string(b)); diff != "" {
		t.Errorf("%s differs (-golden +got); if intended, rerun with -update:\n%s", path, diff)
	}
}

// importFile imports a fixture through ImportFile, as the CLI does.
func importFile(t *testing.T, list, name string, opt designation.ImportOptions) designation.ListImport {
	t.Helper()
	li, err := designation.ImportFile(list, filepath.Join(importDir, name), opt)
	if err != nil {
		t.Fatalf("ImportFile(%s, %s): %v", list, name, err)
	}
	if len(li.SHA256) != 64 {
		t.Errorf("SHA256 = %q; want 64 hex digits", li.SHA256)
	}
	return li
}

// summary is what the importer tests compare: per entity its id, kind,
// designations and aliases with their flags, compactly.
type summary struct {
	ID, Name, Kind, Category string
	Designations             []string
	Aliases                  []string
}

func summarise(li designation.ListImport) []summary {
	var out []summary
	for _, e := range li.Entities {
		s := summary{ID: e.ID, Name: e.Name, Kind: e.Kind, Category: e.Category}
		for _, d := range e.Designations {
			x := d.Jurisdiction + " " + d.List + " " + d.Reference
			if !d.ListedOn.IsZero() {
				x += " listed " + d.ListedOn.Format("2006-01-02")
			}
			if !d.DelistedOn.IsZero() {
				x += " delisted " + d.DelistedOn.Format("2006-01-02")
			}
			s.Designations = append(s.Designations, x)
		}
		for _, a := range e.Aliases {
			s.Aliases = append(s.Aliases, aliasString(a))
		}
		out = append(out, s)
	}
	return out
}

func aliasString(a rampart.Alias) string {
	x := a.Text + " [" + a.Script + " " + a.Type
	for _, f := range []struct {
		on   bool
		name string
	}{{a.Weak, "weak"}, {a.CaseSensitive, "cs"}, {a.WholeToken, "wt"}} {
		if f.on {
			x += " " + f.name
		}
	}
	return x + "]"
}

func TestDetectScript(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Tehrik-e Taliban", "Latn"},
		{"تحریک طالبان پاکستان", "Arab"},
		{"Эмират Кавказ", "Cyrl"},
		{"伊斯兰国", "Hani"},
		{"TTP تحریک طالبان", "Arab"}, // most letters decide
		{"12-34", "Zyyy"},
	}
	for _, tt := range tests {
		if got := designation.DetectScript(tt.in); got != tt.want {
			t.Errorf("DetectScript(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	good := func() designation.ListImport {
		return designation.ListImport{List: "un", Source: "x", Entities: []rampart.Entity{{
			ID: "un/a", Name: "A", Kind: rampart.EntityOrganisation, Group: "un/a",
			Aliases:      []rampart.Alias{{Text: "A"}},
			Designations: []rampart.Designation{{List: "un", Authority: "UN"}},
		}}}
	}
	if err := good().Validate(); err != nil {
		t.Fatalf("good import: %v", err)
	}
	tests := []struct {
		name   string
		change func(*designation.ListImport)
		want   string
	}{
		{"unknown list", func(li *designation.ListImport) { li.List = "xx" }, `list "xx"`},
		{"no entities", func(li *designation.ListImport) { li.Entities = nil }, "no entities"},
		{"duplicate id", func(li *designation.ListImport) { li.Entities = append(li.Entities, li.Entities[0]) }, "duplicate id"},
		{"no alias", func(li *designation.ListImport) { li.Entities[0].Aliases = nil }, "no aliases"},
		{"no designation", func(li *designation.ListImport) { li.Entities[0].Designations = nil }, "no designations"},
		{"unknown designation list", func(li *designation.ListImport) { li.Entities[0].Designations[0].List = "zz" }, `designation list "zz"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			li := good()
			tt.change(&li)
			err := li.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v; want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestImportFileErrors(t *testing.T) {
	tests := []struct {
		list, path string
		opt        designation.ImportOptions
		want       string
	}{
		{"nope", "un_pk_trimmed.xml", designation.ImportOptions{}, `list "nope"`},
		{"un", "missing.xml", designation.ImportOptions{}, "no such file"},
		{"csv", "generic_constructed.csv", designation.ImportOptions{Mapping: "alias=x"}, "name=<column> is required"},
		{"ofac", "missing_dir", designation.ImportOptions{}, "give sdn.csv or the folder"},
		{"un", "fto_constructed.csv", designation.ImportOptions{}, "is this the UN consolidated list?"},
	}
	for _, tt := range tests {
		_, err := designation.ImportFile(tt.list, filepath.Join(importDir, tt.path), tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ImportFile(%s, %s) = %v; want an error containing %q", tt.list, tt.path, err, tt.want)
		}
	}
}

func TestImportedOneWordPersonAliasesAreWeak(t *testing.T) {
	li, err := designation.ReadUN(strings.NewReader(`<?xml version="1.0"?>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>
<DATAID>1</DATAID><FIRST_NAME>MOHAMED</FIRST_NAME><SECOND_NAME>LAHBOUS</SECOND_NAME>
<UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDi.319</REFERENCE_NUMBER><LISTED_ON>2013-10-24</LISTED_ON>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Hassan</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Mohamed Ennouini</ALIAS_NAME></INDIVIDUAL_ALIAS>
</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>`), "un.xml")
	if err != nil {
		t.Fatal(err)
	}
	weak := map[string]bool{}
	for _, e := range li.Entities {
		for _, a := range e.Aliases {
			weak[a.Text] = a.Weak
		}
	}
	if !weak["Hassan"] || weak["Mohamed Ennouini"] {
		t.Errorf("weak flags %v: want the one-word alias weak and the full name not", weak)
	}
}
