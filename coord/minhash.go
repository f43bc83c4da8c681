package coord

import (
	"slices"
	"strings"

	"github.com/rampart-tt/rampart/textnorm"
)

// Near-identical text is found by MinHash with LSH banding (Broder 1997;
// Leskovec, Rajaraman and Ullman, Mining of Massive Datasets, ch. 3): a text
// becomes the set of its character 5-grams; mhBands×mhRows min-hashes are
// grouped into bands, and two texts whose min-hashes agree on a whole band
// share a bucket. With 10 bands of 5 rows a pair at Jaccard 0.8 shares a
// bucket with probability 1-(1-0.8^5)^10 ≈ 0.98, at 0.5 with ≈ 0.27; every
// candidate is then verified by exact Jaccard on the 5-gram sets.
const (
	mhBands   = 10
	mhRows    = 5
	shingleK  = 5
	maxTextRn = 1000 // longer texts are cut: enough to tell copies apart
)

// mhMul and mhAdd define the hash family h_i(x) = mul_i*x + add_i (mod 2^64)
// applied to a 64-bit shingle hash; odd multipliers make each a bijection.
var mhMul, mhAdd = func() (m, a [mhBands * mhRows]uint64) {
	x := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 { // splitmix64 (Steele, Lea and Flood 2014)
		x += 0x9E3779B97F4A7C15
		z := x
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		return z ^ (z >> 31)
	}
	for i := range m {
		m[i], a[i] = next()|1, next()
	}
	return
}()

// normText returns the normalised text used for shingling: textnorm's exact
// key with a space at every hard boundary, so that words stay apart.
func normText(s string) string {
	t := textnorm.Normalize(s)
	var b strings.Builder
	for i, r := range t.Key {
		if i >= maxTextRn {
			break
		}
		if i > 0 && t.Brk[i] == textnorm.HardBoundary {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// shingles returns the sorted distinct hashes of the text's character
// k-grams (the whole text when it is shorter than k).
func shingles(s string) []uint64 {
	// Byte offsets of the rune starts (and the end), so that each k-gram
	// is hashed as a substring without allocating.
	starts := make([]int, 0, len(s)+1)
	for i := range s {
		starts = append(starts, i)
	}
	n := len(starts)
	starts = append(starts, len(s))
	if n <= shingleK {
		return []uint64{mix64(fnv1a(14695981039346656037, s))}
	}
	out := make([]uint64, 0, n-shingleK+1)
	for i := 0; i+shingleK <= n; i++ {
		out = append(out, mix64(fnv1a(14695981039346656037, s[starts[i]:starts[i+shingleK]])))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// bandKeys returns one key per LSH band of the text's MinHash signature.
func bandKeys(sh []uint64) [mhBands]uint64 {
	var sig [mhBands * mhRows]uint64
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for _, x := range sh {
		for i := range sig {
			if v := x*mhMul[i] + mhAdd[i]; v < sig[i] {
				sig[i] = v
			}
		}
	}
	var out [mhBands]uint64
	for b := range out {
		h := uint64(14695981039346656037) ^ uint64(b) // FNV-1a over the band
		for _, v := range sig[b*mhRows : (b+1)*mhRows] {
			h ^= v
			h *= 1099511628211
		}
		out[b] = h
	}
	return out
}

// jaccard is |a∩b|/|a∪b| for sorted distinct slices.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	i, j, inter := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
