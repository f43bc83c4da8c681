package pipeline

import (
	"maps"
	"slices"

	"github.com/rampart-tt/rampart"
)

// Stats counts what a run read, rejected and decided.
type Stats struct {
	Read     int64            `json:"read"`
	Rejected int64            `json:"rejected"`
	Reasons  map[string]int64 `json:"rejected_by_reason,omitempty"`
	Flags    map[string]int64 `json:"flagged,omitempty"` // repairs made while reading
	Findings int64            `json:"findings"`
	Actions  map[string]int64 `json:"findings_by_action"`
}

func newStats() Stats {
	return Stats{Reasons: map[string]int64{}, Flags: map[string]int64{}, Actions: map[string]int64{}}
}

func (s *Stats) reject(reason string) {
	if s.Reasons == nil {
		s.Reasons = map[string]int64{}
	}
	s.Rejected++
	s.Reasons[reason]++
}

func (s *Stats) flag(f string) {
	if s.Flags == nil {
		s.Flags = map[string]int64{}
	}
	s.Flags[f]++
}

func (s *Stats) count(r Result) {
	if r.Finding == nil {
		return
	}
	s.Findings++
	s.Actions[string(r.Finding.Action)]++
}

func (s *Stats) merge(o Stats) {
	s.Read += o.Read
	s.Rejected += o.Rejected
	for k, v := range o.Reasons {
		s.Reasons[k] += v
	}
	for k, v := range o.Flags {
		s.Flags[k] += v
	}
}

// ActionsBySeverity lists the actions seen, most severe first, for summaries.
func (s Stats) ActionsBySeverity() []string {
	keys := slices.Collect(maps.Keys(s.Actions))
	slices.SortFunc(keys, func(a, b string) int {
		if d := rampart.Action(b).Severity() - rampart.Action(a).Severity(); d != 0 {
			return d
		}
		if a < b {
			return -1
		}
		return 1
	})
	return keys
}
