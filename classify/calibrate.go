package classify

import "math"

// FitTemperature returns the temperature T that minimises the negative
// log-likelihood of labels y under softmax(logits/T): temperature scaling
// (Guo, Pleiss, Sun and Weinberger, "On Calibration of Modern Neural
// Networks", ICML 2017). The NLL is convex in β = 1/T, so a golden-section
// search over β in [0.05, 20] finds the minimum. With no data it returns 1.
func FitTemperature(logits [][NumLabels]float64, y []int) float64 {
	if len(logits) == 0 {
		return 1
	}
	nll := func(beta float64) float64 {
		var s float64
		for i, z := range logits {
			mx := math.Inf(-1)
			for _, v := range z {
				mx = max(mx, beta*v)
			}
			var sum float64
			for _, v := range z {
				sum += math.Exp(beta*v - mx)
			}
			s += mx + math.Log(sum) - beta*z[y[i]]
		}
		return s
	}
	lo, hi := 0.05, 20.0
	phi := (math.Sqrt(5) - 1) / 2
	a := hi - phi*(hi-lo)
	b := lo + phi*(hi-lo)
	fa, fb := nll(a), nll(b)
	for hi-lo > 1e-4 {
		if fa < fb {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa = nll(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb = nll(b)
		}
	}
	return 1 / ((lo + hi) / 2)
}

// thresholdGrid is the set of candidate thresholds: 0.17 (just above the
// 1/6 floor of a primary label) to 0.99 in steps of 0.01, then 0.995 and
// 0.999.
func thresholdGrid() []float64 {
	var g []float64
	for t := 17; t <= 99; t++ {
		g = append(g, float64(t)/100)
	}
	return append(g, 0.995, 0.999)
}

// ChooseThresholds picks, for propaganda and recruitment, the least
// probability at which a primary label is flagged. An item is flagged when
// its primary label is propaganda or recruitment and that label's
// probability reaches the label's threshold. Among threshold pairs that flag
// at most maxLawful of the lawful items (reporting, counter_speech, other),
// it keeps the pair with the highest recall of propaganda and recruitment
// items together; ties go to fewer lawful items flagged, then to higher
// thresholds. When no pair meets the bound it returns the highest. Other
// labels get 2 (never flagged).
func ChooseThresholds(probs [][NumLabels]float64, y []int, maxLawful float64) [NumLabels]float64 {
	grid := thresholdGrid()
	var out [NumLabels]float64
	for i := range out {
		out[i] = 2
	}
	// For each harmful label a and grid step g: harmful and lawful items
	// whose primary label is a with probability >= grid[g].
	var hit, fp [2][]int
	nLawful := 0
	for a := range 2 {
		hit[a] = make([]int, len(grid))
		fp[a] = make([]int, len(grid))
	}
	for i, p := range probs {
		if lawful(y[i]) {
			nLawful++
		}
		c := argmax(&p)
		if !harmful(c) {
			continue
		}
		for g, t := range grid {
			if p[c] < t {
				break
			}
			if harmful(y[i]) {
				hit[c][g]++
			} else if lawful(y[i]) {
				fp[c][g]++
			}
		}
	}
	bestG := [2]int{len(grid) - 1, len(grid) - 1}
	bestHit, bestFP := -1, math.MaxInt
	allowed := int(math.Floor(maxLawful * float64(nLawful)))
	for gp := range grid {
		for gr := range grid {
			f := fp[0][gp] + fp[1][gr]
			if f > allowed {
				continue
			}
			h := hit[0][gp] + hit[1][gr]
			better := h > bestHit ||
				(h == bestHit && f < bestFP) ||
				(h == bestHit && f == bestFP && gp+gr > bestG[0]+bestG[1])
			if better {
				bestHit, bestFP, bestG = h, f, [2]int{gp, gr}
			}
		}
	}
	out[idxPropaganda] = grid[bestG[0]]
	out[idxRecruitment] = grid[bestG[1]]
	return out
}

// validationMetrics summarises a validation split.
func validationMetrics(probs [][NumLabels]float64, y []int, thr [NumLabels]float64) ValidationMetrics {
	var cm Confusion
	var nll float64
	var flaggedLawful, nLawful, flaggedHarm, nHarm int
	for i, p := range probs {
		c := argmax(&p)
		cm[y[i]][c]++
		nll -= math.Log(max(p[y[i]], 1e-15))
		fl := harmful(c) && p[c] >= thr[c]
		switch {
		case harmful(y[i]):
			nHarm++
			if fl {
				flaggedHarm++
			}
		case lawful(y[i]):
			nLawful++
			if fl {
				flaggedLawful++
			}
		}
	}
	vm := ValidationMetrics{
		Accuracy: round6(cm.Accuracy()),
		MacroF1:  round6(cm.MacroF1()),
		ECE:      round6(ECE(probs, y, 15)),
	}
	if len(probs) > 0 {
		vm.LogLoss = round6(nll / float64(len(probs)))
	}
	vm.LawfulFPR = round6(ratio(flaggedLawful, nLawful))
	vm.Recall = round6(ratio(flaggedHarm, nHarm))
	return vm
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
