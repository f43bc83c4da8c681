package account

import (
	"math"
	"slices"
	"time"

	"github.com/rampart-tt/rampart"
)

// activityFeatures sets the features computed from posts. Share features
// need one post; gap features need three posts with times (two gaps), since
// a single gap has no spread.
func activityFeatures(v Vector, posts []rampart.Post) {
	n := float64(len(posts))
	var reposts, links, replies, tags, dups float64
	seen := make(map[string]bool, len(posts))
	times := make([]time.Time, 0, len(posts))
	for _, p := range posts {
		if p.RepostOf != "" {
			reposts++
		}
		if len(p.URLs) > 0 {
			links++
		}
		if p.ReplyTo != "" {
			replies++
		}
		tags += float64(len(p.Hashtags))
		if t := normText(p.Text); t != "" {
			if seen[t] {
				dups++
			}
			seen[t] = true
		}
		if !p.CreatedAt.IsZero() {
			times = append(times, p.CreatedAt)
		}
	}
	v.Set(FRepostShare, reposts/n)
	v.Set(FLinkShare, links/n)
	v.Set(FReplyShare, replies/n)
	v.Set(FDupShare, dups/n)
	v.Set(FHashtags, tags/n)
	if len(times) > 0 {
		hours := make([]float64, 24)
		for _, t := range times {
			hours[t.UTC().Hour()]++
		}
		v.Set(FHourEntropy, entropy(hours))
	}
	if len(times) < 3 {
		return
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	gaps := make([]float64, len(times)-1)
	for i := 1; i < len(times); i++ {
		gaps[i-1] = times[i].Sub(times[i-1]).Seconds()
	}
	v.Set(FBurstiness, burstiness(gaps))
	v.Set(FGapEntropy, gapEntropy(gaps))
}

// burstiness is the Goh–Barabási coefficient B = (σ−μ)/(σ+μ) of the gaps
// (Goh & Barabási, "Burstiness and memory in complex systems", EPL 2008):
// −1 for a clock, 0 for a Poisson process, towards 1 for bursts. All-zero
// gaps (everything at one instant) count as a clock.
func burstiness(gaps []float64) float64 {
	mu := 0.0
	for _, g := range gaps {
		mu += g
	}
	mu /= float64(len(gaps))
	ss := 0.0
	for _, g := range gaps {
		ss += (g - mu) * (g - mu)
	}
	sigma := math.Sqrt(ss / float64(len(gaps)))
	if sigma+mu == 0 {
		return -1
	}
	return (sigma - mu) / (sigma + mu)
}

// gapEntropy is the entropy in bits of the gaps binned by powers of two of
// seconds (bin 0 holds gaps under one second). Scheduled posting puts every
// gap in one or two bins.
func gapEntropy(gaps []float64) float64 {
	bins := make([]float64, 40)
	for _, g := range gaps {
		b := 0
		if g >= 1 {
			b = min(int(math.Log2(g))+1, len(bins)-1)
		}
		bins[b]++
	}
	return entropy(bins)
}
