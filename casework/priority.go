package casework

import (
	"math"
	"time"

	"github.com/rampart-tt/rampart"
)

// maxSeverity is rampart.ActionSuspend's severity, the top of the scale.
const maxSeverity = 5

// Priority scores how urgent a case is, 0–100: half from the confidence of
// its strongest finding (0–1) and half from the severity of the most severe
// action its findings propose (none 0 … suspend 5). Threat to life is not
// folded in: it is a flag that sorts ahead of every priority, so no mix of
// confidence and severity can outrank it.
func Priority(confidence float64, action rampart.Action) int {
	c := min(max(confidence, 0), 1)
	if math.IsNaN(c) {
		c = 0
	}
	sev := float64(action.Severity()) / maxSeverity
	return int(math.Round(50*c + 50*sev))
}

// deadline is when review of a case made at t should be done.
func (s *Service) deadline(t time.Time, threat bool, action rampart.Action) time.Time {
	switch {
	case threat:
		return t.Add(s.opt.SLA.ThreatToLife)
	case action.Severity() >= rampart.ActionRemove.Severity():
		return t.Add(s.opt.SLA.Severe)
	}
	return t.Add(s.opt.SLA.Other)
}
