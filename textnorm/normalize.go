package textnorm

import (
	"slices"
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
		t.Key = make([]rune, 0, n)
		t.Fold = make([]rune, 0, n)
		t.Brk = make([]Boundary, 0, n)
		t.Flags = make([]Flag, 0, n)
		t.Start = make([]int32, 0, n)
	}
	t.Key, t.Fold, t.Brk, t.Flags, t.Start = t.Key[:0], t.Fold[:0], t.Brk[:0], t.Flags[:0], t.Start[:0]

	st := state{pend: HardBoundary}
	for i := 0; i < len(s); {
		var in *info
		r, size := rune(s[i]), 1
		if r < utf8.RuneSelf {
			in = &asciiInfo[r]
		} else {
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
				if j := t.pushPlainRun(s, i, st.tagFlag); j > i {
					i = j
					continue
				}
				t.push(&st, r, r, st.tagFlag, int32(i), NoBoundary) // a letter of three bytes or more
				break
			}
			t.emit(&st, in, r, int32(i))
		case clsHard:
			t.hard(&st)
		case clsTag:
			t.hard(&st)
			st.setTag(Tag | Hash)
		case clsAt, clsDollar:
			if st.pend == NoBoundary && len(t.Key) > 0 {
				// Inside a word: leetspeak for a or s, decided at token end.
				t.push(&st, r, r, st.flags(0), int32(i), NoBoundary)
				st.leet = true
			} else {
				t.hard(&st)
				if in.cls == clsAt {
					st.setTag(Tag)
				}
			}
		case clsJoiner, clsSoft:
			if st.pend < SoftBoundary {
				st.pend = SoftBoundary
			}
		case clsIgnore:
			if st.pend == NoBoundary && len(t.Key) > 0 {
				last := len(t.Key) - 1
				if c, ok := composeArabic(t.Key[last], r); ok {
					t.Key[last] = c
					if l, ok := looseArabic[c]; ok {
						t.Fold[last] = l
						t.Flags[last] |= Loosened
					}
				}
			}
		}
		i += size
	}
	t.endToken(&st)
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

func (t *Text) hard(st *state) {
	if st.pend != HardBoundary {
		t.endToken(st)
		st.pend = HardBoundary
	}
	st.setTag(0)
}

// emit appends the key positions of one letter or digit.
func (t *Text) emit(st *state, in *info, r rune, at int32) {
	kind := kindLower
	switch {
	case in.digit:
		kind = kindDigit
	case in.flags&Upper != 0:
		kind = kindUpper
	}
	brk := st.pend
	if brk == HardBoundary && len(t.Key) > 0 {
		st.tokStart = len(t.Key)
	}
	if brk == NoBoundary && len(t.Key) > 0 {
		switch {
		case (st.prev == kindDigit) != (kind == kindDigit):
			brk = CaseBoundary
		case st.prev == kindLower && kind == kindUpper:
			brk = CaseBoundary
		case st.prev == kindUpper && kind == kindLower && st.upperRun >= 2:
			// "ISISAttack": the last capital starts the next word.
			if last := len(t.Key) - 1; t.Brk[last] == NoBoundary {
				t.Brk[last] = CaseBoundary
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
		t.push(st, r, r, f, at, brk)
		return
	}
	for k, c := range in.key {
		t.push(st, c, in.fold[k], f, at, brk)
		brk = NoBoundary
	}
}

// pushPlainRun appends the run of plain letters that starts at s[i] and
// continues a word: ASCII lower-case letters and two-byte letters that
// stand for themselves with no flags (most of Arabic, Cyrillic and Greek
// lower case). Each takes one key position with no boundary and the
// token's tag flags f. It returns the offset after the run. The slices are
// written in place: a run of n bytes has at most n letters.
func (t *Text) pushPlainRun(s string, i int, f Flag) int {
	k := len(t.Key)
	if need := k + len(s) - i; need > cap(t.Key) || need > cap(t.Fold) || need > cap(t.Brk) ||
		need > cap(t.Flags) || need > cap(t.Start) {
		t.Key, t.Fold = slices.Grow(t.Key, need-k), slices.Grow(t.Fold, need-k)
		t.Brk, t.Flags, t.Start = slices.Grow(t.Brk, need-k), slices.Grow(t.Flags, need-k), slices.Grow(t.Start, need-k)
	}
	key, fold, brk := t.Key[:cap(t.Key)], t.Fold[:cap(t.Fold)], t.Brk[:cap(t.Brk)]
	flags, start := t.Flags[:cap(t.Flags)], t.Start[:cap(t.Start)]
	idx := bmpIndex
	j := k
	// One bound for all five slices, so the loop body has no bounds checks
	// beyond it.
	n := min(len(key), len(fold), len(brk), len(flags), len(start))
	key, fold, brk, flags, start = key[:n], fold[:n], brk[:n], flags[:n], start[:n]
	for i < len(s) && j < n {
		b := s[i]
		var r rune
		size := 1
		switch {
		case b < utf8.RuneSelf:
			if b-'a' >= 26 {
				goto done
			}
			r = rune(b)
		case b >= 0xC2 && b < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			// A two-byte sequence from C2 is always valid UTF-8.
			r = rune(b&0x1F)<<6 | rune(s[i+1]&0x3F)
			if idx[r] != plainLetter {
				goto done
			}
			size = 2
		default:
			goto done
		}
		key[j], fold[j], brk[j], flags[j], start[j] = r, r, NoBoundary, f, int32(i)
		j++
		i += size
	}
done:
	t.Key, t.Fold, t.Brk, t.Flags, t.Start = key[:j], fold[:j], brk[:j], flags[:j], start[:j]
	return i
}

func (t *Text) push(st *state, key, fold rune, f Flag, at int32, brk Boundary) {
	if len(t.Key) == 0 {
		brk = HardBoundary
	}
	t.Key = append(t.Key, key)
	t.Fold = append(t.Fold, fold)
	t.Brk = append(t.Brk, brk)
	t.Flags = append(t.Flags, f)
	t.Start = append(t.Start, at)
}

// endToken applies leetspeak to the token that just ended, if it has both a
// letter and a candidate digit or symbol: "7TP" and "T1P" read as letters,
// "2024" stays a number.
func (t *Text) endToken(st *state) {
	if st.leet && st.hasLetter {
		for p := st.tokStart; p < len(t.Key); p++ {
			if c := t.Key[p]; c < utf8.RuneSelf && leet[c] != 0 {
				t.Fold[p] = leet[c]
				t.Flags[p] |= Leet
			}
		}
	}
	st.leet, st.hasLetter = false, false
	st.tokStart = len(t.Key)
}
