package designation

import (
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/textnorm"
)

// fuzzyCands adds phonetic, transliteration and fuzzy candidates for short
// fields (handles, names, hashtags). It looks at windows of consecutive
// tokens (split at every boundary, camelCase included) that no exact match
// already covers, and compares their keys with the alias indexes built by
// indexFuzzy.
func (m *Matcher) fuzzyCands(t *textnorm.Text, cands []cand) []cand {
	var starts []int
	for i := 0; i < t.Len(); i++ {
		if t.Brk[i] != textnorm.NoBoundary {
			starts = append(starts, i)
		}
	}
	starts = append(starts, t.Len())
	// Names, handles and hashtags are short; a long field gets loose
	// matching on its first maxFuzzyTokens tokens only, which bounds the cost.
	if len(starts) > maxFuzzyTokens+1 {
		starts = starts[:maxFuzzyTokens+1]
	}
	covered := func(s, e int) bool {
		for _, c := range cands {
			if int(c.start) < e && s < int(c.end) {
				return true
			}
		}
		return false
	}
	exact := len(cands)
	add := func(ids []int32, s, e int, method string, score float64) {
		for _, id := range ids {
			cands = append(cands, cand{alias: id, start: int32(s), end: int32(e), method: method, score: score})
		}
	}
	maxTok := min(m.maxTok+1, 8)
	for i := 0; i+1 < len(starts); i++ {
		for k := 1; k <= maxTok && i+k < len(starts); k++ {
			s, e := starts[i], starts[i+k]
			if covered(s, e) && exact > 0 {
				break
			}
			toks := tokensOf(t, s, e)
			latin, arabic := scriptOf(t.Fold[s:e])
			switch {
			case latin:
				phon, parts := phoneticKey(toks)
				if len(phon) < 5 {
					continue
				}
				if ids, ok := m.phon[phon]; ok {
					add(ids, s, e, rampart.MethodPhonetic, scorePhonetic)
					continue
				}
				if len(parts) >= 3 {
					if ids, ok := m.sorted[sortedKey(parts)]; ok {
						add(ids, s, e, rampart.MethodPhonetic, scoreReordered)
						continue
					}
				}
				if ids, ok := m.translit[scriptTag(false)+translitKey(toks)]; ok && len(phon) >= 6 {
					add(ids, s, e, rampart.MethodPhonetic, scoreReordered)
					continue
				}
				if len(phon) >= 6 {
					cands = m.fuzzyLookup(phon, s, e, cands)
				}
			case arabic:
				if tk := translitKey(toks); len(tk) >= 5 {
					add(m.translit[scriptTag(true)+tk], s, e, rampart.MethodPhonetic, scoreReordered)
				}
			}
		}
	}
	return cands
}

const maxFuzzyTokens = 24

// fuzzyLookup compares a phonetic key with the aliases sharing its first
// letter: one edit allowed under ten letters, two from ten.
func (m *Matcher) fuzzyLookup(phon string, s, e int, cands []cand) []cand {
	limit := 1
	if len(phon) >= 10 {
		limit = 2
	}
	for _, id := range m.fuzzy[phon[0]] {
		a := &m.aliases[id]
		d := osaDistance(phon, a.phon, limit)
		if d > limit {
			continue
		}
		sim := similarity(d, len(phon), len(a.phon))
		if sim < m.opt.MinSimilarity {
			continue
		}
		cands = append(cands, cand{alias: id, start: int32(s), end: int32(e),
			method: rampart.MethodFuzzy, score: scoreFuzzyMax * sim})
	}
	return cands
}

// scriptOf reports whether a key range is all ASCII or all Arabic script.
func scriptOf(rs []rune) (latin, arabic bool) {
	latin, arabic = true, true
	for _, r := range rs {
		if r >= 0x80 {
			latin = false
		}
		if r < 0x0600 || r > 0x06FF {
			arabic = false
		}
	}
	return latin, arabic
}
