package designation

// osaDistance is the optimal string alignment distance (restricted
// Damerau-Levenshtein: insertions, deletions, substitutions and transpositions
// of adjacent letters, no substring edited twice; F. J. Damerau, "A technique
// for computer detection and correction of spelling errors", CACM 7(3), 1964)
// between a and b, computed over bytes of ASCII keys with three rolling rows.
// It stops early and returns limit+1 once every cell of a row exceeds limit.
//
// Keys up to 63 bytes, all real names and handles, use rows of bytes on the
// stack: the distance there never exceeds 63, and zeroing three rows of
// ints cost more than the comparison itself on short keys (a fifth of
// rampart scan's account matching in profiles).
func osaDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	n := len(b)
	if n+1 <= 64 && len(a) < 64 {
		var buf [3 * 64]uint8
		return osaRows(a, b, limit, buf[0:n+1], buf[64:64+n+1], buf[128:128+n+1])
	}
	return osaRows(a, b, limit, make([]int, n+1), make([]int, n+1), make([]int, n+1))
}

// osaRows is osaDistance's dynamic programme over three rows of len(b)+1
// cells each, whose type must hold max(len(a), len(b)) + 1.
func osaRows[T uint8 | int](a, b string, limit int, prev2, prev, cur []T) int {
	n := len(b)
	lim := T(min(limit, n+len(a)))
	for j := range prev {
		prev[j] = T(j)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = T(i)
		best := cur[0]
		for j := 1; j <= n; j++ {
			cost := T(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > lim {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return int(prev[n])
}

// similarity turns a distance into a score in [0, 1] relative to the longer
// key.
func similarity(d, la, lb int) float64 {
	m := max(la, lb)
	if m == 0 {
		return 1
	}
	return 1 - float64(d)/float64(m)
}
