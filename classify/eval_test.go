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

// evalBounds: measured once on clf-c8903beb55d7 (macro-F1, lawful
// labelled harmful, lawful flagged, harmful recall labelled), then loosened
// by about 0.03 (for Pashto and Arabic, with about 60 lawful items each, by
// at least two items) so that retraining noise does not fail the guard but a
// regression does. The lawful figures still miss the project's 2% target;
// see classify/README.md.
var evalBounds = map[string]struct {
	minMacroF1, maxLawfulLabelled, maxLawfulFlagged, minRecallLabelled float64
}{
	// measured: 0.812, 0.029, 0.029, 0.853
	"all": {0.78, 0.06, 0.06, 0.82},
	// measured: 0.842, 0.032, 0.032, 0.926
	"en": {0.81, 0.07, 0.07, 0.89},
	// measured: 0.776, 0.045, 0.045, 0.806
	"roman-ur": {0.74, 0.08, 0.08, 0.77},
	// measured: 0.816, 0.025, 0.025, 0.860
	"ur": {0.78, 0.06, 0.06, 0.83},
	// measured: 0.838, 0.016, 0.016, 0.853
	"ps": {0.80, 0.05, 0.05, 0.82},
	// measured: 0.777, 0.000, 0.000, 0.765
	"ar": {0.74, 0.04, 0.04, 0.73},
}

// TestBareGroupNameNotHarmful: naming a group is not propaganda. A bare
// name, including the held-out group's, which no training item names, must
// be labelled other or reporting by the shipped model, not merely fall
// under the threshold.
func TestBareGroupNameNotHarmful(t *testing.T) {
	m, err := classify.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"TTP", "BLA", "Tehreek-e-Taliban Pakistan", "Umar Media", "Lashkar-e-Jhangvi", "داعش", "بلوچستان لبریشن آرمی", "Hafiz Gul Bahadur", "تحریک طالبان پاکستان"} {
		p := m.Predict(name)
		if p.Label != classify.LabelOther && p.Label != classify.LabelReporting {
			t.Errorf("bare name %q labelled %s (%.3f), want other or reporting", name, p.Label, p.Prob(p.Label))
		}
		if p.Flagged {
			t.Errorf("bare name %q flagged", name)
		}
	}
}
