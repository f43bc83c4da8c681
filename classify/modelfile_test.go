package classify_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/classify"
)

func TestModelFileRoundTrip(t *testing.T) {
	m, file := toy(t)
	path := filepath.Join(t.TempDir(), "toy.rmodel")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := classify.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version() != m.Version() || !strings.HasPrefix(got.Version(), "clf-") || len(got.Version()) != 16 {
		t.Errorf("version %q after load, %q before: want equal clf-<12 hex>", got.Version(), m.Version())
	}
	if diff := cmp.Diff(m.Meta(), got.Meta()); diff != "" {
		t.Errorf("metadata changed in the round trip (-saved +loaded):\n%s", diff)
	}
	for _, ex := range toyExamples() {
		if diff := cmp.Diff(m.Predict(ex.Text), got.Predict(ex.Text)); diff != "" {
			t.Fatalf("prediction of %q changed after the round trip:\n%s", ex.Text, diff)
		}
	}
	var again bytes.Buffer
	if _, err := got.WriteTo(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), file) {
		t.Error("re-saving a loaded model changed its bytes")
	}
}

// reseal recomputes the trailing checksum after a deliberate edit, so that
// the edit itself is what Load sees.
func reseal(b []byte) []byte {
	body := b[:len(b)-sha256.Size]
	sum := sha256.Sum256(body)
	return append(append([]byte(nil), body...), sum[:]...)
}

func TestLoadRefuses(t *testing.T) {
	_, file := toy(t)
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), file...)) }
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "bad magic"},
		{"other magic", edit(func(b []byte) []byte { b[0] = 'X'; return b }), "bad magic"},
		{"format version 2", edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[8:], 2); return reseal(b) }), "format version 2"},
		{"flipped weight byte", edit(func(b []byte) []byte { b[len(b)-40] ^= 0x55; return b }), "checksum mismatch"},
		{"truncated", file[:len(file)-100], "checksum mismatch"},
		{"header length too big", edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[12:], 1<<30); return reseal(b) }), "header length"},
		{"header not JSON", edit(func(b []byte) []byte { b[16] = '!'; return reseal(b) }), "header at offset"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := classify.Load(tc.file)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
	_, err := classify.Load(edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[8:], 2); return reseal(b) }))
	if !errors.Is(err, classify.ErrFormatVersion) {
		t.Errorf("version error %v does not wrap ErrFormatVersion", err)
	}
}
