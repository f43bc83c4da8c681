package bank_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/bank"
)

func countAll(t *testing.T, s *bank.Store, name string) int {
	t.Helper()
	n := 0
	for _, err := range s.Entries(t.Context(), name) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

func TestImportFileWithBadRowImportsNothing(t *testing.T) {
	s := openStore(t)
	createBank(t, s, bank.NewBank("gifct"))
	f, err := os.Open(filepath.Join("testdata", "bad_rows.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	es, err := bank.ReadCSV(f, "bad_rows.csv")
	if err == nil {
		t.Fatal("bad file accepted")
	}
	// The CLI never reaches Import with a bad file; even if a caller
	// passes what it got, nothing is written.
	if _, err := s.Import(t.Context(), "gifct", es); err != nil {
		t.Fatal(err)
	}
	if n := countAll(t, s, "gifct"); n != 0 {
		t.Errorf("%d entries stored from a rejected file, want 0", n)
	}
}

func TestImportIsOneTransaction(t *testing.T) {
	s := openStore(t)
	createBank(t, s, bank.NewBank("b"))
	if _, err := s.Add(t.Context(), "b", bank.Entry{ID: "old", Type: bank.MD5, Value: "0cc175b9c0f1b6a831c399e269772661"}); err != nil {
		t.Fatal(err)
	}
	es := readCSVFile(t, "hma.csv")
	// The last entry collides with the stored one's value under another id.
	es = append(es, bank.Entry{ID: "new", Type: bank.MD5, Value: "0cc175b9c0f1b6a831c399e269772661", Opinion: bank.Positive})
	_, err := s.Import(t.Context(), "b", es)
	if rampart.ErrorCode(err) != rampart.ECONFLICT {
		t.Fatalf("got %v, want a conflict", err)
	}
	if n := countAll(t, s, "b"); n != 1 {
		t.Errorf("%d entries after a failed import, want the 1 from before", n)
	}
}

func TestImportUpsertAndExport(t *testing.T) {
	s := openStore(t)
	createBank(t, s, bank.NewBank("gifct"))
	es := readCSVFile(t, "hma.csv")
	res, err := s.Import(t.Context(), "gifct", es)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != len(es) || res.Updated != 0 {
		t.Errorf("first import: added %d updated %d, want %d and 0", res.Added, res.Updated, len(es))
	}
	es[0].Labels.Kind = "logo"
	res, err = s.Import(t.Context(), "gifct", es)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 0 || res.Updated != len(es) {
		t.Errorf("second import: added %d updated %d, want 0 and %d", res.Added, res.Updated, len(es))
	}
	var got []bank.Entry
	for r, err := range s.Entries(t.Context(), "gifct") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r.Entry)
	}
	for i := range es {
		es[i].AddedAt = fixedNow
	}
	if diff := cmp.Diff(es, got); diff != "" {
		t.Errorf("stored entries (-want +got)\n%s", diff)
	}
	bi, err := s.Bank(t.Context(), "gifct")
	if err != nil {
		t.Fatal(err)
	}
	if bi.Entries != len(es) || bi.Threshold != bank.DefaultPDQThreshold || !bi.Enabled || bi.Ratio != 1 {
		t.Errorf("bank info %+v", bi)
	}
}

func TestStoreErrors(t *testing.T) {
	s := openStore(t)
	createBank(t, s, bank.NewBank("b"))
	ctx := context.Background()
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"duplicate bank", s.CreateBank(ctx, bank.NewBank("b")), rampart.ECONFLICT},
		{"bad bank name", s.CreateBank(ctx, bank.NewBank("../x")), rampart.EINVALID},
		{"bad threshold", s.CreateBank(ctx, bank.Bank{Name: "c", Threshold: 300, Ratio: 1}), rampart.EINVALID},
		{"import into missing bank", func() error { _, err := s.Import(ctx, "nope", nil); return err }(), rampart.ENOTFOUND},
		{"disable missing entry", func() error { _, err := s.Disable(ctx, "b", "nope"); return err }(), rampart.ENOTFOUND},
		{"add bad value", func() error { _, err := s.Add(ctx, "b", bank.Entry{Type: bank.PDQ, Value: "12"}); return err }(), rampart.EINVALID},
		{"update missing bank", s.UpdateBank(ctx, bank.NewBank("zz")), rampart.ENOTFOUND},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := rampart.ErrorCode(tc.err); got != tc.code {
				t.Errorf("code %q (%v), want %q", got, tc.err, tc.code)
			}
		})
	}
}
