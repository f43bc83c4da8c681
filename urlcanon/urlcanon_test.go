package urlcanon_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/urlcanon"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		in   string
		want urlcanon.URL
	}{
		{"HTTPS://WWW.Example.COM:443/a/b/?utm_source=x&b=2&a=1#frag",
			urlcanon.URL{Canonical: "https://www.example.com/a/b?a=1&b=2", Host: "www.example.com", Domain: "example.com"}},
		{"http://example.com:80", urlcanon.URL{Canonical: "https://example.com/", Host: "example.com", Domain: "example.com"}},
		{"http://example.com:8080/x", urlcanon.URL{Canonical: "https://example.com:8080/x", Host: "example.com:8080", Domain: "example.com"}},
		{"example.com/path?fbclid=abc&gclid=1&igshid=2&si=3&_ga=4&yclid=5&mc_cid=6&mc_eid=7&ref_src=8&ref_url=9&q=ok",
			urlcanon.URL{Canonical: "https://example.com/path?q=ok", Host: "example.com", Domain: "example.com"}},
		{"https://m.facebook.com/story.php?s=1", urlcanon.URL{Canonical: "https://m.facebook.com/story.php?s=1", Host: "m.facebook.com", Domain: "facebook.com"}},
		{"https://mobile.twitter.com/user/status/123?s=20&t=abc",
			urlcanon.URL{Canonical: "https://x.com/user/status/123", Host: "x.com", Domain: "x.com"}},
		{"https://twitter.com/user/status/123/", urlcanon.URL{Canonical: "https://x.com/user/status/123", Host: "x.com", Domain: "x.com"}},
		{"https://youtu.be/dQw4w9WgXcQ?si=xyz&t=42",
			urlcanon.URL{Canonical: "https://youtube.com/watch?t=42&v=dQw4w9WgXcQ", Host: "youtube.com", Domain: "youtube.com"}},
		{"https://www.youtube.com/shorts/abc123?feature=share",
			urlcanon.URL{Canonical: "https://youtube.com/watch?v=abc123", Host: "youtube.com", Domain: "youtube.com"}},
		{"bit.ly/3xYz", urlcanon.URL{Canonical: "https://bit.ly/3xYz", Host: "bit.ly", Domain: "bit.ly", Shortener: true}},
		{"https://t.co/AbCd", urlcanon.URL{Canonical: "https://t.co/AbCd", Host: "t.co", Domain: "t.co", Shortener: true}},
		{"https://www.tinyurl.com/x", urlcanon.URL{Canonical: "https://www.tinyurl.com/x", Host: "www.tinyurl.com", Domain: "tinyurl.com", Shortener: true}},
		{"https://t.me/+AbCdEf123", urlcanon.URL{Canonical: "https://t.me/+AbCdEf123", Host: "t.me", Domain: "t.me", TelegramInvite: true}},
		{"https://telegram.me/joinchat/AbCdEf123", urlcanon.URL{Canonical: "https://t.me/+AbCdEf123", Host: "t.me", Domain: "t.me", TelegramInvite: true}},
		{"https://t.me/s/SomeChannel/123", urlcanon.URL{Canonical: "https://t.me/somechannel/123", Host: "t.me", Domain: "t.me", TelegramChannel: "somechannel"}},
		{"t.me/SomeChannel", urlcanon.URL{Canonical: "https://t.me/somechannel", Host: "t.me", Domain: "t.me", TelegramChannel: "somechannel"}},
		{"https://t.me/c/1234/5", urlcanon.URL{Canonical: "https://t.me/c/1234/5", Host: "t.me", Domain: "t.me"}},
		{"https://example.com/a?b=2&b=1&a", urlcanon.URL{Canonical: "https://example.com/a?a&b=1&b=2", Host: "example.com", Domain: "example.com"}},
		{"https://example.com./", urlcanon.URL{Canonical: "https://example.com/", Host: "example.com", Domain: "example.com"}},
		{"https://example.com/%E2%9C%93?q=%C3%A9", urlcanon.URL{Canonical: "https://example.com/%E2%9C%93?q=%C3%A9", Host: "example.com", Domain: "example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := urlcanon.Canonical(tt.in)
			if err != nil {
				t.Fatalf("Canonical(%q): %v", tt.in, err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("Canonical(%q) (-want +got):\n%s", tt.in, d)
			}
		})
	}
}

func TestCanonicalErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty"},
		{"   ", "empty"},
		{"ftp://example.com/x", "scheme"},
		{"javascript:alert(1)", "scheme"},
		{"https://", "no host"},
		{"http://exa mple.com/", "invalid"},
		{"https://" + strings.Repeat("a", 9000), "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := urlcanon.Canonical(tt.in)
			if err == nil {
				t.Fatalf("Canonical(%q): no error", tt.in)
			}
			if !errors.Is(err, urlcanon.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Canonical(%q) = %v, want ErrInvalid mentioning %q", tt.in, err, tt.want)
			}
		})
	}
}

// TestEquivalent checks spellings of one resource meet at one key.
func TestEquivalent(t *testing.T) {
	groups := [][]string{
		{"https://x.com/a/status/1", "http://twitter.com/a/status/1?s=19", "https://mobile.twitter.com/a/status/1/#x"},
		{"https://youtu.be/ID", "https://www.youtube.com/watch?v=ID&feature=youtu.be", "https://m.youtube.com/watch?v=ID&si=1"},
		{"https://example.org/p?a=1&b=2", "https://EXAMPLE.org:443/p/?b=2&a=1&utm_medium=social"},
	}
	for _, g := range groups {
		first, err := urlcanon.Canonical(g[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range g[1:] {
			u, err := urlcanon.Canonical(s)
			if err != nil {
				t.Fatal(err)
			}
			if u.Canonical != first.Canonical {
				t.Errorf("%q -> %q, want %q (as %q)", s, u.Canonical, first.Canonical, g[0])
			}
		}
	}
}

func TestIsShortener(t *testing.T) {
	for in, want := range map[string]bool{"bit.ly": true, "T.CO": true, "example.com": false} {
		if got := urlcanon.IsShortener(in); got != want {
			t.Errorf("IsShortener(%q) = %v, want %v", in, got, want)
		}
	}
}

// FuzzCanonical checks that Canonical never panics and is idempotent: the
// canonical form of a canonical form is itself.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"https://x.com/a?s=1", "youtu.be/x", "t.me/joinchat/AB", "http://[::1]:80/a", "%zz", "https://a.b/%2F/?&&=&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := urlcanon.Canonical(s)
		if err != nil {
			if !errors.Is(err, urlcanon.ErrInvalid) {
				t.Fatalf("error not ErrInvalid: %v", err)
			}
			return
		}
		v, err := urlcanon.Canonical(u.Canonical)
		if err != nil {
			t.Fatalf("canonical %q of %q does not parse: %v", u.Canonical, s, err)
		}
		if v.Canonical != u.Canonical {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, u.Canonical, v.Canonical)
		}
	})
}
