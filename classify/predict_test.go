package classify_test

import (
	"math"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/classify"
)

func TestPredictEdgeCases(t *testing.T) {
	m, _ := toy(t)
	tests := []struct {
		name          string
		text          string
		wantTruncated bool
		wantInvalid   bool
		wantReason    bool
	}{
		{"empty", "", false, false, true},
		{"whitespace and punctuation", "  ... !!! \n\t", false, false, true},
		{"emoji only", "🏴🌹🔥", false, false, false},
		{"mixed scripts", "join the caravan آج yaar کل 🏴", false, false, false},
		{"invalid utf-8", "join \xff\xfe the \xc3 caravan", false, true, false},
		{"huge post", strings.Repeat("glory to our lions ", 2000), true, false, false},
		{"zero-width and bidi", "jo\u200bin\u202e the\u00ad caravan", false, false, false},
		{"nul bytes", "join\x00the\x00caravan", false, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := m.Predict(tc.text)
			if _, err := classify.LabelIndex(p.Label); err != nil {
				t.Fatalf("label: %v", err)
			}
			var sum float64
			for _, v := range p.Probs {
				if math.IsNaN(v) || v < 0 || v > 1 {
					t.Fatalf("probability %g", v)
				}
				sum += v
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("probabilities sum to %g", sum)
			}
			if p.Truncated != tc.wantTruncated || p.InvalidUTF8 != tc.wantInvalid || (p.Reason != "") != tc.wantReason {
				t.Errorf("truncated=%v invalid=%v reason=%q; want %v %v reason %v", p.Truncated, p.InvalidUTF8, p.Reason, tc.wantTruncated, tc.wantInvalid, tc.wantReason)
			}
			if p.Prob(p.Label) != p.Probs[mustIndex(t, p.Label)] {
				t.Error("Prob disagrees with Probs")
			}
		})
	}
}

func mustIndex(t *testing.T, l string) int {
	i, err := classify.LabelIndex(l)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

func TestPredictExplains(t *testing.T) {
	m, _ := toy(t)
	p := m.Predict("join the caravan now brothers")
	if p.Label != classify.LabelRecruitment {
		t.Fatalf("label %s, want recruitment", p.Label)
	}
	if len(p.Top) == 0 || len(p.Top) > classify.TopFeatures {
		t.Fatalf("%d top features, want 1..%d", len(p.Top), classify.TopFeatures)
	}
	for i, c := range p.Top {
		if c.Weight <= 0 || (i > 0 && c.Weight > p.Top[i-1].Weight) {
			t.Errorf("top features not positive and descending: %+v", p.Top)
		}
		if c.Feature == "" || c.Feature == "?" {
			t.Errorf("feature %d has no name", i)
		}
	}
	if q := m.PredictLabel("join the caravan now brothers"); q.Top != nil || q.Probs != p.Probs {
		t.Errorf("PredictLabel differs from Predict beyond the explanation")
	}
}
