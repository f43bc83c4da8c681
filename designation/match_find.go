package designation

import (
	"slices"
	"unicode"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/textnorm"
)

// scratch is per-call working memory, pooled so that Find allocates only
// its result.
type scratch struct {
	t     textnorm.Text
	hits  []acHit
	cands []cand
	ctx   []near // context words and strong alias matches, by group (-1: any)
	negs  []near // negative words, by ambiguity class
	keep  []cand
}

type near struct {
	ref        int32
	start, end int32
}

// cand is a possible mention in key positions.
type cand struct {
	alias      int32
	start, end int32
	method     string
	score      float64
	need       uint8
}

// What a candidate still needs before it is accepted.
const (
	needNothing = iota
	needContext
	needCaseOnly // accepted unless a negative word is near, then needs context
)

// Find returns the mentions of designated entities in text, one per entity
// per span, with byte offsets into text. field is one of the Field
// constants; unknown fields are treated like FieldText.
func (m *Matcher) Find(field, text string) []rampart.Mention {
	sc := m.pool.Get().(*scratch)
	defer m.pool.Put(sc)
	t := &sc.t
	t.Reset(text)
	if t.Len() == 0 {
		return nil
	}
	fk := kindOf(field)
	loose := fk.loose
	sc.hits = m.ac.scan(t.Fold, sc.hits[:0])
	sc.cands, sc.ctx, sc.negs = sc.cands[:0], sc.ctx[:0], sc.negs[:0]
	for _, h := range sc.hits {
		end := int(h.end)
		start := end - int(m.ac.lens[h.pat])
		for _, p := range m.pats[h.pat] {
			switch p.kind {
			case payContext, payNegative:
				if !wordEdges(t, start, end, loose) {
					continue
				}
				n := near{ref: p.ref, start: int32(start), end: int32(end)}
				if p.kind == payContext {
					sc.ctx = append(sc.ctx, n)
				} else {
					sc.negs = append(sc.negs, n)
				}
			case payAlias:
				if c, ok := m.check(t, p.ref, start, end, fk); ok {
					sc.cands = append(sc.cands, c)
				}
			}
		}
	}
	// Unambiguous matches are context for their own group.
	for _, c := range sc.cands {
		if c.need == needNothing {
			sc.ctx = append(sc.ctx, near{ref: m.aliases[c.alias].group, start: c.start, end: c.end})
		}
	}
	kept := sc.cands[:0]
	for _, c := range sc.cands {
		a := &m.aliases[c.alias]
		switch c.need {
		case needContext:
			if !m.isNear(sc.ctx, a.group, true, c) {
				continue
			}
		case needCaseOnly:
			if m.isNear(sc.ctx, a.group, true, c) {
				break
			}
			if a.neg >= 0 && m.isNear(sc.negs, a.neg, false, c) {
				continue
			}
			c.score *= factorCaseOnly
		}
		kept = append(kept, c)
	}
	sc.cands = kept
	if loose && !m.opt.NoFuzzy {
		sc.cands = m.fuzzyCands(t, sc.cands)
	}
	return m.resolve(t, sc)
}

// edgeOK reports whether boundary b may start or end a match. Case steps
// count only in handles, names and hashtags (or a #tag inside text), and
// never for whole-token aliases.
func edgeOK(b textnorm.Boundary, caseOK bool) bool {
	return b >= textnorm.SoftBoundary || (caseOK && b == textnorm.CaseBoundary)
}

// wordEdges checks a context or negative word: it must start a token; words
// of five letters or more may be a prefix of a longer word.
func wordEdges(t *textnorm.Text, start, end int, loose bool) bool {
	if !edgeOK(t.Brk[start], loose || t.Flags[start]&textnorm.Tag != 0) {
		return false
	}
	return end-start >= 5 || edgeOK(t.EdgeAfter(end), loose || t.Flags[end-1]&textnorm.Tag != 0)
}

// fieldKind is what Find knows about the field beyond loose matching.
type fieldKind struct {
	loose bool // handle, name or hashtag: case steps split words, fuzzy matching on
	tag   bool // handle or hashtag: the whole field is one tag
	hash  bool // hashtag: the whole field is a hashtag
}

func kindOf(field string) fieldKind {
	switch field {
	case FieldHashtag:
		return fieldKind{loose: true, tag: true, hash: true}
	case FieldHandle:
		return fieldKind{loose: true, tag: true}
	case FieldName:
		return fieldKind{loose: true}
	}
	return fieldKind{}
}

// check verifies one automaton hit of an alias: token edges, boundaries
// inside, capitals, and works out method and score. The alias occupies
// [start, aend) of the key; an inflected Arabic-script form (match_suffix.go)
// makes the match run on past aend.
func (m *Matcher) check(t *textnorm.Text, ai int32, start, aend int, fk fieldKind) (cand, bool) {
	a := &m.aliases[ai]
	loose := fk.loose
	piece := a.whole && camelPiece(t, a, start, aend, fk.tag)
	caseStart := piece || !a.whole && (loose || t.Flags[start]&textnorm.Tag != 0)
	caseEnd := piece || !a.whole && (loose || t.Flags[aend-1]&textnorm.Tag != 0)
	factor := 1.0
	end := aend
	inflected := false
	if !edgeOK(t.EdgeAfter(aend), caseEnd) && a.inflects {
		end = inflectedEnd(t, aend)
		inflected = end > aend
	}
	if !edgeOK(t.Brk[start], caseStart) || !inflected && !edgeOK(t.EdgeAfter(aend), caseEnd) {
		if !loose || !a.substr {
			return cand{}, false
		}
		factor = factorSubstring
	}
	// A hard boundary inside the match must be one the alias has too, unless
	// the text spells it out letter by letter (T T P).
	spaced := false
	for p := start + 1; p < aend; p++ {
		if t.Brk[p] == textnorm.HardBoundary && a.brk[p-start] == textnorm.NoBoundary {
			spaced = true
			break
		}
	}
	if spaced {
		for p := start + 1; p < aend; p++ {
			if t.Brk[p] == textnorm.NoBoundary {
				return cand{}, false
			}
		}
	}
	c := cand{alias: ai, start: int32(start), end: int32(end)}
	if a.caseSens || a.caseOrCtx {
		asWritten := true
		for p := start; p < aend; p++ {
			if t.Flags[p]&textnorm.Leet != 0 || !unicode.IsLetter(t.Key[p]) {
				continue
			}
			if (t.Flags[p]&textnorm.Upper != 0) != a.upper[p-start] {
				asWritten = false
				break
			}
		}
		switch {
		case a.caseSens && !asWritten:
			return cand{}, false
		case a.caseOrCtx && asWritten:
			c.need = needCaseOnly
		case a.caseOrCtx:
			c.need = needContext
		}
	}
	if a.needsCtx {
		c.need = needContext
	}
	if c.need != needNothing && deliberate(t, a, start, aend, fk.hash) {
		c.need = needCaseOnly
	}
	c.method, c.score = rampart.MethodExact, scoreExact
	skel := false
	for p := start; p < aend; p++ {
		if t.Flags[p]&(textnorm.Compat|textnorm.Confusable|textnorm.Leet) != 0 {
			skel = true
			break
		}
	}
	switch {
	case skel:
		c.method, c.score = rampart.MethodSkeleton, scoreSkeleton
	case inflected || !slices.Equal(t.Key[start:aend], a.key):
		c.method, c.score = rampart.MethodFolded, scoreFolded
	}
	c.score *= factor
	return c, true
}

// isNear reports whether a word of ref (or, when anyGroup, of every group)
// lies within the context window of c without overlapping it.
func (m *Matcher) isNear(words []near, ref int32, anyGroup bool, c cand) bool {
	w := int32(m.opt.ContextWindow)
	for _, n := range words {
		if n.ref != ref && !(anyGroup && n.ref == -1) {
			continue
		}
		if n.end <= c.start && c.start-n.end <= w || n.start >= c.end && n.start-c.end <= w {
			return true
		}
	}
	return false
}

// resolve keeps the longest, then best, candidate where candidates overlap,
// and every entity matched on exactly that span; then maps to byte offsets.
func (m *Matcher) resolve(t *textnorm.Text, sc *scratch) []rampart.Mention {
	if len(sc.cands) == 0 {
		return nil
	}
	slices.SortStableFunc(sc.cands, func(x, y cand) int {
		if d := (y.end - y.start) - (x.end - x.start); d != 0 {
			return int(d)
		}
		if x.score != y.score {
			if x.score > y.score {
				return -1
			}
			return 1
		}
		return int(x.start - y.start)
	})
	keep := sc.keep[:0]
	for _, c := range sc.cands {
		ok := true
		for _, k := range keep {
			if c.start >= k.end || k.start >= c.end {
				continue
			}
			same := c.start == k.start && c.end == k.end
			if !same || m.aliases[c.alias].entity == m.aliases[k.alias].entity {
				ok = false
				break
			}
		}
		if ok {
			keep = append(keep, c)
		}
	}
	sc.keep = keep
	slices.SortStableFunc(keep, func(x, y cand) int { return int(x.start - y.start) })
	out := make([]rampart.Mention, 0, len(keep))
	for _, c := range keep {
		a := &m.aliases[c.alias]
		e := &m.entities[a.entity]
		s, en := t.Span(int(c.start), int(c.end))
		out = append(out, rampart.Mention{
			Entity: e.id, Group: e.group, Alias: a.text,
			Start: s, End: en, Score: c.score, Method: c.method,
		})
	}
	return out
}
