package classify_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rampart-tt/rampart/classify"
)

func readEval(t *testing.T) []classify.Example {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "eval", "eval_*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no evaluation files: %v", err)
	}
	var all []classify.Example
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		exs, err := classify.ReadExamples(f, p)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, exs...)
	}
	return all
}

// TestShippedModelOnEvalSet is a regression guard, not tuning: the figures
// were measured once on the shipped model (classify/README.md) and the
// bounds sit a little beyond them, so that a change that makes the shipped
// model worse on the frozen evaluation set fails here.
func TestShippedModelOnEvalSet(t *testing.T) {
	m, err := classify.Default()
	if err != nil {
		t.Fatal(err)
	}
	r, err := classify.Evaluate(readEval(t), m.Predict, []string{"lang"})
	if err != nil {
		t.Fatal(err)
	}
	if r.N != 1192 {
		t.Errorf("evaluation set has %d items, want 1192 (it is frozen)", r.N)
	}
	check := func(name string, n int, f1 float64, h classify.Headline, b struct {
		minMacroF1, maxLawfulLabelled, maxLawfulFlagged, minRecallLabelled float64
	}) {
		if f1 < b.minMacroF1 {
			t.Errorf("%s: macro-F1 %.3f below the floor %.3f", name, f1, b.minMacroF1)
		}
		if h.LawfulLabelRate > b.maxLawfulLabelled {
			t.Errorf("%s: lawful labelled harmful %.3f above the ceiling %.3f", name, h.LawfulLabelRate, b.maxLawfulLabelled)
		}
		if h.LawfulFlagRate > b.maxLawfulFlagged {
			t.Errorf("%s: lawful flagged %.3f above the ceiling %.3f", name, h.LawfulFlagRate, b.maxLawfulFlagged)
		}
		if h.RecallLabelled < b.minRecallLabelled {
			t.Errorf("%s: harmful recall %.3f below the floor %.3f", name, h.RecallLabelled, b.minRecallLabelled)
		}
		t.Logf("%-9s n=%4d macro-F1 %.3f lawful→harmful %.3f flagged %.3f recall %.3f/%.3f", name, n, f1, h.LawfulLabelRate, h.LawfulFlagRate, h.RecallLabelled, h.RecallFlagged)
	}
	check("all", r.N, r.MacroF1, r.Headline, evalBounds["all"])
	for _, s := range r.Slices {
		b, ok := evalBounds[s.Value]
		if !ok {
			t.Errorf("no bound for language %q", s.Value)
			continue
		}
		check(s.Value, s.N, s.MacroF1, s.Headline, b)
	}
}

// evalBounds: measured on clf-f1acb4febf85 (macro-F1, lawful labelled
// harmful, lawful flagged, harmful recall labelled), then loosened by about
// 0.03 so that retraining noise does not fail the guard but a regression
// does.
var evalBounds = map[string]struct {
	minMacroF1, maxLawfulLabelled, maxLawfulFlagged, minRecallLabelled float64
}{
	// measured: 0.494, 0.025, 0.012, 0.440
	"all": {0.46, 0.05, 0.03, 0.41},
	// measured: 0.772, 0.032, 0.026, 0.904
	"en": {0.74, 0.06, 0.05, 0.87},
	// measured: 0.624, 0.038, 0.019, 0.699
	"roman-ur": {0.59, 0.07, 0.05, 0.66},
	// measured: 0.109, 0.013, 0.000, 0.011
	"ur": {0.08, 0.04, 0.03, 0},
	// measured: 0.115, 0.016, 0.000, 0.059
	"ps": {0.08, 0.05, 0.03, 0.02},
	// measured: 0.121, 0.018, 0.000, 0.000
	"ar": {0.09, 0.05, 0.03, 0},
}

// TestBareGroupNameNotFlagged: naming a group is not propaganda. The
// designation features carry a small fixed value, and no bare name may be
// flagged by the shipped model.
func TestBareGroupNameNotFlagged(t *testing.T) {
	m, err := classify.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"TTP", "BLA", "Tehreek-e-Taliban Pakistan", "Umar Media", "Lashkar-e-Jhangvi", "داعش", "بلوچستان لبریشن آرمی"} {
		if p := m.Predict(name); p.Flagged {
			t.Errorf("bare name %q flagged as %s (%.3f)", name, p.Label, p.Prob(p.Label))
		}
	}
}
