package mediamatch

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// textURL is a URL found in free text, with its byte offsets.
type textURL struct {
	start, end int
	raw        string
}

// urlStarts are the spellings that begin a link in a post: explicit schemes,
// and the bare hosts people type for Telegram and the web.
var urlStarts = []string{"https://", "http://", "www.", "t.me/", "telegram.me/"}

// findURLs finds links in text: a token starting with one of urlStarts (at a
// word boundary) and running to the next space or angle bracket, with
// trailing punctuation that usually closes a sentence removed. It is a
// scanner, not a validator: urlcanon decides what is a URL.
func findURLs(text string) []textURL {
	var out []textURL
	lower := strings.ToLower(text)
	for i := 0; i < len(text); {
		start := -1
		for _, p := range urlStarts {
			if strings.HasPrefix(lower[i:], p) && boundary(text, i) {
				start = i
				break
			}
		}
		if start < 0 {
			_, w := utf8.DecodeRuneInString(text[i:])
			i += w
			continue
		}
		end := start
		for end < len(text) {
			r, w := utf8.DecodeRuneInString(text[end:])
			if unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' || r == '«' || r == '»' {
				break
			}
			end += w
		}
		end = trimTrailing(text, start, end)
		if end > start {
			out = append(out, textURL{start: start, end: end, raw: text[start:end]})
		}
		i = max(end, start+1)
	}
	return out
}

// boundary reports whether a link may start at i: not inside a word.
func boundary(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/' && r != '.' && r != '@'
}

// trimTrailing drops sentence punctuation after a link, and a closing
// bracket that has no opening one inside the link.
func trimTrailing(text string, start, end int) int {
	for end > start {
		r, w := utf8.DecodeLastRuneInString(text[start:end])
		switch {
		case strings.ContainsRune(".,;:!?'…،۔", r):
			end -= w
		case r == ')' && strings.Count(text[start:end], "(") < strings.Count(text[start:end], ")"):
			end -= w
		default:
			return end
		}
	}
	return end
}
