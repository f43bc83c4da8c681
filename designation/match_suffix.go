package designation

import (
	"slices"

	"github.com/rampart-tt/rampart/textnorm"
)

// Inflected forms of Arabic-script aliases.
//
// Urdu and Pashto mark the plural oblique case with an ending on the last
// word of a name: Pashto پاکستاني طالبان → پاکستاني طالبانو ("of the
// Pakistani Taliban"), Urdu طالبان → طالبانوں. An alias recorded in its
// dictionary form misses these, and listing every inflected form in the data
// would multiply its rows. So an Arabic-script alias whose last word has
// three letters or more also matches when that word goes on, inside the same
// word, with one of the endings below and then ends. The match then covers
// the ending, so the evidence shows the whole word, and its method is folded.
//
// The endings, in the loose key:
//
//	و    Pashto plural oblique (طالبانو, جنګیالیو)
//	ون   Urdu plural oblique -وں (ں reads ن in the loose key)
//
// Only these two: they are the endings of the plural oblique in both
// languages, they attach to any noun, and they do not turn one name into
// another. Arabic pronoun suffixes (ه، ها، هم) and the Urdu singular oblique
// -ے were left out: they change ordinary words into other ordinary words
// often enough (محمد→محمدہ is not an inflection) to cost precision.
var inflections = [][]rune{[]rune("و"), []rune("ون")}

// inflectable reports whether an alias's normalised form is Arabic script
// and its last word has three letters or more.
func inflectable(t *textnorm.Text) bool {
	n := t.Len()
	last := 0
	for i := n - 1; i > 0; i-- {
		if t.Brk[i] >= textnorm.SoftBoundary {
			last = i
			break
		}
	}
	if n-last < 3 {
		return false
	}
	for _, r := range t.Fold {
		if r < 0x0600 || r > 0x06FF {
			return false
		}
	}
	return true
}

// inflectedEnd returns the end of an inflected form of an alias that ends
// at end in the text, or end itself when the word does not go on with one
// of the endings and then stop.
func inflectedEnd(t *textnorm.Text, end int) int {
	for _, suf := range inflections {
		e := end + len(suf)
		if e > t.Len() || !slices.Equal(t.Fold[end:e], suf) {
			continue
		}
		inside := true
		for p := end; p < e; p++ {
			if t.Brk[p] != textnorm.NoBoundary {
				inside = false
				break
			}
		}
		if inside && t.EdgeAfter(e) >= textnorm.SoftBoundary {
			return e
		}
	}
	return end
}
