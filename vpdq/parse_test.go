package vpdq_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/vpdq"
)

func TestParseRoundTrip(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "tiny.vpdq"))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := vpdq.ParseVPDQ(bytes.NewReader(data), "tiny.vpdq")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := vpdq.Write(&out, fs); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(data), out.String()); diff != "" {
		t.Errorf("rewrite differs (-read +written):\n%s", diff)
	}
}

const goodHash = "e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c"

func TestParseVPDQ(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []vpdq.Feature // nil with wantErr
		wantErr  string
	}{
		{"four fields", "3,97," + goodHash + ",0.100\n", []vpdq.Feature{{Frame: 3, Quality: 97, Hash: mustHash(t, goodHash), Timestamp: 0.1}}, ""},
		{"three fields, spaces, blank lines", "\n 3 , 97 , " + goodHash + " \n\n", []vpdq.Feature{{Frame: 3, Quality: 97, Hash: mustHash(t, goodHash)}}, ""},
		{"empty", "", nil, ""},
		{"two fields", "1,2\n", nil, "x.txt:1: 2 comma-separated fields"},
		{"bad frame", "0,100," + goodHash + "\n-1,100," + goodHash + "\n", nil, "x.txt:2: field 1 (frame)"},
		{"quality 101", "0,101," + goodHash + "\n", nil, "x.txt:1: field 2 (quality)"},
		{"short hash", "0,100,abc\n", nil, "x.txt:1: field 3 (hash)"},
		{"bad timestamp", "0,100," + goodHash + ",NaN\n", nil, "x.txt:1: field 4 (timestamp)"},
		{"long line", strings.Repeat("1", 5000) + "\n", nil, "x.txt:1: line longer than 4096 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := vpdq.ParseVPDQ(strings.NewReader(tc.in), "x.txt")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func mustHash(t *testing.T, s string) (h [32]byte) {
	t.Helper()
	fs, err := vpdq.ParseVPDQ(strings.NewReader("0,0,"+s), "hash")
	if err != nil {
		t.Fatal(err)
	}
	return fs[0].Hash
}

// FuzzParseVPDQ: any input either parses into features that write back and
// re-parse to the same features, or fails with an error naming a line.
func FuzzParseVPDQ(f *testing.F) {
	f.Add([]byte("0,100," + goodHash + ",0.000\n1,99," + goodHash + ",0.033\n"))
	f.Add([]byte("0,100," + goodHash + "\n"))
	f.Add([]byte("1,2\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		fs, err := vpdq.ParseVPDQ(bytes.NewReader(b), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz:") && !strings.HasPrefix(err.Error(), "read fuzz") {
				t.Fatalf("error does not name the input: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if err := vpdq.Write(&out, fs); err != nil {
			t.Fatal(err)
		}
		again, err := vpdq.ParseVPDQ(&out, "rewritten")
		if err != nil {
			t.Fatalf("rewritten output does not parse: %v\n%s", err, out.String())
		}
		if len(again) != len(fs) {
			t.Fatalf("%d features after rewrite, %d before", len(again), len(fs))
		}
		for i := range fs {
			a, b := fs[i], again[i]
			if a.Frame != b.Frame || a.Quality != b.Quality || a.Hash != b.Hash || abs(a.Timestamp-b.Timestamp) > 0.0005 {
				t.Fatalf("feature %d: %v became %v", i, a, b)
			}
		}
	})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
