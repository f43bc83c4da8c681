package designation

import (
	"slices"
	"strings"
)

// Roman Urdu has no standard spelling: Tehreek, Tehrik and Tahreek, Umar and
// Umer, Mohammed and Muhammad, Jaish and Jaysh all name the same thing. The
// phonetic key below removes the usual sources of variation:
//
//   - izafat and Arabic-article connectors written as words (-e-, -i-, -ul-,
//     -al-, -ud-, ...) are dropped, and a final e or i joined to a word
//     (Tehreeke, Lashkari) is cut, so "Tehreek-e-Taliban" and
//     "TehreekeTaliban" agree;
//   - ph→f, dh/zh→z, q→k, v→w, ck→k;
//   - long vowels collapse (aa→a, ee→i, oo→u, ou→u), e→a and o→u because
//     Roman Urdu writes the short vowels either way, y→i after the first
//     letter (Jaysh/Jaish), and doubled letters collapse (Tayyiba/Taiba).
//
// kh, gh, sh and ch are kept: they are distinct Urdu letters (خ غ ش چ).

// connectors are the izafat and article particles dropped from the key.
var connectors = map[string]bool{
	"e": true, "i": true, "y": true, "ul": true, "al": true, "el": true, "il": true,
	"ud": true, "ut": true, "ur": true, "us": true, "un": true, "ush": true, "ash": true,
	"ad": true, "ar": true, "as": true, "at": true, "az": true, "uz": true, "an": true,
}

// phoneticToken returns the key of one lower-case Latin token, or "" for a
// connector.
func phoneticToken(tok string) string {
	if connectors[tok] {
		return ""
	}
	if len(tok) >= 4 && (tok[len(tok)-1] == 'e' || tok[len(tok)-1] == 'i') && tok[len(tok)-2] != tok[len(tok)-1] {
		tok = tok[:len(tok)-1]
	}
	var b strings.Builder
	b.Grow(len(tok))
	var last byte
	put := func(c byte) {
		if c != last {
			b.WriteByte(c)
			last = c
		}
	}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		var nx byte
		if i+1 < len(tok) {
			nx = tok[i+1]
		}
		switch {
		case c == 'p' && nx == 'h':
			put('f')
			i++
		case (c == 'd' || c == 'z') && nx == 'h':
			put('z')
			i++
		case c == 'c' && nx == 'k':
			put('k')
			i++
		case c == 'q':
			put('k')
		case c == 'v':
			put('w')
		case c == 'e' && nx == 'e':
			put('i')
			i++
		case c == 'o' && (nx == 'o' || nx == 'u'):
			put('u')
			i++
		case c == 'e':
			put('a')
		case c == 'o':
			put('u')
		case c == 'y' && i > 0:
			put('i')
		default:
			put(c)
		}
	}
	return b.String()
}

// phoneticKey returns the key of a sequence of tokens and the per-token keys
// (connectors removed), for the order-insensitive key.
func phoneticKey(tokens []string) (string, []string) {
	parts := make([]string, 0, len(tokens))
	for _, t := range tokens {
		if k := phoneticToken(t); k != "" {
			parts = append(parts, k)
		}
	}
	return strings.Join(parts, ""), parts
}

// sortedKey is the order-insensitive form of a phonetic key, so that
// "Taliban Tehreek Pakistan" meets "Tehreek-e-Taliban Pakistan".
func sortedKey(parts []string) string {
	s := slices.Clone(parts)
	slices.Sort(s)
	return strings.Join(s, " ")
}

// Transliteration key. Urdu script writes consonants and long vowels; Roman
// Urdu writes consonants and any vowels. Both sides reduce to a consonant
// skeleton in Latin letters: vowels and the semivowels ا و ی ے ع ء (a, w, y)
// are dropped, letters that merge in Urdu pronunciation share one Latin
// letter (ت ط ٹ → t, س ص ث → s, ز ذ ض ظ → z, ح ہ → h, ک ق → k), a word-final
// ہ (a vowel there) is dropped, and doubled letters collapse.
var urduConsonant = map[rune]string{
	'ب': "b", 'پ': "p", 'ت': "t", 'ٹ': "t", 'ط': "t", 'ث': "s", 'س': "s", 'ص': "s",
	'ج': "j", 'چ': "ch", 'ح': "h", 'ہ': "h", 'ھ': "h", 'خ': "kh", 'د': "d", 'ڈ': "d",
	'ذ': "z", 'ز': "z", 'ض': "z", 'ظ': "z", 'ژ': "z", 'ر': "r", 'ڑ': "r", 'ش': "sh",
	'غ': "gh", 'ف': "f", 'ق': "k", 'ک': "k", 'گ': "g", 'ل': "l", 'م': "m", 'ن': "n",
	'ں': "n", 'ټ': "t", 'ډ': "d", 'ړ': "r", 'ښ': "sh", 'ږ': "z", 'ځ': "z", 'څ': "s",
	'ڼ': "n", 'ۃ': "",
}

// translitKey returns the consonant skeleton of tokens written in Latin or
// Arabic script (already normalised and lower-cased).
func translitKey(tokens []string) string {
	var b strings.Builder
	var last byte
	put := func(s string) {
		for i := 0; i < len(s); i++ {
			if s[i] != last {
				b.WriteByte(s[i])
				last = s[i]
			}
		}
	}
	for _, tok := range tokens {
		if tok == "" {
			continue
		}
		if tok[0] < 0x80 {
			p := phoneticToken(tok)
			for i := 0; i < len(p); i++ {
				switch c := p[i]; c {
				case 'a', 'e', 'i', 'o', 'u', 'y', 'w':
				default:
					put(p[i : i+1])
				}
			}
			continue
		}
		rs := []rune(tok)
		for i, r := range rs {
			if (r == 'ہ' || r == 'ھ') && i == len(rs)-1 {
				continue
			}
			put(urduConsonant[r])
		}
	}
	return b.String()
}
