package designation

// An internal test: the automaton is unexported, and the property it must
// have (every occurrence of every pattern, in order of end) is best checked
// against a brute-force search on its own input.

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// naiveHits finds every occurrence of every pattern by trying each pattern
// at each end position, in the order scan reports them: by end, then
// longest pattern first (an output chain runs from the deepest state).
func naiveHits(patterns [][]rune, text []rune) []acHit {
	var hits []acHit
	for end := 1; end <= len(text); end++ {
		var at []acHit
		for pi, p := range patterns {
			if len(p) <= end && slices.Equal(text[end-len(p):end], p) {
				at = append(at, acHit{pat: int32(pi), end: int32(end)})
			}
		}
		slices.SortFunc(at, func(x, y acHit) int { return cmp.Compare(len(patterns[y.pat]), len(patterns[x.pat])) })
		hits = append(hits, at...)
	}
	return hits
}

// TestAutomatonScan compares scan with brute force on random patterns and
// texts over a small alphabet (so that patterns overlap, nest and share
// suffixes), with runes below and above U+0800 and runes in no pattern.
func TestAutomatonScan(t *testing.T) {
	alphabet := []rune{'a', 'b', 'c', 'ت', 'ب', '漢', '字', 'z'} // z: in no pattern
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(n int, letters []rune) []rune {
		w := make([]rune, n)
		for i := range w {
			w[i] = letters[rng.IntN(len(letters))]
		}
		return w
	}
	for round := range 300 {
		seen := map[string]bool{}
		var patterns [][]rune
		for range 1 + rng.IntN(12) {
			p := word(1+rng.IntN(5), alphabet[:7])
			if !seen[string(p)] {
				seen[string(p)] = true
				patterns = append(patterns, p)
			}
		}
		a := newAutomaton(patterns)
		for range 5 {
			text := word(rng.IntN(80), alphabet)
			got := a.scan(text, nil)
			want := naiveHits(patterns, text)
			if diff := gocmp.Diff(want, got, gocmp.AllowUnexported(acHit{})); diff != "" {
				t.Fatalf("round %d, patterns %q, text %q (-naive +scan):\n%s", round, runesStrings(patterns), string(text), diff)
			}
		}
	}
}

func runesStrings(ps [][]rune) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return out
}
