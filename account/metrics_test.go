package account_test

import (
	"testing"

	"github.com/rampart-tt/rampart/account"
)

func TestMetricsHandComputed(t *testing.T) {
	tests := []struct {
		name           string
		scores         []float64
		labels         []bool
		roc, pr, tpr01 float64
	}{
		// Perfect ranking.
		{"perfect", []float64{0.9, 0.8, 0.2, 0.1}, []bool{true, true, false, false}, 1, 1, 1},
		// Order P N P N: pairs (P1>N1, P1>N2, P2<N1, P2>N2) → 3/4. AP = 1/2·1 + 1/2·2/3 = 5/6.
		{"interleaved", []float64{0.9, 0.8, 0.7, 0.6}, []bool{true, false, true, false}, 0.75, 5.0 / 6, 0.5},
		// All tied: AUC 1/2; one threshold with precision 1/2 at recall 1.
		{"ties", []float64{0.5, 0.5, 0.5, 0.5}, []bool{true, false, true, false}, 0.5, 0.5, 0},
		// Negative first: N P P → AUC 0; AP = 1/2·1/2 + 1/2·2/3 = 7/12.
		{"inverted", []float64{0.9, 0.5, 0.4}, []bool{false, true, true}, 0, 7.0 / 12, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := account.ROCAUC(tc.scores, tc.labels); !near(got, tc.roc) {
				t.Errorf("ROC-AUC %v, want %v", got, tc.roc)
			}
			if got := account.PRAUC(tc.scores, tc.labels); !near(got, tc.pr) {
				t.Errorf("PR-AUC %v, want %v", got, tc.pr)
			}
			if got := account.TPRAtFPR(tc.scores, tc.labels, 0.01); !near(got, tc.tpr01) {
				t.Errorf("TPR@1%%FPR %v, want %v", got, tc.tpr01)
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }
