package account

import (
	"strings"
	"unicode"
)

// tokens splits s into lower-case letter runs and digit runs, also splitting
// camelCase ("AbdullahButt99" → abdullah, butt, 99), so that a display name
// and a handle can be compared token by token.
func tokens(s string) []string {
	var out []string
	var cur []rune
	var prev rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			if len(cur) > 0 && (unicode.IsDigit(prev) || (unicode.IsUpper(r) && unicode.IsLower(prev))) {
				flush()
			}
			cur = append(cur, r)
		case unicode.IsDigit(r):
			if len(cur) > 0 && !unicode.IsDigit(prev) {
				flush()
			}
			cur = append(cur, r)
		default:
			flush()
		}
		prev = r
	}
	flush()
	return out
}

// normText prepares a post text for duplicate detection and stylometry:
// lower case, links and mentions dropped, digits folded to 0, whitespace
// collapsed. Bots that vary a counter or a link still repeat themselves.
func normText(s string) string {
	var b strings.Builder
	space := false
	for _, f := range strings.Fields(s) {
		lf := strings.ToLower(f)
		if strings.HasPrefix(lf, "http://") || strings.HasPrefix(lf, "https://") || strings.HasPrefix(lf, "www.") || strings.HasPrefix(lf, "@") {
			continue
		}
		if space {
			b.WriteByte(' ')
		}
		for _, r := range lf {
			if unicode.IsDigit(r) {
				r = '0'
			}
			b.WriteRune(r)
		}
		space = true
	}
	return b.String()
}

// canonURL reduces a link to lower-case host and path without scheme,
// "www.", query, fragment or trailing slash: a simple canonicalisation so
// that http://WWW.Example.com/a/ and https://example.com/a match.
func canonURL(u string) string {
	s := strings.TrimSpace(u)
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(strings.TrimRight(s, "/"))
	s = strings.TrimPrefix(s, "www.")
	return s
}

// canonTag lower-cases a hashtag and drops a leading '#'.
func canonTag(t string) string { return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(t), "#")) }
