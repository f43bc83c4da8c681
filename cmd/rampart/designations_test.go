package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/designation"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the current output")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run 'go test ./cmd/rampart -run %s -update' to make it)", err, t.Name())
	}
	if string(want) == got {
		return
	}
	// JSON on one line gives an unreadable diff; compare it indented.
	a, b := indentJSON(want), indentJSON([]byte(got))
	t.Errorf("%s differs (-want +got; if the change is meant, rerun with -update and review the diff):\n%s", path, cmp.Diff(a, b))
}

// indentJSON indents a JSON document for diffs; other text is returned as is.
func indentJSON(b []byte) string {
	var buf bytes.Buffer
	if json.Indent(&buf, b, "", "  ") != nil {
		return string(b)
	}
	return buf.String()
}

func TestDesignationsShowTTPGolden(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "", "designations", "show", "ttp", "--json")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	golden(t, "designations_show_ttp.json", r.stdout)

	// Whatever the golden says, the document is the TTP entity with its
	// parts, each part belonging to TTP.
	var e struct {
		ID           string `json:"id"`
		Kind         string `json:"kind"`
		Group        string `json:"group"`
		Designations []struct {
			List string `json:"list"`
		} `json:"designations"`
		Aliases []struct {
			Text, Script string
		} `json:"aliases"`
		Parts []struct {
			ID, Group string
		} `json:"parts"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &e); err != nil {
		t.Fatalf("show --json: %v", err)
	}
	if e.ID != "ttp" || e.Kind != "organisation" || e.Group != "ttp" || len(e.Aliases) == 0 || len(e.Parts) == 0 {
		t.Errorf("ttp: id %s kind %s group %s, %d aliases, %d parts", e.ID, e.Kind, e.Group, len(e.Aliases), len(e.Parts))
	}
	lists := map[string]bool{}
	for _, d := range e.Designations {
		lists[d.List] = true
	}
	for _, l := range []string{"un", "fto", "uk", "nacta"} {
		if !lists[l] {
			t.Errorf("ttp lacks its %s designation; lists %v", l, lists)
		}
	}
	for _, p := range e.Parts {
		if p.Group != "ttp" || p.ID == "ttp" {
			t.Errorf("part %+v does not belong to ttp", p)
		}
	}
}

func TestDesignationsShowText(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "", "designations", "show", "ttp")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"ttp  Tehrik-e Taliban Pakistan (TTP)\nkind organisation, group ttp, category armed_group\n",
		"\nDesignations:\n", "\nAliases (Latn):\n", "\nAliases (Arab):\n", "\nMedia wings, sub-units and people:\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show ttp lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestDesignationsList(t *testing.T) {
	t.Parallel()
	reg, err := designation.Default()
	if err != nil {
		t.Fatal(err)
	}
	orgs := 0
	for _, e := range reg.Entities() {
		if e.Kind == "organisation" {
			orgs++
		}
	}
	tests := []struct {
		args []string
		rows int
	}{
		{[]string{"designations", "list"}, orgs},
		{[]string{"designations", "list", "--all"}, len(reg.Entities())},
	}
	for _, tc := range tests {
		r := runCLI(t, "", tc.args...)
		if r.code != exitOK {
			t.Fatalf("%v: exit %d: %s", tc.args, r.code, r.stderr)
		}
		table, footer, ok := strings.Cut(r.stdout, "\n\n")
		if !ok {
			t.Fatalf("%v: no footer:\n%s", tc.args, r.stdout)
		}
		lines := strings.Split(table, "\n")
		if strings.Join(strings.Fields(lines[0]), " ") != "ID KIND GROUP CATEGORY ALIASES LISTS NAME" {
			t.Errorf("%v: header %q", tc.args, lines[0])
		}
		if len(lines)-1 != tc.rows {
			t.Errorf("%v: %d rows, want %d", tc.args, len(lines)-1, tc.rows)
		}
		if want := "registry " + reg.Version() + ": " + strconv.Itoa(len(reg.Entities())) + " entities\n"; footer != want {
			t.Errorf("%v: footer %q, want %q", tc.args, footer, want)
		}
		var ttp []string
		for _, l := range lines[1:] {
			if f := strings.Fields(l); f[0] == "ttp" {
				ttp = f
			}
		}
		if len(ttp) < 6 || ttp[1] != "organisation" || ttp[5] != "fto,nacta,sdgt,uk,un" {
			t.Errorf("%v: ttp row %q", tc.args, ttp)
		}
	}
}

func TestDesignationsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"designations", "show", "no-such-group"}, exitFatal, `no entity "no-such-group"`},
		{[]string{"designations", "show"}, exitUsage, "accepts 1 arg"},
		{[]string{"designations", "list", "extra"}, exitUsage, "unknown command"},
		{[]string{"designations", "list", "--json"}, exitUsage, "--json"},
	}
	for _, tc := range tests {
		r := runCLI(t, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d (want %d), stderr %q (want %q)", tc.args, r.code, tc.code, r.stderr, tc.want)
		}
	}
}
