package designation_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/designation"
)

// TestReadCSVMapping reads a constructed CSV through a mapping given as on
// the command line.
func TestReadCSVMapping(t *testing.T) {
	li := importFile(t, "csv", "generic_constructed.csv", designation.ImportOptions{
		Mapping: "name=Org Name,alias=Other Names,alias_sep=|,listed=Listed,ref=Ref,list=nacta",
	})
	checkGolden(t, "csv.json", summarise(li))
}

func TestParseMapping(t *testing.T) {
	m, err := designation.ParseMapping("name=Org Name, alias=A,alias=B,alias_sep=;,listed=Date,list=uk,date_format=02/01/2006")
	if err != nil {
		t.Fatal(err)
	}
	want := designation.Mapping{Name: "Org Name", Aliases: []string{"A", "B"}, AliasSep: ";", Listed: "Date", List: "uk", DateFormat: "02/01/2006"}
	if diff := cmp.Diff(want, m, cmp.AllowUnexported(designation.Mapping{})); diff != "" {
		t.Errorf("ParseMapping (-want +got):\n%s", diff)
	}
	for _, bad := range []struct{ in, want string }{
		{"alias=A,list=uk", "name=<column> is required"},
		{"name=A", `list=""`},
		{"name=A,list=uk,colour=red", `mapping key "colour"`},
		{"name", "want key=value"},
	} {
		if _, err := designation.ParseMapping(bad.in); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseMapping(%q) = %v; want an error containing %q", bad.in, err, bad.want)
		}
	}
}

func TestReadCSVErrors(t *testing.T) {
	m := designation.Mapping{Name: "Name", Aliases: []string{"Aliases"}, AliasSep: ";", Listed: "Date", Kind: "Kind", Category: "Category", List: "nacta"}
	const head = "Name,Aliases,Date,Kind,Category\n"
	tests := []struct{ name, in, want string }{
		{"empty", "", "empty; want a header line"},
		{"missing column", "Name,Date\n", `line 1: header has no column "Kind", "Category", "Aliases"`},
		{"no name", head + "A,,,,\n,,,,\n", "list.csv: line 3: column \"Name\" is empty"},
		{"bad date", head + "A,,2024/01/02,,\n", `line 2: column "Date": date "2024/01/02"`},
		{"bad kind", head + "A,,,vessel,\n", `line 2: column "Kind": kind "vessel"`},
		{"bad category", head + "A,,,,terrorists\n", `line 2: column "Category": category "terrorists"`},
		{"field count", head + "A,,\n", "line 2: 3 fields; the header has 5"},
		{"bare quote", head + "A\"b,,,,\n", "line 2"},
		{"bad utf8", head + "A\xff,,,,\n", "line 2: column 1 is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := designation.ReadCSV(strings.NewReader(tt.in), "list.csv", m, "csv")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "list.csv: ") {
				t.Errorf("ReadCSV = %v; want an error starting list.csv: and containing %q", err, tt.want)
			}
		})
	}
}

func FuzzReadCSV(f *testing.F) {
	b, err := os.ReadFile(importDir + "/generic_constructed.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("\uFEFFOrg Name,Other Names,Listed,Ref\nA (AB),B|C,2 January 2020,\nA (AB),D,,\n"))
	m, err := designation.ParseMapping("name=Org Name,alias=Other Names,alias_sep=|,listed=Listed,ref=Ref,list=uk")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		li, err := designation.ReadCSV(strings.NewReader(string(data)), "fuzz.csv", m, "csv")
		if err == nil {
			if verr := li.Validate(); verr != nil {
				t.Fatalf("ReadCSV returned an import that fails Validate: %v", verr)
			}
		}
	})
}
