package classify_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/classify"
)

var _ rampart.Detector = (*classify.Detector)(nil)
var _ rampart.Detector = (*classify.Remote)(nil)

func TestDetectorSignal(t *testing.T) {
	m, _ := toy(t)
	d := classify.NewDetector(m)
	if d.Name() != "classifier" {
		t.Errorf("name %q", d.Name())
	}
	for _, it := range []rampart.Item{
		{Account: &rampart.Account{ID: "a"}},
		{Post: &rampart.Post{ID: "p"}},
	} {
		sigs, err := d.Detect(t.Context(), it)
		if err != nil || len(sigs) != 0 {
			t.Errorf("Detect(%v) = %v, %v: want no signal for an item without text", it.Kind(), sigs, err)
		}
	}
	text := "glory to our lions 🏴"
	sigs, err := d.Detect(t.Context(), rampart.Item{Post: &rampart.Post{ID: "p", Text: text}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 {
		t.Fatalf("%d signals, want 1", len(sigs))
	}
	s := sigs[0]
	p := m.Predict(text)
	probs := map[string]any{}
	for _, l := range classify.Labels {
		probs[l] = p.Prob(l)
	}
	top := []any{}
	for _, c := range p.Top {
		top = append(top, map[string]any{"feature": c.Feature, "weight": c.Weight})
	}
	want := rampart.Signal{
		Detector: "classifier", Kind: "classifier", Score: p.Prob(p.Label),
		Attrs: map[string]any{
			"label": p.Label, "probs": probs, "top_features": top,
			"model": m.Version(), "flagged": p.Flagged,
		},
	}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("signal (-want +got):\n%s", diff)
	}
	if p.Label != classify.LabelPropaganda {
		t.Errorf("toy model labels %q as %s, want propaganda", text, p.Label)
	}
}
