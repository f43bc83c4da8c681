package designation

// osaDistance is the optimal string alignment distance (restricted
// Damerau-Levenshtein: insertions, deletions, substitutions and transpositions
// of adjacent letters, no substring edited twice; F. J. Damerau, "A technique
// for computer detection and correction of spelling errors", CACM 7(3), 1964)
// between a and b, computed over bytes of ASCII keys with three rolling rows.
// It stops early and returns limit+1 once every cell of a row exceeds limit.
func osaDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	n := len(b)
	var buf [3 * 64]int
	var prev2, prev, cur []int
	if n+1 <= 64 {
		prev2, prev, cur = buf[0:n+1], buf[64:64+n+1], buf[128:128+n+1]
	} else {
		prev2, prev, cur = make([]int, n+1), make([]int, n+1), make([]int, n+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= n; j++ {
			cost := 1
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
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[n]
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
