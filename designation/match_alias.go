package designation

import (
	"strings"
	"unicode"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/textnorm"
)

// aliasInfo is one compiled alias.
type aliasInfo struct {
	entity, group int32
	text          string
	key, fold     []rune
	brk           []textnorm.Boundary
	upper         []bool
	tokens        int
	latin         bool // every key rune is an ASCII letter or digit
	// Effective flags: the alias's own, plus what the matcher infers for
	// short and common-word acronyms (see compileAlias).
	whole    bool
	caseSens bool // must be written in the alias's own capitals
	needsCtx bool // needs a context word of its group near
	// caseOrCtx: inferred ambiguity; accepted when written in its own
	// capitals with no negative word near, or with a context word near.
	caseOrCtx bool
	neg       int32 // negative-context class, or -1
	substr    bool  // may match inside a longer handle or hashtag word
	// acronym: an alias of type acronym of three to six Latin letters.
	// Deliberate spellings of it (see match_acronym.go) are accepted
	// without a context word.
	acronym bool
	// inflects: Arabic-script alias whose last word may carry a plural or
	// oblique ending (see match_suffix.go).
	inflects bool
	phon     string
	fuzzy    bool // eligible for fuzzy and phonetic matching
}

// compileAlias fills an aliasInfo and infers ambiguity flags the data may
// lack. Inference, for a Latin-script single-token alias of letters:
//
//   - four letters or fewer and written as an acronym (alias type acronym,
//     or two or more capitals): whole token;
//   - two letters or fewer (IS): needs a context word;
//   - three letters, or a common word or abbreviation (let, isis, jam, bla,
//     imp, jem, ttp...): matches as written in the alias's own capitals, or
//     with a context word near; a word of another sense near (BLA degree)
//     takes away the first way.
//
// Multi-word names and Arabic-script names need no context.
func compileAlias(ei, gi int32, a rampart.Alias, t *textnorm.Text) aliasInfo {
	info := aliasInfo{
		entity: ei, group: gi, text: a.Text,
		key: clone(t.Key), fold: clone(t.Fold), brk: append([]textnorm.Boundary(nil), t.Brk...),
		whole: a.WholeToken, caseSens: a.CaseSensitive, needsCtx: a.NeedsContext,
		tokens: 1, latin: true, neg: -1,
	}
	info.upper = make([]bool, t.Len())
	for i, f := range t.Flags {
		info.upper[i] = f&textnorm.Upper != 0
	}
	letters := true
	for i, r := range t.Fold {
		if i > 0 && t.Brk[i] >= textnorm.SoftBoundary {
			info.tokens++
		}
		if r >= 0x80 {
			info.latin = false
		}
		if !unicode.IsLetter(r) {
			letters = false
		}
	}
	n := t.Len()
	capitals := 0
	for _, u := range info.upper {
		if u {
			capitals++
		}
	}
	info.acronym = info.latin && letters && n >= 3 && n <= 6 && a.Type == rampart.AliasAcronym
	info.inflects = inflectable(t)
	if info.latin && letters && info.tokens == 1 {
		key := string(info.fold)
		acronym := a.Type == rampart.AliasAcronym || capitals >= 2
		if (acronym && n <= 4) || commonWords[key] {
			info.whole = true
			switch {
			case n <= 2:
				info.needsCtx = true
			case n <= 3 || commonWords[key]:
				info.caseOrCtx = !info.needsCtx && !info.caseSens
			}
		}
	}
	info.substr = info.latin && !info.whole && !info.needsCtx && !info.caseOrCtx && n >= 8
	return info
}

func clone(r []rune) []rune { return append([]rune(nil), r...) }

// tokensOf splits a normalised text at every boundary (hard, soft and case)
// into strings of the loose key.
func tokensOf(t *textnorm.Text, from, to int) []string {
	var out []string
	start := from
	for i := from + 1; i <= to; i++ {
		if i == to || t.Brk[i] != textnorm.NoBoundary {
			out = append(out, string(t.Fold[start:i]))
			start = i
		}
	}
	return out
}

// indexFuzzy records the phonetic, order-insensitive and transliteration
// keys of an alias that is safe for loose matching: not an acronym, not
// ambiguous, and long enough that a one-letter slip is not another word.
func (m *Matcher) indexFuzzy(idx int32, info *aliasInfo, t *textnorm.Text) {
	if info.whole || info.needsCtx || info.caseOrCtx || info.caseSens {
		return
	}
	toks := tokensOf(t, 0, t.Len())
	if info.latin {
		phon, parts := phoneticKey(toks)
		if len(phon) >= 5 {
			m.phon[phon] = appendOnce(m.phon[phon], idx)
		}
		if len(parts) >= 3 {
			k := sortedKey(parts)
			m.sorted[k] = appendOnce(m.sorted[k], idx)
		}
		if len(phon) >= 6 {
			info.phon, info.fuzzy = phon, true
			m.fuzzy[phon[0]] = appendOnce(m.fuzzy[phon[0]], idx)
		}
	}
	if tk := translitKey(toks); len(tk) >= 5 {
		k := scriptTag(info.latin) + tk
		m.translit[k] = appendOnce(m.translit[k], idx)
	}
}

// scriptTag keeps transliteration matches across scripts only: a Latin
// window looks up Arabic-script aliases and the other way round.
func scriptTag(latin bool) string {
	if latin {
		return "L:"
	}
	return "A:"
}

func appendOnce(s []int32, v int32) []int32 {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// stopWords are name words too generic to be context for one group.
var stopWords = map[string]bool{
	"islamic": true, "islami": true, "state": true, "front": true, "group": true,
	"movement": true, "liberation": true, "foundation": true, "organisation": true,
	"organization": true, "welfare": true, "trust": true, "international": true,
	"national": true, "students": true, "student": true, "force": true, "party": true,
	"brigade": true, "media": true, "official": true, "people": true, "peoples": true,
	"committee": true, "council": true, "network": true, "province": true, "society": true,
	"army": true, "jamaat": true, "tehreek": true, "tehrik": true, "pakistan": true,
	"pakistani": true, "mujahideen": true, "lashkar": true, "jaish": true,
}

// nameWords returns the words of an entity's name and strong name aliases
// that serve as context for its group: five letters or more in Latin, four
// or more in Arabic script, not in stopWords.
func nameWords(e rampart.Entity) []string {
	texts := []string{e.Name}
	for _, a := range e.Aliases {
		if !a.Weak && a.Type != rampart.AliasAcronym && a.Type != rampart.AliasHandle {
			texts = append(texts, a.Text)
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, s := range texts {
		t := textnorm.Normalize(s)
		for _, w := range strings.Fields(boundaryMarks.Replace(t.FoldString())) {
			rs := []rune(w)
			minLen := 5
			if len(rs) > 0 && rs[0] >= 0x80 {
				minLen = 4
			}
			if len(rs) < minLen || stopWords[w] || seen[w] || allDigits(w) {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// boundaryMarks turns FoldString's soft boundaries into spaces and drops its
// case steps. It is built once: a Replacer per entity had been a twentieth
// of start-up.
var boundaryMarks = strings.NewReplacer("|", " ", "^", "")

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
