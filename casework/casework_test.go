package casework_test

import (
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

func TestPriority(t *testing.T) {
	tests := []struct {
		conf   float64
		action rampart.Action
		want   int
	}{
		{0, rampart.ActionNone, 0},
		{1, rampart.ActionSuspend, 100},
		{0.5, rampart.ActionReview, 35},   // 25 + 10
		{0.9, rampart.Withhold("PK"), 75}, // 45 + 30
		{2, rampart.ActionRemove, 90},     // confidence clamped to 1
		{-1, rampart.ActionRefer, 20},     // confidence clamped to 0
		{0.99, "bogus", 50},               // unknown action has severity 0
	}
	for _, tc := range tests {
		if got := casework.Priority(tc.conf, tc.action); got != tc.want {
			t.Errorf("Priority(%v, %s) = %d, want %d", tc.conf, tc.action, got, tc.want)
		}
	}
}

func TestCanMove(t *testing.T) {
	all := []rampart.CaseStatus{rampart.CaseOpen, rampart.CaseInReview, rampart.CaseDecided, rampart.CaseClosed}
	allowed := map[[2]rampart.CaseStatus]bool{
		{rampart.CaseOpen, rampart.CaseInReview}:    true,
		{rampart.CaseInReview, rampart.CaseDecided}: true,
		{rampart.CaseDecided, rampart.CaseClosed}:   true,
	}
	for _, from := range all {
		for _, to := range append(all, "bogus") {
			if got := casework.CanMove(from, to); got != allowed[[2]rampart.CaseStatus{from, to}] {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
}
