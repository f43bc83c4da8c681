package account

import (
	"context"
	"fmt"

	"github.com/rampart-tt/rampart"
)

// EvasionAnalyzer emits a ban-evasion signal for each account of a window
// that resembles a removed account.
type EvasionAnalyzer struct {
	idx      *EvasionIndex
	minScore float64
}

// DefaultEvasionMin is the least score an evasion signal is emitted for:
// below it a match rests on one weak kind of evidence.
const DefaultEvasionMin = 0.5

// NewEvasionAnalyzer returns an analyzer (name "evasion") over idx that
// reports each account's best candidate scoring at least DefaultEvasionMin.
func NewEvasionAnalyzer(idx *EvasionIndex) *EvasionAnalyzer {
	return &EvasionAnalyzer{idx: idx, minScore: DefaultEvasionMin}
}

// Name returns "evasion".
func (e *EvasionAnalyzer) Name() string { return rampart.DetectorEvasion }

// Analyze matches every account of the window that has a profile record;
// authors seen only through posts have no handle, name or avatar to match.
func (e *EvasionAnalyzer) Analyze(ctx context.Context, window []rampart.Item) ([]rampart.SubjectSignal, error) {
	var out []rampart.SubjectSignal
	for i, g := range GroupByAccount(window) {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("evasion analyzer: %w", err)
			}
		}
		if g.Account == nil {
			continue
		}
		cs := e.idx.Candidates(g.Account, g.Posts, 1, e.minScore)
		if len(cs) == 0 {
			continue
		}
		c := cs[0]
		ev := make([]any, len(c.Evidence))
		for j, r := range c.Evidence {
			ev[j] = map[string]any{"kind": r.Kind, "detail": r.Detail, "score": r.Score}
		}
		out = append(out, rampart.SubjectSignal{Subject: g.Subject, Signal: rampart.Signal{
			Detector: rampart.DetectorEvasion,
			Kind:     rampart.SignalBanEvasion,
			Group:    c.Group,
			Score:    c.Score,
			Attrs:    map[string]any{"removed": c.Removed.ID, "removed_platform": c.Removed.Platform, "evidence": ev},
		}})
	}
	return out, nil
}
