package classify_test

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rampart-tt/rampart/classify"
)

func TestConfusionMetrics(t *testing.T) {
	// Hand-computed: propaganda 3 true (2 right, 1 as reporting);
	// reporting 2 true (1 right, 1 as propaganda); other 1 true, right.
	var cm classify.Confusion
	cm[0][0], cm[0][3] = 2, 1
	cm[3][3], cm[3][0] = 1, 1
	cm[5][5] = 1
	got := []classify.ClassMetrics{cm.Class(0), cm.Class(3), cm.Class(5)}
	want := []classify.ClassMetrics{
		{Label: "propaganda", Precision: 2.0 / 3, Recall: 2.0 / 3, F1: 2.0 / 3, Support: 3, Predicted: 3},
		{Label: "reporting", Precision: 0.5, Recall: 0.5, F1: 0.5, Support: 2, Predicted: 2},
		{Label: "other", Precision: 1, Recall: 1, F1: 1, Support: 1, Predicted: 1},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("class metrics (-want +got):\n%s", diff)
	}
	// Labels absent from truth and predictions are left out of macro-F1.
	if got, want := cm.MacroF1(), (2.0/3+0.5+1)/3; math.Abs(got-want) > 1e-12 {
		t.Errorf("macro-F1 %g, want %g", got, want)
	}
	// Weighted by support 3, 2, 1.
	if got, want := cm.WeightedF1(), (3*2.0/3+2*0.5+1*1)/6; math.Abs(got-want) > 1e-12 {
		t.Errorf("weighted F1 %g, want %g", got, want)
	}
	if got, want := cm.Accuracy(), 4.0/6; math.Abs(got-want) > 1e-12 {
		t.Errorf("accuracy %g, want %g", got, want)
	}
}

func TestECE(t *testing.T) {
	p := func(top int, conf float64) [classify.NumLabels]float64 {
		var v [classify.NumLabels]float64
		rest := (1 - conf) / (classify.NumLabels - 1)
		for i := range v {
			v[i] = rest
		}
		v[top] = conf
		return v
	}
	// Bin of 0.9: two items, one right → |0.5 − 0.9| × 2/4.
	// Bin of 0.6: two items, both right → |1 − 0.6| × 2/4.
	probs := [][classify.NumLabels]float64{p(0, 0.9), p(1, 0.9), p(2, 0.6), p(3, 0.6)}
	y := []int{0, 0, 2, 3}
	want := 0.5*0.4 + 0.5*0.4
	if got := classify.ECE(probs, y, 15); math.Abs(got-want) > 1e-12 {
		t.Errorf("ECE %g, want %g", got, want)
	}
	if got := classify.ECE(nil, nil, 15); got != 0 {
		t.Errorf("ECE of nothing %g", got)
	}
}

func TestPR(t *testing.T) {
	c := classify.PR("x", []float64{0.9, 0.8, 0.8, 0.1}, []bool{true, false, true, false})
	want := []classify.PRPoint{
		{Threshold: 0.9, Precision: 1, Recall: 0.5},
		{Threshold: 0.8, Precision: 2.0 / 3, Recall: 1},
		{Threshold: 0.1, Precision: 0.5, Recall: 1},
	}
	if diff := cmp.Diff(want, c.Points, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("points (-want +got):\n%s", diff)
	}
	if want := 0.5*1 + 0.5*2.0/3; math.Abs(c.AP-want) > 1e-12 {
		t.Errorf("AP %g, want %g", c.AP, want)
	}
}

func TestFitTemperature(t *testing.T) {
	// Logits that are twice too confident: labels drawn so that the true
	// temperature is 2. Deterministic: every pattern appears in proportion.
	var logits [][classify.NumLabels]float64
	var y []int
	z := [classify.NumLabels]float64{4, 0, 0, 0, 0, 0}
	// softmax(z/2): p0 = e^2/(e^2+5).
	p0 := math.Exp(2) / (math.Exp(2) + 5)
	n := 1000
	right := int(math.Round(p0 * float64(n)))
	for i := range n {
		logits = append(logits, z)
		if i < right {
			y = append(y, 0)
		} else {
			y = append(y, 1+i%5)
		}
	}
	if got := classify.FitTemperature(logits, y); math.Abs(got-2) > 0.02 {
		t.Errorf("temperature %g, want about 2", got)
	}
}

func TestChooseThresholds(t *testing.T) {
	row := func(c int, pc float64) [classify.NumLabels]float64 {
		var v [classify.NumLabels]float64
		for i := range v {
			v[i] = (1 - pc) / 5
		}
		v[c] = pc
		return v
	}
	var probs [][classify.NumLabels]float64
	var y []int
	// 10 propaganda items at 0.95, one lawful reporting item called
	// propaganda at 0.6, 49 lawful items called reporting.
	for range 10 {
		probs, y = append(probs, row(0, 0.95)), append(y, 0)
	}
	probs, y = append(probs, row(0, 0.6)), append(y, 3)
	for range 49 {
		probs, y = append(probs, row(3, 0.9)), append(y, 3)
	}
	thr := classify.ChooseThresholds(probs, y, 0.0)
	if !(thr[0] > 0.6 && thr[0] <= 0.95) {
		t.Errorf("propaganda threshold %g: want above the lawful item (0.6) and at most 0.95", thr[0])
	}
	if thr[3] != 2 {
		t.Errorf("reporting threshold %g, want 2 (never flagged)", thr[3])
	}
}
