package audit_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/audit"
)

// exportBundle builds a signed log with a rotation and exports it.
func exportBundle(t testing.TB) ([]byte, ed25519.PrivateKey) {
	t.Helper()
	st, _ := openLog(t)
	k1, k2 := newKey(t), newKey(t)
	c := audit.NewChain(st, audit.Options{Key: k1, CheckpointEvery: 4, Now: clock()})
	fill(t, c, 5)
	if _, err := c.Rotate(t.Context(), k2); err != nil {
		t.Fatal(err)
	}
	fill(t, c, 3)
	var buf bytes.Buffer
	if err := audit.Export(t.Context(), st, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), k1
}

func TestBundleRoundTrip(t *testing.T) {
	b, k1 := exportBundle(t)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if !strings.Contains(lines[0], `"format":"`+audit.BundleFormat+`"`) || !strings.Contains(lines[0], `"readme":"Rampart audit log bundle.`) {
		t.Errorf("header lacks format or readme: %s", lines[0])
	}
	rep, err := audit.VerifyBundle(bytes.NewReader(b), []ed25519.PublicKey{pub(k1)})
	if err != nil {
		t.Fatal(err)
	}
	// Every line after the header is a record.
	if rep.Records != int64(len(lines)-1) || rep.KeysFromBundle || len(rep.Keys) != 2 {
		t.Errorf("report %+v: want %d records, keys from the caller, two signing keys", rep, len(lines)-1)
	}
	// Without trusted keys the bundle's own keys are used, and said so.
	rep2, err := audit.VerifyBundle(bytes.NewReader(b), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep2.KeysFromBundle {
		t.Error("KeysFromBundle not set when no keys were given")
	}
	// An anchor from this export holds; one past its end is truncation.
	if _, err := audit.VerifyBundle(bytes.NewReader(b), nil, rep.Signed); err != nil {
		t.Errorf("anchor from the same export: %v", err)
	}
	_, err = audit.VerifyBundle(bytes.NewReader(b), nil, audit.Anchor{Seq: rep.Head.Seq + 3, Hash: "00"})
	var be *audit.BreakError
	if !errors.As(err, &be) || be.Kind != audit.KindTruncated {
		t.Errorf("anchor past the end: %v, want truncated", err)
	}
}

func TestBundleTampered(t *testing.T) {
	b, k1 := exportBundle(t)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	join := func(ls []string) []byte { return []byte(strings.Join(ls, "\n") + "\n") }
	edit := func(i int, old, new string) []byte {
		ls := append([]string{}, lines...)
		ls[i] = strings.Replace(ls[i], old, new, 1)
		return join(ls)
	}
	drop := func(i int) []byte {
		return join(append(append([]string{}, lines[:i]...), lines[i+1:]...))
	}
	swap := func(i, j int) []byte {
		ls := append([]string{}, lines...)
		ls[i], ls[j] = ls[j], ls[i]
		return join(ls)
	}
	tests := []struct {
		name string
		in   []byte
		want string // in the error
	}{
		{"edited record", edit(3, `analyst:amina`, `analyst:mallory`), "record 3 (edited)"},
		{"deleted record", drop(2), "record 2 (deleted)"},
		{"swapped lines", swap(2, 3), "record 3 (reordered): record 3 comes before record 2"},
		{"truncated tail", join(lines[:len(lines)-2]), "(truncated)"},
		{"not json", edit(4, `{`, `[`), "audit bundle line 5:"},
		{"unknown field", edit(4, `{"seq"`, `{"extra":1,"seq"`), `audit bundle line 5: json: unknown field "extra"`},
		{"wrong format", edit(0, audit.BundleFormat, "other/1"), `format "other/1"`},
		{"empty", nil, "empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := audit.VerifyBundle(bytes.NewReader(tc.in), []ed25519.PublicKey{pub(k1)})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("VerifyBundle error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestBundleSeedCorpus keeps the committed fuzz seeds in step with the
// format: the valid seed must verify.
func TestBundleSeedCorpus(t *testing.T) {
	seed := filepath.Join("testdata", "fuzz", "FuzzVerifyBundle", "valid")
	if *update {
		b, _ := exportBundle(t)
		if err := os.MkdirAll(filepath.Dir(seed), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(seed, []byte("go test fuzz v1\n[]byte("+quoteGo(b)+")\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(seed)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	b := unquoteSeed(t, raw)
	if _, err := audit.VerifyBundle(bytes.NewReader(b), nil); err != nil {
		t.Errorf("valid seed does not verify: %v", err)
	}
	if diff := cmp.Diff(true, bytes.HasPrefix(b, []byte(`{"format":"`))); diff != "" {
		t.Errorf("seed does not start with a header (-want +got):\n%s", diff)
	}
}

// FuzzVerifyBundle feeds arbitrary bytes to VerifyBundle: it must never
// panic, and must report any failure as an error.
func FuzzVerifyBundle(f *testing.F) {
	f.Add([]byte(`{"format":"rampart-audit-bundle/1","readme":"","exported_at":"2026-01-01T00:00:00Z","keys":[],"records":0,"head":{"seq":0,"hash":""}}` + "\n"))
	f.Add([]byte("{}\n{}\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rep, err := audit.VerifyBundle(bytes.NewReader(in), nil)
		if err == nil && rep.Records > 0 && rep.Head.Hash == "" {
			t.Fatalf("verified %d records with an empty head hash", rep.Records)
		}
	})
}
