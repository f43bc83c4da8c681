package index_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/index"
)

func entriesOf(m *index.MIH) map[uint64]index.Hash {
	out := map[uint64]index.Hash{}
	m.All(func(id uint64, h index.Hash) bool { out[id] = h; return true })
	return out
}

func smallIndex(t testing.TB) *index.MIH {
	rng := rand.New(rand.NewPCG(7, 7))
	m := index.NewMIH()
	for i := range 300 {
		m.Add(uint64(i)*3+1, randHash(rng))
	}
	m.Delete(4) // a tombstone must not be written
	return m
}

func TestSnapshotRoundTrip(t *testing.T) {
	m := smallIndex(t)
	path := filepath.Join(t.TempDir(), "bank.mih")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := index.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(entriesOf(m), entriesOf(got)); diff != "" {
		t.Errorf("entries differ (-saved +loaded):\n%s", diff)
	}
	info, _ := os.Stat(path)
	if want := int64(24 + 40*299 + 4); info.Size() != want {
		t.Errorf("file is %d bytes, want %d", info.Size(), want)
	}
	q := randHash(rand.New(rand.NewPCG(1, 2)))
	if diff := cmp.Diff(m.SearchAll(q, 120), got.SearchAll(q, 120)); diff != "" {
		t.Errorf("search differs after load:\n%s", diff)
	}
}

func TestSnapshotCorrupt(t *testing.T) {
	var buf bytes.Buffer
	if _, err := smallIndex(t).WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	mutate := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	dup := mutate(func(b []byte) []byte { copy(b[24+40:24+48], b[24:32]); return b })
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "header cut off after 0 of 24 bytes"},
		{"magic", mutate(func(b []byte) []byte { b[0] = 'X'; return b }), "not the index magic"},
		{"version", mutate(func(b []byte) []byte { b[8] = 9; return b }), "version 9 at byte 8"},
		{"flags", mutate(func(b []byte) []byte { b[12] = 1; return b }), "unknown flags 0x1 at byte 12"},
		{"huge count", mutate(func(b []byte) []byte { b[23] = 0xff; return b }), "above the limit"},
		{"truncated entry", good[:24+40*10+5], "entry 11 of 299 (byte 424) cut off"},
		{"no checksum", good[:len(good)-4], "checksum cut off at byte 11984"},
		{"bit flip", mutate(func(b []byte) []byte { b[100] ^= 1; return b }), "checksum"},
		{"repeated id", dup, "repeat id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "repeated id" {
				// Re-seal so that only the duplicate is wrong.
				tc.data = reseal(tc.data)
			}
			_, err := index.Read(bytes.NewReader(tc.data))
			if !errors.Is(err, index.ErrCorrupt) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrCorrupt with %q", err, tc.want)
			}
		})
	}
	path := filepath.Join(t.TempDir(), "x.mih")
	if err := os.WriteFile(path, append(bytes.Clone(good), 0), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := index.Load(path); err == nil || !strings.Contains(err.Error(), "1 bytes after the checksum") {
		t.Errorf("trailing byte: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	m := index.NewMIH()
	m.Add(1, index.Hash{1, 2, 3})
	m.Add(2, index.Hash{4, 5, 6})
	if _, err := m.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("RMPTMIH\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := index.Read(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, index.ErrCorrupt) {
				t.Fatalf("error without ErrCorrupt: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if _, err := m.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), b[:out.Len()]) {
			t.Fatalf("rewrite differs from the accepted input")
		}
	})
}
