package classify_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rampart-tt/rampart/classify"
)

func readEval(t *testing.T) []classify.Example { return readEvalDir(t, "eval") }

// readEvalDir reads every eval_*.jsonl of testdata/dir.
func readEvalDir(t *testing.T, dir string) []classify.Example {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "eval_*.jsonl"))
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
// were measured on the shipped model (classify/README.md) and the bounds sit
// a little beyond them, so that a change that makes the shipped model worse
// on either hand-written set fails here. v1 (testdata/eval) is a
// development set since round 3 was planned from its results; v2
// (testdata/eval_v2) is the held-out test.
func TestShippedModelOnEvalSet(t *testing.T) {
	for _, set := range []struct {
		dir    string
		n      int
		bounds map[string]evalBound
	}{
		{"eval", 1192, evalBounds},
		{"eval_v2", 1194, evalV2Bounds},
	} {
		t.Run(set.dir, func(t *testing.T) { checkEvalSet(t, set.dir, set.n, set.bounds) })
	}
}

type evalBound struct {
	minMacroF1, maxLawfulLabelled, maxLawfulFlagged, minRecallLabelled float64
}

func checkEvalSet(t *testing.T, dir string, n int, bounds map[string]evalBound) {
	m, err := classify.Default()
	if err != nil {
		t.Fatal(err)
	}
	r, err := classify.Evaluate(readEvalDir(t, dir), m.Predict, []string{"lang"})
	if err != nil {
		t.Fatal(err)
	}
	if r.N != n {
		t.Errorf("evaluation set has %d items, want %d (it is frozen)", r.N, n)
	}
	check := func(name string, n int, f1 float64, h classify.Headline, b evalBound) {
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
	check("all", r.N, r.MacroF1, r.Headline, bounds["all"])
	for _, s := range r.Slices {
		b, ok := bounds[s.Value]
		if !ok {
			t.Errorf("no bound for language %q", s.Value)
			continue
		}
		check(s.Value, s.N, s.MacroF1, s.Headline, b)
	}
}

// evalBounds (v1) and evalV2Bounds: measured once on clf-d983a61fc044
// (macro-F1, lawful labelled harmful, lawful flagged, harmful recall
// labelled), then loosened by about 0.03 (for Pashto and Arabic, with about
// 60 lawful items each, by at least two items) so that retraining noise does
// not fail the guard but a regression does. The figures still miss some of
// the project's targets; see classify/README.md.
var evalBounds = map[string]evalBound{
	// measured: 0.851, 0.017, 0.003, 0.928
	"all": {0.82, 0.05, 0.04, 0.89},
	// measured: 0.880, 0.019, 0.000, 0.926
	"en": {0.85, 0.05, 0.04, 0.89},
	// measured: 0.810, 0.019, 0.006, 0.892
	"roman-ur": {0.78, 0.05, 0.04, 0.86},
	// measured: 0.874, 0.019, 0.000, 0.989
	"ur": {0.84, 0.05, 0.04, 0.95},
	// measured: 0.871, 0.016, 0.016, 0.941
	"ps": {0.84, 0.05, 0.05, 0.88},
	// measured: 0.792, 0.000, 0.000, 0.853
	"ar": {0.76, 0.04, 0.04, 0.79},
}

var evalV2Bounds = map[string]evalBound{
	// measured: 0.787, 0.039, 0.016, 0.828
	"all": {0.76, 0.07, 0.05, 0.80},
	// measured: 0.818, 0.031, 0.006, 0.870
	"en": {0.79, 0.06, 0.04, 0.84},
	// measured: 0.686, 0.043, 0.025, 0.728
	"roman-ur": {0.65, 0.08, 0.06, 0.69},
	// measured: 0.849, 0.043, 0.025, 0.913
	"ur": {0.82, 0.08, 0.06, 0.88},
	// measured: 0.821, 0.032, 0.000, 0.788
	"ps": {0.79, 0.07, 0.04, 0.73},
	// measured: 0.762, 0.050, 0.017, 0.800
	"ar": {0.73, 0.09, 0.05, 0.74},
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
	for _, name := range []string{"TTP", "BLA", "Tehreek-e-Taliban Pakistan", "Umar Media", "Lashkar-e-Jhangvi", "داعش", "بلوچستان لبریشن آرمی", "Hafiz Gul Bahadur", "تحریک طالبان پاکستان", "#UmarMedia #TTP", "عمر میڈیا!"} {
		p := m.Predict(name)
		if p.Label != classify.LabelOther && p.Label != classify.LabelReporting {
			t.Errorf("bare name %q labelled %s (%.3f), want other or reporting", name, p.Label, p.Prob(p.Label))
		}
		if p.Flagged {
			t.Errorf("bare name %q flagged", name)
		}
	}
}

// TestNamesOnlyReadAsEmpty: text that is nothing but designated names gets
// the model's priors and says why; a name with words around it is read.
func TestNamesOnlyReadAsEmpty(t *testing.T) {
	m, err := classify.Default()
	if err != nil {
		t.Fatal(err)
	}
	empty := m.Predict("")
	tests := []struct {
		text      string
		namesOnly bool
	}{
		{"Umar Media", true},
		{"#UmarMedia #TTP", true},
		{"Jamaat-ul-Ahrar, Lashkar-e-Jhangvi!", true},
		{"  عمر میڈیا  ", true},
		{"Umar Media released a new video", false},
		{"Umar Media 🏴", false}, // an emoji is content
		{"TTP 2024", false},     // so is a number
		{"bla bla", false},      // not a name: "bla" in lower case is a word
	}
	for _, tc := range tests {
		p := m.Predict(tc.text)
		if got := p.Reason == classify.ReasonNamesOnly; got != tc.namesOnly {
			t.Errorf("%q: names only %v (reason %q), want %v", tc.text, got, p.Reason, tc.namesOnly)
		}
		if tc.namesOnly && (p.Probs != empty.Probs || p.Flagged) {
			t.Errorf("%q: probabilities %v flagged %v, want the priors %v unflagged", tc.text, p.Probs, p.Flagged, empty.Probs)
		}
	}
}
