package account

import (
	"cmp"
	"slices"
)

// ROCAUC is the area under the ROC curve computed as the Mann–Whitney rank
// statistic: the chance that a random positive scores above a random
// negative, ties counting one half (mid-ranks). It returns NaN-free 0.5 when
// either class is empty.
func ROCAUC(scores []float64, labels []bool) float64 {
	type sl struct {
		s float64
		y bool
	}
	xs := make([]sl, len(scores))
	for i := range scores {
		xs[i] = sl{scores[i], labels[i]}
	}
	slices.SortFunc(xs, func(a, b sl) int { return cmp.Compare(a.s, b.s) })
	var pos, neg, rankSum float64
	for i := 0; i < len(xs); {
		j := i
		for j < len(xs) && xs[j].s == xs[i].s {
			j++
		}
		mid := float64(i+j+1) / 2 // mean of ranks i+1..j
		for k := i; k < j; k++ {
			if xs[k].y {
				pos++
				rankSum += mid
			} else {
				neg++
			}
		}
		i = j
	}
	if pos == 0 || neg == 0 {
		return 0.5
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

// curvePoint is one threshold of the ranking: counts at or above it.
type curvePoint struct{ tp, fp float64 }

// curve walks thresholds from the highest score down, one point per
// distinct score (tied scores enter together).
func curve(scores []float64, labels []bool) (pts []curvePoint, pos, neg float64) {
	ix := make([]int, len(scores))
	for i := range ix {
		ix[i] = i
	}
	slices.SortStableFunc(ix, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	for _, y := range labels {
		if y {
			pos++
		} else {
			neg++
		}
	}
	var tp, fp float64
	for i := 0; i < len(ix); {
		j := i
		for j < len(ix) && scores[ix[j]] == scores[ix[i]] {
			if labels[ix[j]] {
				tp++
			} else {
				fp++
			}
			j++
		}
		pts = append(pts, curvePoint{tp, fp})
		i = j
	}
	return pts, pos, neg
}

// PRAUC is the area under the precision-recall curve by step interpolation
// (average precision): Σ (R_k − R_{k−1}) · P_k over thresholds k, which
// never interpolates optimistically between points. 0 without positives.
func PRAUC(scores []float64, labels []bool) float64 {
	pts, pos, _ := curve(scores, labels)
	if pos == 0 {
		return 0
	}
	ap, prevR := 0.0, 0.0
	for _, p := range pts {
		r := p.tp / pos
		ap += (r - prevR) * p.tp / (p.tp + p.fp)
		prevR = r
	}
	return ap
}

// TPRAtFPR is the highest true-positive rate over thresholds whose
// false-positive rate is at most fpr.
func TPRAtFPR(scores []float64, labels []bool, fpr float64) float64 {
	pts, pos, neg := curve(scores, labels)
	if pos == 0 {
		return 0
	}
	best := 0.0
	for _, p := range pts {
		if neg > 0 && p.fp/neg > fpr {
			break
		}
		best = max(best, p.tp/pos)
	}
	return best
}
