package pdq_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/pdq"
)

func TestParse(t *testing.T) {
	const h = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
	for _, tc := range []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: h, want: h},
		{in: strings.ToUpper(h), want: h},
		{in: strings.Repeat("0", 64), want: strings.Repeat("0", 64)},
		{in: h[:63], wantErr: "want 64 hex digits, got 63"},
		{in: h + "0", wantErr: "got 65"},
		{in: "g" + h[1:], wantErr: `character 1 ('g')`},
		{in: "", wantErr: "got 0"},
	} {
		got, err := pdq.Parse(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Parse(%q) error %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if got.String() != tc.want {
			t.Errorf("Parse(%q) = %s", tc.in, got)
		}
	}
}

func TestBitLayout(t *testing.T) {
	// Bit k is coefficient k = 16*row + column; the hex string is word 15
	// (coefficients 240..255) first, so bit 0 is the last hex digit's low bit.
	var h pdq.Hash
	if err := h.UnmarshalText([]byte(strings.Repeat("0", 63) + "1")); err != nil {
		t.Fatal(err)
	}
	if !h.Bit(0) || h.Bit(1) {
		t.Errorf("bit 0 should be the low bit of the last digit")
	}
	h2, _ := pdq.Parse("8" + strings.Repeat("0", 63))
	if !h2.Bit(255) {
		t.Errorf("bit 255 should be the high bit of the first digit")
	}
	if got := h2.Words(); got != [4]uint64{1 << 63, 0, 0, 0} {
		t.Errorf("Words = %x", got)
	}
}

func TestDistance(t *testing.T) {
	a, _ := pdq.Parse("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22")
	b, _ := pdq.Parse("f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22")
	zero := pdq.Hash{}
	ones, _ := pdq.Parse(strings.Repeat("f", 64))
	for _, tc := range []struct {
		a, b pdq.Hash
		want int
	}{
		{a, a, 0}, {a, b, 2}, {zero, ones, 256}, {ones, zero, 256},
	} {
		if got := pdq.Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if !zero.IsZero() || a.IsZero() {
		t.Error("IsZero wrong")
	}
	text, _ := a.MarshalText()
	if diff := cmp.Diff(a.String(), string(text)); diff != "" {
		t.Error(diff)
	}
}

func TestDCTTable(t *testing.T) {
	if _, err := pdq.ParseDCT("3e34f6fe"); err == nil || !strings.Contains(err.Error(), "want 1024 words, got 1") {
		t.Errorf("short table: %v", err)
	}
	if _, err := pdq.ParseDCT(strings.Repeat("zz\n", 1024)); err == nil || !strings.Contains(err.Error(), "word 1") {
		t.Errorf("bad word: %v", err)
	}
}

func FuzzParseHash(f *testing.F) {
	f.Add("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22")
	f.Add(strings.Repeat("F", 64))
	f.Add("xyz")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := pdq.Parse(s)
		if err != nil {
			return
		}
		if h.String() != strings.ToLower(s) {
			t.Fatalf("Parse(%q).String() = %s", s, h)
		}
		if back, err := pdq.Parse(h.String()); err != nil || back != h {
			t.Fatalf("round trip of %s: %v", h, err)
		}
	})
}
