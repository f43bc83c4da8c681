package bank_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rampart-tt/rampart/bank"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixedNow is the clock of every test store.
var fixedNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func openStore(t testing.TB) *bank.Store {
	t.Helper()
	s, err := bank.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "rampart.db"), bank.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func createBank(t testing.TB, s *bank.Store, b bank.Bank) {
	t.Helper()
	if err := s.CreateBank(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

func readCSVFile(t testing.TB, name string) []bank.Entry {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	es, err := bank.ReadCSV(f, name)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from output (run with -update to accept):\n got: %s\nwant: %s", path, got, want)
	}
}
