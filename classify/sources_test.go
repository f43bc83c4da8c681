package classify_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/classify"
	"github.com/rampart-tt/rampart/classify/traindata"
)

// ruhsoldSample is 40 real rows of RUHSOLD task 2 (MIT), kept by traindata.
var ruhsoldSample = filepath.Join("traindata", "testdata", "ruhsold_sample.tsv")

func TestLoadSourceRUHSOLD(t *testing.T) {
	exs, info, err := classify.LoadSource(classify.SourceRUHSOLD+ruhsoldSample, 1)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := traindata.LoadRUHSOLD(ruhsoldSample)
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, r := range rows {
		if _, ok := traindata.ProjectLabel(r); ok {
			kept++
		}
	}
	if len(exs) != kept || info.Examples != kept || kept == 0 {
		t.Errorf("%d examples (info %d), want the %d rows ProjectLabel keeps", len(exs), info.Examples, kept)
	}
	for _, ex := range exs {
		if ex.Label != classify.LabelHate && ex.Label != classify.LabelOther {
			t.Errorf("%s: label %s, want hate or other", ex.ID, ex.Label)
		}
	}
	if len(info.SHA256) != 64 || info.Licence != "MIT" {
		t.Errorf("data info %+v: want a SHA-256 and the MIT licence", info)
	}
}

func TestLoadSourceJSONL(t *testing.T) {
	p := filepath.Join(t.TempDir(), "d.jsonl")
	data := []byte(`{"text":"police said","label":"reporting"}` + "\n")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	exs, info, err := classify.LoadSource(p, 1)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data) // a file source records its bytes' SHA-256
	want := classify.DataInfo{Name: "d.jsonl", Examples: 1, SHA256: hex.EncodeToString(sum[:])}
	if diff := cmp.Diff(want, info); diff != "" || len(exs) != 1 {
		t.Errorf("%d examples; info (-want +got):\n%s", len(exs), diff)
	}
}

func TestLoadSourceErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("no tab here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ spec, want string }{
		{filepath.Join(dir, "missing.jsonl"), "no such file"},
		{classify.SourceRUHSOLD + filepath.Join(dir, "missing.tsv"), "no such file"},
		{classify.SourceRUHSOLD + bad, "bad.tsv:1"},
	} {
		_, _, err := classify.LoadSource(tc.spec, 1)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.spec, err, tc.want)
		}
	}
}

func TestNameExamples(t *testing.T) {
	exs, err := classify.NameExamples()
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) < 50 {
		t.Fatalf("%d name examples, want many", len(exs))
	}
	groups := map[string]bool{}
	for _, ex := range exs {
		if ex.Label != classify.LabelOther || ex.Group == traindata.HeldOutGroup || ex.Template != "names/"+ex.Group {
			t.Errorf("%+v: want label other, not the held-out group, template names/<group>", ex)
		}
		groups[ex.Group] = true
	}
	for _, g := range []string{"ttp", "bla", "iskp"} {
		if !groups[g] {
			t.Errorf("no names of %s", g)
		}
	}
}
