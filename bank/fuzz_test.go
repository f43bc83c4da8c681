package bank_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rampart-tt/rampart/bank"
)

func addSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// checkParsed checks what every bank parser promises: an error or valid,
// duplicate-free entries that survive a write and read back.
func checkParsed(t *testing.T, es []bank.Entry, err error) {
	if err != nil {
		var fe *bank.FileError
		if errors.As(err, &fe) && (fe.Total == 0 || len(fe.Rows) == 0) {
			t.Fatalf("FileError with no rows: %v", err)
		}
		return
	}
	ids := map[string]bool{}
	for _, e := range es {
		if n, err := bank.Normalize(e); err != nil || n.Value != e.Value || n.ID != e.ID {
			t.Fatalf("entry %+v not normalised: %v", e, err)
		}
		if ids[e.ID] {
			t.Fatalf("repeated id %q", e.ID)
		}
		ids[e.ID] = true
	}
	var buf bytes.Buffer
	if err := bank.WriteJSONL(&buf, es); err != nil {
		t.Fatal(err)
	}
	back, err := bank.ReadJSONL(&buf, "rewrite")
	if err != nil {
		t.Fatalf("rewritten entries rejected: %v", err)
	}
	if len(back) != len(es) {
		t.Fatalf("rewrite kept %d of %d entries", len(back), len(es))
	}
}

func FuzzReadCSV(f *testing.F) {
	addSeeds(f, "hma.csv", "plain.csv", "bad_rows.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := bank.ReadCSV(bytes.NewReader(b), "fuzz.csv")
		checkParsed(t, es, err)
	})
}

func FuzzReadJSONL(f *testing.F) {
	addSeeds(f, "bank.jsonl", "bad.jsonl", "hma.golden.jsonl")
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := bank.ReadJSONL(bytes.NewReader(b), "fuzz.jsonl")
		checkParsed(t, es, err)
	})
}
