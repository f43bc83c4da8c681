package audit_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/audit"
)

func TestCanonicalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"whitespace dropped", " { \"b\" : [ 1 , 2 ] ,\n\t\"a\" : null } ", `{"a":null,"b":[1,2]}`},
		{"nested keys sorted", `{"z":{"y":1,"x":2},"a":[{"d":0,"c":1}]}`, `{"a":[{"c":1,"d":0}],"z":{"x":2,"y":1}}`},
		// RFC 8785 §3.2.3: UTF-16 order puts U+1F600 (surrogates D83D…)
		// before U+FB01, the reverse of UTF-8 byte order.
		{"utf-16 key order", `{"ﬁ":1,"😀":2,"a":3}`, `{"a":3,"😀":2,"ﬁ":1}`},
		{"escapes minimal", `"\u0041\/\u00e9\u2028\ud83d\ude00"`, `"A/é` + "\u2028" + `😀"`},
		{"control characters", `"\u0001\b\t\n\f\r\u001f\"\\"`, `"\u0001\b\t\n\f\r\u001f\"\\"`},
		{"numbers kept as given", `[1.0,-0,1e2,12345678901234567890,0.1]`, `[1.0,-0,1e2,12345678901234567890,0.1]`},
		{"literals", `[true,false,null]`, `[true,false,null]`},
		{"empty containers", `{"a":{},"b":[]}`, `{"a":{},"b":[]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := audit.Canonicalize([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("Canonicalize(%s) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestCanonicalizeRefuses(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"duplicate name", `{"a":1,"a":2}`, `offset 7: duplicate member name "a"`},
		{"lone surrogate", `"\ud800"`, "lone surrogate"},
		{"invalid utf-8", "\"\xff\"", "offset 1: invalid UTF-8"},
		{"raw control character", "\"a\nb\"", "control character"},
		{"trailing data", `{} {}`, "offset 3: unexpected '{' after the value"},
		{"bad number", `[01]`, "want ',' or ']'"},
		{"no exponent digits", `1e`, "no digits in the exponent"},
		{"unterminated", `{"a":`, "unexpected end of input"},
		{"too deep", strings.Repeat("[", 300), "nested deeper than"},
		{"empty", ``, "unexpected end of input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := audit.Canonicalize([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Canonicalize(%q) error %v, want one containing %q", tc.in, err, tc.want)
			}
		})
	}
}

// FuzzCanonicalize checks that canonicalisation never panics, is idempotent
// and keeps the value encoding/json reads.
func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{`{"b":1,"a":[true,null,"x"]}`, `"\ud83d\ude00"`, `[1e5,-0.5]`, `{"😀":{"ﬁ":[]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		c, err := audit.Canonicalize(in)
		if err != nil {
			return
		}
		again, err := audit.Canonicalize(c)
		if err != nil {
			t.Fatalf("canonical form %q does not canonicalise: %v", c, err)
		}
		if string(again) != string(c) {
			t.Fatalf("not idempotent: %q then %q", c, again)
		}
		var a, b any
		if json.Unmarshal(in, &a) == nil {
			if err := json.Unmarshal(c, &b); err != nil {
				t.Fatalf("canonical form %q is not JSON: %v", c, err)
			}
			if diff := cmp.Diff(a, b); diff != "" {
				t.Fatalf("value changed (-in +canonical):\n%s", diff)
			}
		}
	})
}
