package classify

import (
	"context"

	rampart "github.com/rampart-tt/rampart"
)

// Detector runs a local model over posts. It is safe for concurrent use.
type Detector struct {
	m *Model
}

// NewDetector wraps a model as a rampart.Detector named "classifier". The
// model must have the default labels: a model on a real set's own labels
// (TrainRealTask) is for measurement, and its probabilities would be
// reported under the wrong names.
func NewDetector(m *Model) *Detector { return &Detector{m: m} }

// Name implements rampart.Detector.
func (d *Detector) Name() string { return rampart.DetectorClassifier }

// Detect returns one classifier signal for a post with text, and nothing for
// accounts and posts without text.
func (d *Detector) Detect(ctx context.Context, it rampart.Item) ([]rampart.Signal, error) {
	if it.Post == nil || it.Post.Text == "" {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Explanations are built only for propaganda and recruitment: the
	// only predictions that are acted on or reviewed.
	p := d.m.PredictExplainHarmful(it.Post.Text)
	return []rampart.Signal{signalOf(p, d.m.Version(), nil)}, nil
}

// signalOf builds the classifier signal. The attrs are what the policy
// language reads (docs/policy.md): label, probs (label → probability) and
// flagged; top_features and model explain it. extra adds adapter facts.
func signalOf(p Prediction, model string, extra map[string]any) rampart.Signal {
	probs := make(map[string]any, NumLabels)
	for i, l := range Labels {
		probs[l] = p.Probs[i]
	}
	top := make([]any, len(p.Top))
	for i, c := range p.Top {
		top[i] = map[string]any{"feature": c.Feature, "weight": c.Weight}
	}
	c, _ := LabelIndex(p.Label)
	attrs := map[string]any{
		"label":        p.Label,
		"probs":        probs,
		"top_features": top,
		"model":        model,
		"flagged":      p.Flagged,
	}
	if p.Truncated {
		attrs["truncated"] = true
	}
	if p.Reason != "" {
		attrs["reason"] = p.Reason
	}
	for k, v := range extra {
		attrs[k] = v
	}
	return rampart.Signal{
		Detector: rampart.DetectorClassifier,
		Kind:     rampart.SignalClassifier,
		Score:    p.Probs[c],
		Attrs:    attrs,
	}
}
