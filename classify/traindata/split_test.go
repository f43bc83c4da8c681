package traindata_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/classify/traindata"
)

func TestSplitByWholeFamilies(t *testing.T) {
	train, valid := traindata.Split(corpus(), 0.2, 7)
	if len(train)+len(valid) != len(corpus()) {
		t.Fatalf("split lost examples: %d + %d != %d", len(train), len(valid), len(corpus()))
	}
	inTrain := map[string]bool{}
	for _, e := range train {
		inTrain[e.Template] = true
	}
	for _, e := range valid {
		if inTrain[e.Template] {
			t.Fatalf("family %s is in both halves", e.Template)
		}
	}
	// Stratified: every (language, label) on both sides, near the fraction.
	type key struct{ lang, label string }
	nt, nv := map[key]int{}, map[key]int{}
	for _, e := range train {
		nt[key{e.Lang, e.Label}]++
	}
	for _, e := range valid {
		nv[key{e.Lang, e.Label}]++
	}
	for _, lang := range traindata.Langs() {
		for _, label := range traindata.Labels() {
			k := key{lang, label}
			if nt[k] == 0 || nv[k] == 0 {
				t.Errorf("%s/%s: train %d, valid %d; want both non-empty", lang, label, nt[k], nv[k])
				continue
			}
			if f := float64(nv[k]) / float64(nt[k]+nv[k]); f < 0.15 || f > 0.35 {
				t.Errorf("%s/%s: validation fraction %.2f, want about 0.2", lang, label, f)
			}
		}
	}
	train2, valid2 := traindata.Split(corpus(), 0.2, 7)
	if !cmp.Equal(train, train2) || !cmp.Equal(valid, valid2) {
		t.Error("same seed, different split")
	}
}

func TestSplitEdges(t *testing.T) {
	ex := []traindata.Example{
		{Text: "a", Label: "other", Lang: "en", Template: "en/x"},
		{Text: "b", Label: "other", Lang: "en", Template: "en/y"},
	}
	tests := []struct {
		name      string
		frac      float64
		wantTrain int
		wantValid int
	}{
		{"zero keeps all for training", 0, 2, 0},
		{"negative is zero", -1, 2, 0},
		{"one family always stays in training", 0.9, 1, 1},
		{"all", 1, 0, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, va := traindata.Split(ex, tc.frac, 1)
			if len(tr) != tc.wantTrain || len(va) != tc.wantValid {
				t.Errorf("got %d/%d, want %d/%d", len(tr), len(va), tc.wantTrain, tc.wantValid)
			}
		})
	}
}
