package textnorm

import (
	"unicode/utf8"
)

// Kinds of the previous key position, for camelCase and letter/digit steps.
const (
	kindNone = iota
	kindLower
	kindUpper
	kindDigit
)

// Reset normalises s into t, reusing t's storage. The work is one pass over
// s with a table lookup per rune: linear time, no allocation once t's slices
// have grown to the size of the input.
func (t *Text) Reset(s string) {
	loadTables()
	t.src = s
	n := len(s) + 4
	if cap(t.Key) < n {
		t.Key = make([]rune, n)
		t.Fold = make([]rune, n)
		t.Brk = make([]Boundary, n)
		t.Flags = make([]Flag, n)
		t.Start = make([]int32, n)
	}
	// The builder works on the slices at full capacity and keeps the count
	// apart, so a key position costs five stores and no slice-header
	// updates (which, on the heap-allocated Text, also cost write-barrier
	// checks); profiles showed those headers as a sixth of Reset's time.
	b := builder{st: state{pend: HardBoundary}}
	b.key, b.fold, b.brk = t.Key[:cap(t.Key)], t.Fold[:cap(t.Fold)], t.Brk[:cap(t.Brk)]
	b.flags, b.start = t.Flags[:cap(t.Flags)], t.Start[:cap(t.Start)]
	b.equalise()
	b.run(s)
	t.Key, t.Fold, t.Brk, t.Flags, t.Start = b.key[:b.n], b.fold[:b.n], b.brk[:b.n], b.flags[:b.n], b.start[:b.n]
}

// builder fills the key slices of one Reset. All five slices have the same
// length (their capacity); n key positions are in use.
type builder struct {
	key, fold []rune
	brk       []Boundary
	flags     []Flag
	start     []int32
	n         int
	st        state
}

// equalise cuts the five slices to a common length, so that one bound
// check covers them all.
func (b *builder) equalise() {
	m := min(len(b.key), len(b.fold), len(b.brk), len(b.flags), len(b.start))
	b.key, b.fold, b.brk, b.flags, b.start = b.key[:m], b.fold[:m], b.brk[:m], b.flags[:m], b.start[:m]
}

// grow makes room for at least extra more key positions. It is needed only
// when letters expand (ß, ligatures, NFKC of presentation forms): most
// inputs never have more key positions than bytes.
func (b *builder) grow(extra int) {
	need := b.n + extra
	size := max(need, 2*len(b.key))
	b.key = append(make([]rune, 0, size), b.key[:b.n]...)[:size]
	b.fold = append(make([]rune, 0, size), b.fold[:b.n]...)[:size]
	b.brk = append(make([]Boundary, 0, size), b.brk[:b.n]...)[:size]
	b.flags = append(make([]Flag, 0, size), b.flags[:b.n]...)[:size]
	b.start = append(make([]int32, 0, size), b.start[:b.n]...)[:size]
}

func (b *builder) run(s string) {
	st := &b.st
	idx := lowIndex
	for i := 0; i < len(s); {
		var in *info
		c := s[i]
		r, size := rune(c), 1
		switch {
		case c < utf8.RuneSelf:
			in = &asciiInfo[c]
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			// Two-byte sequences (Arabic script, Cyrillic, Greek, Latin
			// with diacritics) decoded inline: from C2 they are always
			// valid UTF-8 and below U+0800, in the eager table.
			r, size = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
			in = &lowInfos[idx[r]]
		default:
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				in = &hardInfo
			} else {
				in = lookup(r)
			}
		}
		switch in.cls {
		case clsLetter:
			if in.self && in.flags == 0 && !in.digit && st.pend == NoBoundary && st.prev == kindLower {
				// Fast path: a plain letter continuing a lower-case word,
				// the common case in every script.
				// Take the whole run of such letters at once.
				st.upperRun = 0
				if j := b.pushPlainRun(s, i, st.tagFlag); j > i {
					i = j
					continue
				}
				b.push(r, r, st.tagFlag, int32(i), NoBoundary) // a letter of three bytes or more
				break
			}
			b.emit(in, r, int32(i))
			if st.prev == kindLower {
				// The word goes on: take the rest of its run now rather
				// than one loop turn later.
				i = b.pushPlainRun(s, i+size, st.tagFlag)
				continue
			}
		case clsHard:
			b.hard()
		case clsTag:
			b.hard()
			st.setTag(Tag | Hash)
		case clsAt, clsDollar:
			if st.pend == NoBoundary && b.n > 0 {
				// Inside a word: leetspeak for a or s, decided at token end.
				b.push(r, r, st.flags(0), int32(i), NoBoundary)
				st.leet = true
			} else {
				b.hard()
				if in.cls == clsAt {
					st.setTag(Tag)
				}
			}
		case clsJoiner, clsSoft:
			if st.pend < SoftBoundary {
				st.pend = SoftBoundary
			}
		case clsIgnore:
			if st.pend == NoBoundary && b.n > 0 {
				last := b.n - 1
				if c, ok := composeArabic(b.key[last], r); ok {
					b.key[last] = c
					if l, ok := looseArabic[c]; ok {
						b.fold[last] = l
						b.flags[last] |= Loosened
					}
				}
			}
		}
		i += size
	}
	b.endToken()
}

// state is what one pass carries from rune to rune.
type state struct {
	pend      Boundary // strongest separator seen since the last key position
	prev      int      // kind of the last key position
	upperRun  int      // length of the run of upper-case letters just emitted
	tagFlag   Flag     // Tag (and Hash for #) while the current token started with # or @
	tokStart  int      // first key position of the current hard-delimited token
	hasLetter bool     // the current token has a letter (enables leetspeak)
	leet      bool     // the current token has a leetspeak candidate
}

func (st *state) flags(f Flag) Flag { return f | st.tagFlag }

// setTag marks the token that starts now: Tag|Hash after #, Tag after @,
// 0 to clear.
func (st *state) setTag(f Flag) { st.tagFlag = f }

func (b *builder) hard() {
	if b.st.pend != HardBoundary {
		b.endToken()
		b.st.pend = HardBoundary
	}
	b.st.setTag(0)
}

// emit appends the key positions of one letter or digit.
func (b *builder) emit(in *info, r rune, at int32) {
	st := &b.st
	kind := kindLower
	switch {
	case in.digit:
		kind = kindDigit
	case in.flags&Upper != 0:
		kind = kindUpper
	}
	brk := st.pend
	if brk == HardBoundary && b.n > 0 {
		st.tokStart = b.n
	}
	if brk == NoBoundary && b.n > 0 {
		switch {
		case (st.prev == kindDigit) != (kind == kindDigit):
			brk = CaseBoundary
		case st.prev == kindLower && kind == kindUpper:
			brk = CaseBoundary
		case st.prev == kindUpper && kind == kindLower && st.upperRun >= 2:
			// "ISISAttack": the last capital starts the next word.
			if last := b.n - 1; b.brk[last] == NoBoundary {
				b.brk[last] = CaseBoundary
			}
		}
	}
	if kind == kindUpper {
		st.upperRun++
	} else {
		st.upperRun = 0
	}
	if kind != kindDigit {
		st.hasLetter = true
	} else if r < utf8.RuneSelf && leet[r] != 0 || in.key != nil && in.key[0] < utf8.RuneSelf && leet[in.key[0]] != 0 {
		st.leet = true
	}
	st.prev = kind
	st.pend = NoBoundary
	f := st.flags(in.flags)
	if in.self {
		b.push(r, r, f, at, brk)
		return
	}
	for k, c := range in.key {
		b.push(c, in.fold[k], f, at, brk)
		brk = NoBoundary
	}
}

// pushPlainRun appends the run of letters that starts at s[i] and continues
// a lower-case word: ASCII lower-case letters and two-byte lower-case
// letters that give one key position (most of Arabic, Cyrillic and Greek,
// and accented Latin), as runTab describes them. Each takes one key
// position with no boundary and its own flags plus the token's tag flags f,
// exactly what emit would give it after a lower-case letter. It returns the
// offset after the run.
//
// The run also crosses a single space followed by such a letter, which is
// what hard and emit would make of it: the token ends (when it has no
// leetspeak candidate to resolve), and a new untagged token starts with a
// hard boundary. Most words in every script are lower case or caseless,
// so one call takes whole phrases.
func (b *builder) pushPlainRun(s string, i int, f Flag) int {
	j := b.n
	if need := j + len(s) - i; need > len(b.key) {
		// A run of n bytes has at most n letters.
		b.grow(need - j)
	}
	key, fold, brk, flags, start := b.key, b.fold, b.brk, b.flags, b.start
	tab := runTab
	cross := !b.st.leet
	tok := -1 // where the last token the run started begins
	// One bound for all five slices, so the loop body has no bounds checks
	// beyond it.
	n := min(len(key), len(fold), len(brk), len(flags), len(start))
	for i < len(s) && j < n {
		c := s[i]
		var e *runEntry
		size := 1
		switch {
		case c == ' ' && cross && i+1 < len(s):
			at := i + 1
			c = s[at]
			switch {
			case c < utf8.RuneSelf:
				e = &tab[c]
				size = 2
			case c >= 0xC2 && c < 0xE0 && at+1 < len(s) && s[at+1]&0xC0 == 0x80:
				e = &tab[rune(c&0x1F)<<6|rune(s[at+1]&0x3F)]
				size = 3
			default:
				goto done
			}
			if !e.ok {
				goto done
			}
			tok, f = j, 0
			key[j], fold[j], brk[j], flags[j], start[j] = rune(e.key), rune(e.fold), HardBoundary, e.flags, int32(at)
			j++
			i += size
			continue
		case c < utf8.RuneSelf:
			e = &tab[c]
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			// A two-byte sequence from C2 is always valid UTF-8.
			e = &tab[rune(c&0x1F)<<6|rune(s[i+1]&0x3F)]
			size = 2
		default:
			goto done
		}
		if !e.ok {
			goto done
		}
		key[j], fold[j], brk[j], flags[j], start[j] = rune(e.key), rune(e.fold), NoBoundary, e.flags|f, int32(i)
		j++
		i += size
	}
done:
	if tok >= 0 {
		b.st.tokStart, b.st.tagFlag, b.st.hasLetter = tok, 0, true
	}
	b.n = j
	return i
}

func (b *builder) push(key, fold rune, f Flag, at int32, brk Boundary) {
	j := b.n
	if j == 0 {
		brk = HardBoundary
	}
	if j >= len(b.key) {
		b.grow(1)
	}
	b.key[j], b.fold[j], b.brk[j], b.flags[j], b.start[j] = key, fold, brk, f, at
	b.n = j + 1
}

// endToken applies leetspeak to the token that just ended, if it has both a
// letter and a candidate digit or symbol: "7TP" and "T1P" read as letters,
// "2024" stays a number.
func (b *builder) endToken() {
	st := &b.st
	if st.leet && st.hasLetter {
		for p := st.tokStart; p < b.n; p++ {
			if c := b.key[p]; c < utf8.RuneSelf && leet[c] != 0 {
				b.fold[p] = leet[c]
				b.flags[p] |= Leet
			}
		}
	}
	st.leet, st.hasLetter = false, false
	st.tokStart = b.n
}
