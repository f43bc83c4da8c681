package designation

import "github.com/rampart-tt/rampart/textnorm"

// Deliberate spellings of ambiguous acronyms.
//
// Short acronyms of designated groups (TTP, BLA, BLF, LET, JEM, IMP...) are
// also ordinary words or other abbreviations, so the data (alias_flags.csv)
// and compileAlias make a bare one need a context word of its group, or
// accept it only in its own capitals. Those rules decide the sense of a bare
// token. Some ways of writing an acronym, though, are not how anyone writes
// its other senses: they are chosen, and they name the group by themselves.
// An acronym alias (type acronym, three to six Latin letters) written in one
// of these three ways needs no context word. A negative word of the
// acronym's other senses near it ("degree", "platelet") takes that away
// again, and the match then needs a context word like a bare one (the
// needCaseOnly rule of Find):
//
//  1. Spelled out letter by letter: a dot, hyphen or other joiner between
//     every two letters (T.T.P, t.t.p, B-L-A), or a space between every two
//     capitals (T T P). Lower-case letters spaced out (t t p) do not count:
//     single letters separated by spaces occur in lists and formulas.
//  2. A hashtag that is the acronym and nothing else, in capitals (#TTP,
//     #BLA, or "TTP" in the hashtag field). A lower-case tag (#ttp) or a
//     longer one (#TTPAwarenessDay, #TTP_day) does not count.
//  3. Capitals that imitate Latin ones: letters of another script (Cyrillic
//     ТТР) or compatibility forms (full-width ＴＴＰ, mathematical bold),
//     unless the text is itself written in that script. A Cyrillic, Greek or
//     Armenian letter outside the match that imitates no Latin letter means
//     Russian or Greek text, where the letters are simply a local acronym;
//     a CJK character means East Asian text, where full-width Latin is the
//     normal way to type Latin letters.
//
// Leetspeak is not on the list: "7TP" is also a UK postcode's inward code,
// and digits mixed with capitals are everyday product and part numbers. A
// case-sensitive alias still needs its own capitals (b.l.a is not the BLA),
// and two-letter acronyms (IS, LJ) are never enough on their own: spaced
// pairs of capitals are a person's initials.
//
// Separately, in a hashtag or handle an acronym written in capitals may
// start or end at a camelCase step (#StopTTP, #TTPAttacks), because there
// capitals are how words are separated. That only lets the token be seen;
// it still needs a context word as a bare acronym does, unless rule 2
// applies.

// deliberate reports whether the acronym match [start, end) of a is written
// in one of the three deliberate ways. hashField is true when the whole
// field is a hashtag.
func deliberate(t *textnorm.Text, a *aliasInfo, start, end int, hashField bool) bool {
	if !a.acronym {
		return false
	}
	caps := inCapitals(t, a, start, end)
	spelled, spaced := true, false
	for p := start + 1; p < end; p++ {
		switch t.Brk[p] {
		case textnorm.HardBoundary:
			spaced = true
		case textnorm.SoftBoundary:
		default:
			spelled = false
		}
	}
	if spelled && (caps || !spaced) {
		return true
	}
	if !caps {
		return false
	}
	if (hashField || t.Flags[start]&textnorm.Hash != 0) &&
		t.Brk[start] == textnorm.HardBoundary && t.EdgeAfter(end) == textnorm.HardBoundary {
		return true
	}
	for p := start; p < end; p++ {
		if t.Flags[p]&(textnorm.Compat|textnorm.Confusable) != 0 {
			return !foreignScript(t, start, end)
		}
	}
	return false
}

// inCapitals reports whether every letter of the match is upper case, or
// cased exactly as the alias writes it (JeM).
func inCapitals(t *textnorm.Text, a *aliasInfo, start, end int) bool {
	all, asWritten := true, true
	for p := start; p < end; p++ {
		up := t.Flags[p]&textnorm.Upper != 0
		all = all && up
		asWritten = asWritten && up == a.upper[p-start]
	}
	return all || asWritten
}

// foreignScript reports whether the text outside [start, end) has a letter
// that shows it is written in Cyrillic, Greek or Armenian (a letter of those
// scripts that imitates no Latin one), or in a CJK script.
func foreignScript(t *textnorm.Text, start, end int) bool {
	for p, k := range t.Key {
		if p >= start && p < end {
			continue
		}
		if k >= 0x0370 && k < 0x0590 && t.Flags[p]&textnorm.Confusable == 0 || k >= 0x2E80 {
			return true
		}
	}
	return false
}

// camelPiece reports whether an acronym alias may start or end at a
// camelCase step: inside a hashtag or handle, written in capitals.
func camelPiece(t *textnorm.Text, a *aliasInfo, start, end int, tagField bool) bool {
	if !a.acronym || !(tagField || t.Flags[start]&textnorm.Tag != 0) {
		return false
	}
	for p := start; p < end; p++ {
		if t.Flags[p]&textnorm.Upper == 0 {
			return false
		}
	}
	return true
}
