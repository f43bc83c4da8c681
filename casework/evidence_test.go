package casework_test

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

func TestSealOpen(t *testing.T) {
	key := bytes.Repeat([]byte{7}, casework.EvidenceKeySize)
	other := bytes.Repeat([]byte{8}, casework.EvidenceKeySize)
	plain := []byte("original media bytes")
	sealed, err := casework.Seal(key, rand.Reader, 3, "abc", plain)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, plain) {
		t.Fatal("sealed blob contains the plaintext")
	}
	got, err := casework.Open(key, 3, "abc", sealed)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("open = %q, %v", got, err)
	}
	flipped := bytes.Clone(sealed)
	flipped[len(flipped)-1] ^= 1
	tests := []struct {
		name   string
		key    []byte
		caseID int64
		sha    string
		sealed []byte
	}{
		{"other key", other, 3, "abc", sealed},
		{"other case", key, 4, "abc", sealed},
		{"other hash", key, 3, "abd", sealed},
		{"altered blob", key, 3, "abc", flipped},
		{"truncated", key, 3, "abc", sealed[:10]},
	}
	for _, tc := range tests {
		if _, err := casework.Open(tc.key, tc.caseID, tc.sha, tc.sealed); err == nil {
			t.Errorf("%s: opened", tc.name)
		}
	}
	if _, err := casework.Seal(key[:16], rand.Reader, 1, "x", plain); err == nil {
		t.Error("a 16-byte key was accepted; evidence keys are AES-256")
	}
}

// FuzzEvidenceItem feeds stored item bodies to the evidence decoder: bad
// content is an error naming the item, never a panic.
func FuzzEvidenceItem(f *testing.F) {
	for _, name := range []string{"post.json", "account.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"kind":"post","platform":"x","id":"1","media":[{"sha256":1}]}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, body []byte) {
		it := rampart.StoredItem{Platform: "x", Kind: "post", ID: "1", Body: body}
		ei, err := casework.NewEvidenceItem(it)
		if err != nil {
			if !bytes.Contains([]byte(err.Error()), []byte("item x/post/1")) {
				t.Errorf("error does not name the item: %v", err)
			}
			return
		}
		if !bytes.Equal(ei.Content, body) {
			t.Errorf("content changed")
		}
	})
}
