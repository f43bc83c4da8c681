package coord

import (
	"context"
	"fmt"
	"iter"

	"github.com/rampart-tt/rampart"
)

// Analyzer runs coordination detection over a window of items.
type Analyzer struct {
	cfg  Config
	seed uint64
}

// NewAnalyzer returns an analyzer with the configuration (see Config; Louvain
// seed 1).
func NewAnalyzer(cfg Config) *Analyzer { return &Analyzer{cfg: cfg, seed: 1} }

// Name implements rampart.Analyzer.
func (a *Analyzer) Name() string { return rampart.DetectorCoord }

// Analyze returns, for each cluster, one signal about the cluster and one
// about each member account.
func (a *Analyzer) Analyze(ctx context.Context, window []rampart.Item) ([]rampart.SubjectSignal, error) {
	g, err := Build(ctx, Items(window), a.cfg)
	if err != nil {
		return nil, fmt.Errorf("coord analyze: %w", err)
	}
	var out []rampart.SubjectSignal
	for _, c := range g.Clusters(a.seed) {
		attrs := map[string]any{
			"cluster":  c.ID,
			"size":     c.Size,
			"layers":   c.Layers,
			"top":      c.Top,
			"observed": c.Observed,
			"expected": c.Expected,
			"z":        c.Z,
		}
		var grp string
		if len(c.Groups) > 0 {
			grp = c.Groups[0].Group
			attrs["groups"] = c.Groups
		}
		sig := rampart.Signal{Detector: rampart.DetectorCoord, Kind: rampart.SignalCoordinated, Group: grp, Score: c.Score, Attrs: attrs}
		platform := c.Members[0].Platform
		for _, m := range c.Members {
			if m.Platform != platform {
				platform = "multi" // a cross-platform cluster (stores need a platform)
			}
		}
		out = append(out, rampart.SubjectSignal{Subject: rampart.Subject{Platform: platform, Kind: rampart.KindCluster, ID: c.ID}, Signal: sig})
		for _, m := range c.Members {
			out = append(out, rampart.SubjectSignal{Subject: rampart.Subject{Platform: m.Platform, Kind: rampart.KindAccount, ID: m.ID}, Signal: sig})
		}
	}
	return out, nil
}

var _ rampart.Analyzer = (*Analyzer)(nil)

// Items adapts a slice for Build.
func Items(items []rampart.Item) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}
