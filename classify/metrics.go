package classify

import "math"

// Confusion is a confusion matrix: Confusion[true][predicted] counts items.
type Confusion [NumLabels][NumLabels]int

// ClassMetrics are one label's precision, recall and F1 with its support
// (the number of items truly of that label).
type ClassMetrics struct {
	Label     string  `json:"label"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
	Predicted int     `json:"predicted"`
}

// Total is the number of items counted.
func (cm *Confusion) Total() int {
	n := 0
	for _, row := range cm {
		for _, v := range row {
			n += v
		}
	}
	return n
}

// Accuracy is the share of items on the diagonal.
func (cm *Confusion) Accuracy() float64 {
	d := 0
	for c := range cm {
		d += cm[c][c]
	}
	return ratio(d, cm.Total())
}

// Class returns one label's metrics. Precision is 0 when nothing was
// predicted as the label, recall 0 when nothing truly has it, F1 0 when both
// are 0.
func (cm *Confusion) Class(c int) ClassMetrics {
	tp := cm[c][c]
	support, predicted := 0, 0
	for k := range NumLabels {
		support += cm[c][k]
		predicted += cm[k][c]
	}
	m := ClassMetrics{Label: Labels[c], Support: support, Predicted: predicted}
	m.Precision = ratio(tp, predicted)
	m.Recall = ratio(tp, support)
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
	return m
}

// MacroF1 is the unweighted mean F1 over the labels that occur in the truth
// or the predictions; labels absent from both are left out, so a data set
// with four labels is scored over those four.
func (cm *Confusion) MacroF1() float64 {
	var s float64
	n := 0
	for c := range NumLabels {
		m := cm.Class(c)
		if m.Support == 0 && m.Predicted == 0 {
			continue
		}
		s += m.F1
		n++
	}
	if n == 0 {
		return 0
	}
	return s / float64(n)
}

// WeightedF1 is the mean F1 over labels weighted by their support (what
// scikit-learn calls average="weighted"): some published baselines report
// it instead of macro-F1, and it favours the frequent labels.
func (cm *Confusion) WeightedF1() float64 {
	var s float64
	n := 0
	for c := range NumLabels {
		m := cm.Class(c)
		s += m.F1 * float64(m.Support)
		n += m.Support
	}
	if n == 0 {
		return 0
	}
	return s / float64(n)
}

// ECE is the expected calibration error of the primary label's probability
// over equal-width bins (Naeini, Cooper and Hauskrecht, AAAI 2015; 15 bins
// as in Guo et al. 2017): Σ_b (n_b/N)·|accuracy_b − confidence_b|.
func ECE(probs [][NumLabels]float64, y []int, bins int) float64 {
	if len(probs) == 0 || bins < 1 {
		return 0
	}
	n := make([]int, bins)
	correct := make([]int, bins)
	conf := make([]float64, bins)
	for i, p := range probs {
		c := argmax(&p)
		b := int(p[c] * float64(bins))
		b = min(max(b, 0), bins-1)
		n[b]++
		conf[b] += p[c]
		if c == y[i] {
			correct[b]++
		}
	}
	var e float64
	for b := range bins {
		if n[b] == 0 {
			continue
		}
		e += float64(n[b]) / float64(len(probs)) * math.Abs(float64(correct[b])/float64(n[b])-conf[b]/float64(n[b]))
	}
	return e
}
