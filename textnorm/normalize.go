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
				st.upperRun = 0
				t.push(&st, r, r, st.tagFlag, int32(i), NoBoundary)
				break
			}
			t.emit(&st, in, r, int32(i))
		case clsHard:
			t.hard(&st)
		case clsTag:
			t.hard(&st)
			st.setTag(true)
		case clsAt, clsDollar:
			if st.pend == NoBoundary && len(t.Key) > 0 {
				// Inside a word: leetspeak for a or s, decided at token end.
				t.push(&st, r, r, st.flags(0), int32(i), NoBoundary)
				st.leet = true
			} else {
				t.hard(&st)
				st.setTag(in.cls == clsAt)
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
	tag       bool     // current token started with # or @
	tagFlag   Flag     // Tag when tag is set
	tokStart  int      // first key position of the current hard-delimited token
	hasLetter bool     // the current token has a letter (enables leetspeak)
	leet      bool     // the current token has a leetspeak candidate
}

func (st *state) flags(f Flag) Flag { return f | st.tagFlag }

func (st *state) setTag(on bool) {
	st.tag = on
	st.tagFlag = 0
	if on {
		st.tagFlag = Tag
	}
}

func (t *Text) hard(st *state) {
	if st.pend != HardBoundary {
		t.endToken(st)
		st.pend = HardBoundary
	}
	st.setTag(false)
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
