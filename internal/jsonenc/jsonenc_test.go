package jsonenc_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/rampart-tt/rampart/internal/jsonenc"
)

// marshal is what the package must match byte for byte.
func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{
		"", "plain ascii", `quote " and back\slash`, "<b>&amp;</b>",
		"tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f",
		"تحریک طالبان پاکستان", "د پښتو ژبه", "emoji 🏴🔥", "line\u2028para\u2029",
		"bad \xff byte", "cut \xe2\x82", "\xc0\xaf overlong",
	} {
		if got, want := string(jsonenc.AppendString(nil, s)), marshal(t, s); got != want {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

func TestAppendFloat(t *testing.T) {
	for _, f := range []float64{0, 1, -1, 0.5, 1.0 / 3, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 123456789.125, math.SmallestNonzeroFloat64, math.MaxFloat64} {
		if got, want := string(jsonenc.AppendFloat(nil, f)), marshal(t, f); got != want {
			t.Errorf("%v: got %s, want %s", f, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a<b", "\xff", "\u2028", "بلوچ", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(jsonenc.AppendString([]byte("x"), s)), "x"+marshal(t, s); got != want {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}
