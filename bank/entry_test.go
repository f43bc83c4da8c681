package bank_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/bank"
)

func TestNormalizeValue(t *testing.T) {
	tests := []struct {
		typ     bank.SignalType
		in      string
		want    string
		wantErr bool
	}{
		{bank.PDQ, " F8F8F0CEE0F4A84F06370A22038F63F0B36E2ED596621E1D33E6B39C4E9C9B22 ", "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22", false},
		{bank.PDQ, "f8f8", "", true},
		{bank.MD5, "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e", false},
		{bank.MD5, "d41d8cd98f00b204e9800998ecf8427", "", true},
		{bank.SHA256, "zz", "", true},
		{bank.URL, "HTTP://Example.org/a/?utm_source=x&b=2&a=1#frag", "https://example.org/a?a=1&b=2", false},
		{bank.URL, "https://t.me/Amaq_Mirror", "telegram:amaq_mirror", false},
		{bank.URL, "telegram.me/joinchat/AbCd", "https://t.me/+AbCd", false},
		{bank.URL, "https://t.me/amaq_mirror/123", "https://t.me/amaq_mirror/123", false},
		{bank.URL, "domain:Example.ORG", "domain:example.org", false},
		{bank.URL, "domain:exa mple.org", "", true},
		{bank.URL, "telegram:bad name", "", true},
		{bank.URL, "ftp://example.org/x", "", true},
		{bank.VPDQ, "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22, F8F8F0CEE0F4A84F06370A22038F63F0B36E2ED596621E1D33E6B39C4E9C9B22", "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22", false},
		{bank.VPDQ, "", "", true},
	}
	for _, tc := range tests {
		t.Run(string(tc.typ)+"/"+tc.in, func(t *testing.T) {
			got, err := bank.NormalizeValue(tc.typ, tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNormalizeEntry(t *testing.T) {
	tests := []struct {
		name    string
		in      bank.Entry
		want    bank.Entry
		wantErr bool
	}{
		{
			name: "defaults id and opinion, maps HMA type name",
			in:   bank.Entry{Type: "video_md5", Value: "D41D8CD98F00B204E9800998ECF8427E"},
			want: bank.Entry{ID: bank.DefaultID(bank.MD5, "d41d8cd98f00b204e9800998ecf8427e"), Type: bank.MD5, Value: "d41d8cd98f00b204e9800998ecf8427e", Opinion: bank.Positive},
		},
		{name: "unknown opinion", in: bank.Entry{Type: "md5", Value: "d41d8cd98f00b204e9800998ecf8427e", Opinion: "maybe"}, wantErr: true},
		{name: "unknown type", in: bank.Entry{Type: "tmk", Value: "x"}, wantErr: true},
		{name: "tag with space", in: bank.Entry{Type: "md5", Value: "d41d8cd98f00b204e9800998ecf8427e", Labels: bank.Labels{Tags: []string{"a b"}}}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bank.Normalize(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestInRollout(t *testing.T) {
	const n = 20000
	for _, r := range []float64{0, 0.1, 0.5, 0.9, 1} {
		live := 0
		for i := range n {
			id := bank.DefaultID(bank.PDQ, string(rune(i))+"x")
			a, b := bank.InRollout(id, r), bank.InRollout(id, r)
			if a != b {
				t.Fatalf("InRollout(%q, %v) not deterministic", id, r)
			}
			if a {
				live++
				if r < 1 && !bank.InRollout(id, r+0.05) {
					t.Fatalf("raising the ratio from %v dropped %q", r, id)
				}
			}
		}
		got := float64(live) / n
		if d := got - r; d > 0.02 || d < -0.02 {
			t.Errorf("ratio %v: %v of entries live, want within 0.02", r, got)
		}
	}
}
