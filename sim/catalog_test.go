package sim_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the exact output of a small run, so that any change to
// what the generator writes is seen in review. Refresh with -update.
func TestGolden(t *testing.T) {
	r := generate(t, sim.Config{Seed: 2026, Accounts: 120, Posts: 60, Days: 1})
	for _, f := range []struct {
		name string
		got  []byte
	}{{"golden_items.jsonl", r.items}, {"golden_labels.jsonl", r.labels}} {
		path := filepath.Join("testdata", f.name)
		if *update {
			if err := os.WriteFile(path, f.got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(f.got, want) {
			t.Errorf("%s differs (run with -update if the change is intended):\n%s", f.name,
				cmp.Diff(string(want), string(f.got)))
		}
	}
}
