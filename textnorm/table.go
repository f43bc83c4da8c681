package textnorm

import (
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// class is what a source rune does in the key.
type class uint8

const (
	clsHard   class = iota // whitespace, punctuation, symbols: hard boundary
	clsLetter              // letters and digits: emitted into the key
	clsIgnore              // combining marks and tatweel: dropped, no boundary
	clsSoft                // zero-width and bidi controls: soft boundary
	clsJoiner              // - . _ and similar: soft between letters, else hard
	clsTag                 // # starts a hashtag token
	clsAt                  // @ starts a handle, or is leetspeak for a inside a word
	clsDollar              // $ is leetspeak for s inside a word, else hard
)

// info describes one source rune. For letters, key and fold hold the runes
// it contributes (usually one; ß gives two); self means the rune stands for
// itself in both keys, which lets all unchanged letters share one entry.
type info struct {
	cls   class
	flags Flag
	self  bool
	key   []rune
	fold  []rune
	digit bool // a decimal digit (eligible for leetspeak)
}

// plainLetter is the index in lowInfos of selfInfo: a letter that stands
// for itself in both keys with no flags.
const plainLetter = 1

var (
	tableOnce sync.Once
	lowIndex  *[0x800]uint16 // rune below U+0800 → index in lowInfos
	lowInfos  []info
	asciiInfo [128]info
	selfInfo  = info{cls: clsLetter, self: true}
	runTab    *[0x800]runEntry
	hardInfo  = info{cls: clsHard}
)

// loadTables builds, on first use, the tables for runes below U+0800
// (Latin, Greek, Cyrillic, Arabic script: the runes Reset decodes inline).
// The rest of the Basic Multilingual Plane is described page by page, as
// its runes are first seen (see pageOf): building the whole plane up front
// took about 0.07 s of CPU (a profile of 30 start-ups), half of `rampart
// match`'s start-up, and most texts touch only a few pages above U+0800.
func loadTables() {
	tableOnce.Do(func() {
		idx := new([0x800]uint16)
		seen := map[string]uint16{}
		ins := []info{hardInfo, selfInfo}
		for r := rune(0); r < 0x800; r++ {
			in := computeInfo(r)
			switch {
			case in.cls == clsHard:
				idx[r] = 0
				continue
			case in.cls == clsLetter && in.self && in.flags == 0 && !in.digit:
				idx[r] = plainLetter
				continue
			}
			k := infoKey(in)
			i, ok := seen[k]
			if !ok {
				i = uint16(len(ins))
				ins = append(ins, in)
				seen[k] = i
			}
			idx[r] = i
		}
		for r := rune(0); r < 128; r++ {
			asciiInfo[r] = ins[idx[r]]
		}
		rt := new([0x800]runEntry)
		for r := rune(0); r < 0x800; r++ {
			rt[r] = newRunEntry(r, &ins[idx[r]])
		}
		lowIndex, lowInfos, runTab = idx, ins, rt
	})
}

// bmpPage describes 256 runes of the Basic Multilingual Plane above U+0800.
type bmpPage [256]*info

var (
	pages   [0x100]atomic.Pointer[bmpPage] // by rune >> 8; nil until first use
	pagesMu sync.Mutex                     // serialises building pages
	// pageInfos shares one info between the runes, on any page, that are
	// keyed alike (most letters of a script stand for themselves). Guarded
	// by pagesMu.
	pageInfos = map[string]*info{}
)

// pageOf returns the page of runes that holds r (U+0800 to U+FFFF),
// building it on first use. Concurrent Resets may ask for the same page at
// once; one builds it, the others wait for it.
func pageOf(r rune) *bmpPage {
	n := r >> 8
	if p := pages[n].Load(); p != nil {
		return p
	}
	pagesMu.Lock()
	defer pagesMu.Unlock()
	if p := pages[n].Load(); p != nil {
		return p
	}
	p := new(bmpPage)
	for i := range p {
		c := n<<8 | rune(i)
		if c >= 0xD800 && c < 0xE000 {
			p[i] = &hardInfo // surrogates never decode
			continue
		}
		in := computeInfo(c)
		switch {
		case in.cls == clsHard:
			p[i] = &hardInfo
			continue
		case in.cls == clsLetter && in.self && in.flags == 0 && !in.digit:
			p[i] = &selfInfo
			continue
		}
		k := infoKey(in)
		q, ok := pageInfos[k]
		if !ok {
			q = &in
			pageInfos[k] = q
		}
		p[i] = q
	}
	pages[n].Store(p)
	return p
}

// runEntry is how a rune below U+0800 continues a lower-case word, for
// Reset's run loop: ok when it is a lower-case letter (not a digit) that
// gives exactly one key position, whose key and fold runes are key and
// fold. Such a letter inside a word gets no boundary and only its own flags,
// so the run loop can write it without the per-letter case logic of emit.
// Six bytes an entry keep the table (12 KiB) in the first-level cache.
type runEntry struct {
	key, fold uint16
	flags     Flag
	ok        bool
}

func newRunEntry(r rune, in *info) runEntry {
	if in.cls != clsLetter || in.digit || in.flags&Upper != 0 {
		return runEntry{}
	}
	if in.self {
		return runEntry{key: uint16(r), fold: uint16(r), flags: in.flags, ok: true}
	}
	if len(in.key) != 1 || len(in.fold) != 1 || in.key[0] > 0xFFFF || in.fold[0] > 0xFFFF {
		return runEntry{}
	}
	return runEntry{key: uint16(in.key[0]), fold: uint16(in.fold[0]), flags: in.flags, ok: true}
}

func infoKey(in info) string {
	b := []byte{byte(in.cls), byte(in.flags), b2u(in.self), b2u(in.digit), 0}
	b = utf8.AppendRune(b, rune(len(in.key)))
	for _, r := range in.key {
		b = utf8.AppendRune(b, r)
	}
	for _, r := range in.fold {
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// lookup returns the description of a rune outside ASCII.
func lookup(r rune) *info {
	if r < 0x800 {
		return &lowInfos[lowIndex[r]]
	}
	if r < 0x10000 {
		return pageOf(r)[r&0xFF]
	}
	// Astral runes: mathematical alphanumerics and enclosed letters are the
	// look-alikes that matter; they are rare, so compute them when seen.
	if (r >= 0x1D400 && r <= 0x1D7FF) || (r >= 0x1F100 && r <= 0x1F1FF) {
		if in, ok := astral.Load(r); ok {
			return in.(*info)
		}
		in := computeInfo(r)
		astral.Store(r, &in)
		return &in
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return &selfInfo
	}
	if unicode.Is(unicode.Cf, r) {
		return &softInfo
	}
	return &hardInfo
}

var (
	astral   sync.Map // rune → *info, bounded by the two ranges above
	softInfo = info{cls: clsSoft}
)

// computeInfo derives how a rune is keyed: NFKC, then Arabic folding, then
// canonical decomposition with the marks dropped (Latin accents), then lower
// case. Confusables are looked up on the NFKC form before case folding.
func computeInfo(r rune) info {
	switch r {
	case '#':
		return info{cls: clsTag}
	case '@':
		return info{cls: clsAt}
	case '$':
		return info{cls: clsDollar}
	case '-', '.', '_', '\u00B7', '\u2010', '\u2011', '\u2027', '\u30FB',
		// Apostrophes join like a hyphen, so that "TTP's" still ends a token
		// at "TTP" while "Jama'at" and "Jamaat" give the same key.
		'\'', '`', '\u00B4', '\u2018', '\u2019', '\u02BC', '\u02BB':
		return info{cls: clsJoiner}
	case '\u0640': // tatweel stretches a word; it is not a separator
		return info{cls: clsIgnore}
	case '\u00AD': // soft hyphen
		return info{cls: clsSoft}
	}
	if d, ok := digitValue(r); ok {
		if d == r {
			return info{cls: clsLetter, self: true, digit: true}
		}
		return info{cls: clsLetter, key: []rune{d}, fold: []rune{d}, digit: true}
	}
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc):
		return info{cls: clsIgnore}
	case unicode.Is(unicode.Cf, r):
		return info{cls: clsSoft}
	case !unicode.IsLetter(r) && !unicode.IsNumber(r):
		return info{cls: clsHard}
	}
	var flags Flag
	if unicode.IsUpper(r) || unicode.IsTitle(r) {
		flags |= Upper
	}
	src := string(r)
	nfkc := norm.NFKC.String(src)
	if nfkc != src {
		flags |= Compat
	}
	var key, fold []rune
	for _, c := range nfkc {
		if c == ' ' {
			// Multi-word compatibility forms (ﷺ) keep no separator in the
			// compact key; they are rare and read as one word.
			continue
		}
		if d, ok := digitValue(c); ok {
			key, fold = append(key, d), append(fold, d)
			continue
		}
		if !unicode.IsLetter(c) && !unicode.IsNumber(c) {
			continue
		}
		if unicode.IsNumber(c) {
			d := otherDigit(c)
			key, fold = append(key, d), append(fold, d)
			continue
		}
		if a, ok := exactArabic[c]; ok {
			c = a
		}
		if _, ok := looseArabic[c]; ok || (c >= 0x0600 && c <= 0x06FF) {
			key = append(key, c)
			if l, ok := looseArabic[c]; ok {
				fold = append(fold, l)
				flags |= Loosened
			} else {
				fold = append(fold, c)
			}
			continue
		}
		if s, ok := latinExpand[c]; ok {
			for _, x := range s {
				key, fold = append(key, x), append(fold, x)
			}
			continue
		}
		skel, isConf := confusable[c]
		for _, x := range norm.NFD.String(string(c)) {
			if unicode.In(x, unicode.Mn, unicode.Me, unicode.Mc) {
				continue
			}
			x = unicode.ToLower(x)
			key = append(key, x)
			if isConf {
				fold = append(fold, skel)
				isConf = false
				flags |= Confusable
			} else {
				fold = append(fold, x)
			}
		}
	}
	if len(key) == 0 {
		return info{cls: clsIgnore}
	}
	if len(key) == 1 && key[0] == r && fold[0] == r {
		return info{cls: clsLetter, self: true, flags: flags}
	}
	return info{cls: clsLetter, key: key, fold: fold, flags: flags}
}

// otherDigit reads a numeric character that is not a decimal digit of a
// known block: a decimal digit by its place in its run of ten, anything else
// (Roman numerals, fractions) as itself.
func otherDigit(c rune) rune {
	if !unicode.IsDigit(c) {
		return unicode.ToLower(c)
	}
	start := c
	for start > 0 && unicode.IsDigit(start-1) && c-start < 9 {
		start--
	}
	return '0' + (c-start)%10
}
