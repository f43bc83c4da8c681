package textnorm

import (
	"strings"
	"unicode/utf8"
)

// Boundary is what separates a key position from the one before it.
type Boundary uint8

// Boundaries, weakest first.
const (
	NoBoundary   Boundary = iota // inside a word
	CaseBoundary                 // camelCase step or letter/digit change
	SoftBoundary                 // zero-width character, or - . _ between letters
	HardBoundary                 // whitespace, punctuation, start of text
)

// String names a boundary for messages and golden files.
func (b Boundary) String() string {
	switch b {
	case NoBoundary:
		return "none"
	case CaseBoundary:
		return "case"
	case SoftBoundary:
		return "soft"
	case HardBoundary:
		return "hard"
	}
	return "invalid"
}

// Flag records what the source of a key position looked like.
type Flag uint8

// Flags per key position.
const (
	Upper      Flag = 1 << iota // source letter was upper or title case
	Compat                      // NFKC changed it: full-width, mathematical, ligature, presentation form
	Confusable                  // a non-Latin look-alike folded to Latin in Fold
	Leet                        // a digit or symbol read as a letter in Fold
	Loosened                    // Fold differs from Key by a meaning-changing Arabic-script fold
	Tag                         // inside a #hashtag or @handle token
	Hash                        // inside a #hashtag token (set with Tag; never for @handles)
)

// Text is one normalised input. Key, Fold, Brk, Flags and Start have one
// element per key position. A Text may be reused with Reset to avoid
// allocation; it must not be shared between goroutines while in use.
type Text struct {
	src   string
	Key   []rune     // exact key
	Fold  []rune     // loose key: Key with meaning-changing folds, skeleton and leetspeak
	Brk   []Boundary // boundary before each position; Brk[0] is HardBoundary
	Flags []Flag
	Start []int32 // byte offset in the original of the rune each position came from
}

// Normalize returns the normalised form of s.
func Normalize(s string) *Text {
	t := &Text{}
	t.Reset(s)
	return t
}

// Source returns the original text.
func (t *Text) Source() string { return t.src }

// Len returns the number of key positions.
func (t *Text) Len() int { return len(t.Key) }

// Span maps the key range [i, j) to byte offsets [start, end) in the
// original text: from the first byte of the rune that produced position i to
// the last byte of the rune that produced position j-1. Out-of-range
// arguments are clamped; an empty range maps to an empty span.
func (t *Text) Span(i, j int) (start, end int) {
	n := len(t.Key)
	i, j = max(0, min(i, n)), max(0, min(j, n))
	if i >= j {
		if i < n {
			return int(t.Start[i]), int(t.Start[i])
		}
		return len(t.src), len(t.src)
	}
	start = int(t.Start[i])
	last := int(t.Start[j-1])
	_, size := utf8.DecodeRuneInString(t.src[last:])
	return start, last + size
}

// EdgeAfter returns the boundary after position j-1: the one before j, or a
// hard boundary at the end of the text.
func (t *Text) EdgeAfter(j int) Boundary {
	if j >= len(t.Key) {
		return HardBoundary
	}
	return t.Brk[j]
}

// String renders the exact key with its boundaries: a space for hard, "|"
// for soft and "^" for case. It is meant for tests and debugging.
func (t *Text) String() string { return render(t.Key, t.Brk) }

// FoldString renders the loose key like String.
func (t *Text) FoldString() string { return render(t.Fold, t.Brk) }

func render(rs []rune, brk []Boundary) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			switch brk[i] {
			case HardBoundary:
				b.WriteByte(' ')
			case SoftBoundary:
				b.WriteByte('|')
			case CaseBoundary:
				b.WriteByte('^')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Compact returns the exact key of s as a string: a convenience for building
// lookup keys.
func Compact(s string) string { return string(Normalize(s).Key) }
