package account

import (
	"hash/fnv"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// jaroWinkler is the Jaro–Winkler similarity (Winkler 1990) with the usual
// prefix scale 0.1 over at most four runes.
func jaroWinkler(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 && len(rb) == 0 {
		return 1
	}
	if len(ra) == 0 || len(rb) == 0 {
		return 0
	}
	win := max(max(len(ra), len(rb))/2-1, 0)
	ma := make([]bool, len(ra))
	mb := make([]bool, len(rb))
	m := 0
	for i := range ra {
		lo, hi := max(0, i-win), min(len(rb), i+win+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && ra[i] == rb[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	trans, j := 0, 0
	for i := range ra {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if ra[i] != rb[j] {
			trans++
		}
		j++
	}
	fm := float64(m)
	jaro := (fm/float64(len(ra)) + fm/float64(len(rb)) + (fm-float64(trans)/2)/fm) / 3
	prefix := 0
	for prefix < min(4, len(ra), len(rb)) && ra[prefix] == rb[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// osaDistance is the optimal-string-alignment form of the
// Damerau–Levenshtein distance: insertions, deletions, substitutions and
// transpositions of adjacent runes, each substring edited once.
func osaDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// handleParts splits a lower-cased handle into a stem and a trailing
// number, dropping separators between them: umar_media_3 → (umar_media, 3).
func handleParts(h string) (stem string, num int, hasNum bool) {
	h = strings.ToLower(h)
	end := len(h)
	for end > 0 && h[end-1] >= '0' && h[end-1] <= '9' {
		end--
	}
	if end < len(h) && len(h)-end <= 9 {
		n, err := strconv.Atoi(h[end:])
		if err == nil {
			num, hasNum = n, true
		}
	} else {
		end = len(h)
	}
	stem = strings.TrimRight(h[:end], "_.-")
	return stem, num, hasNum
}

// normName folds a display name for comparison: lower case, letters only,
// with bracketed asides such as "(backup)" or "(new)" and digits removed.
func normName(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '(' || r == '[':
			depth++
		case r == ')' || r == ']':
			depth = max(depth-1, 0)
		case depth > 0:
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '_' || r == '.' || r == '-':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ')
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// ngrams returns the distinct rune n-grams of s (s itself when shorter).
func ngrams(s string, n int) []string {
	rs := []rune(s)
	if len(rs) == 0 {
		return nil
	}
	if len(rs) <= n {
		return []string{s}
	}
	seen := map[string]bool{}
	var out []string
	for i := 0; i+n <= len(rs); i++ {
		g := string(rs[i : i+n])
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// minHashSize is the number of hash functions of a bio signature, read as
// 16 bands of 4 rows for blocking.
const (
	minHashSize = 64
	minHashRows = 4
)

// minHash is a MinHash signature (Broder 1997) of the rune 4-shingles of a
// normalised text: the fraction of equal slots estimates Jaccard similarity.
// Slot k hashes a shingle with FNV-1a mixed with a per-slot seed.
func minHash(text string) []uint64 {
	sh := ngrams(normText(text), 4)
	if len(sh) == 0 {
		return nil
	}
	sig := make([]uint64, minHashSize)
	for k := range sig {
		sig[k] = math.MaxUint64
	}
	for _, s := range sh {
		h := fnv.New64a()
		h.Write([]byte(s))
		base := h.Sum64()
		for k := range sig {
			v := mix64(base ^ (uint64(k+1) * 0x9e3779b97f4a7c15))
			if v < sig[k] {
				sig[k] = v
			}
		}
	}
	return sig
}

// mix64 is the splitmix64 finaliser (Steele, Lea & Flood 2014).
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func minHashSim(a, b []uint64) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// styleProfile is the relative frequency of character 3-grams over an
// account's normalised post texts, L2-normalised, for cosine similarity
// (character n-gram stylometry; Stamatatos, "A survey of modern authorship
// attribution methods", JASIST 2009).
func styleProfile(posts []string) map[string]float64 {
	m := map[string]float64{}
	for _, p := range posts {
		rs := []rune(normText(p))
		for i := 0; i+3 <= len(rs); i++ {
			m[string(rs[i:i+3])]++
		}
	}
	norm := 0.0
	for _, v := range m {
		norm += v * v
	}
	if norm == 0 {
		return nil
	}
	norm = math.Sqrt(norm)
	for k := range m {
		m[k] /= norm
	}
	return m
}

func cosine(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	s := 0.0
	for k, v := range a {
		s += v * b[k]
	}
	return s
}
