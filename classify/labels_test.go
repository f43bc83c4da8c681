package classify_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/classify"
)

// ownLabelExamples is a separable set on three labels of its own.
func ownLabelExamples() []classify.Example {
	vocab := map[string][]string{
		"o": {"you idiot shut up", "what a stupid fool"},
		"h": {"those people are vermin", "throw them out filthy lot"},
		"n": {"cricket match tomorrow", "weather is cold in quetta"},
	}
	var out []classify.Example
	for _, l := range []string{"h", "n", "o"} {
		for i, s := range vocab[l] {
			for j, x := range []string{"", " today", " yaar", " please", " ok", " now"} {
				out = append(out, classify.Example{ID: fmt.Sprintf("%s-%d-%d", l, i, j), Text: s + x, Label: l})
			}
		}
	}
	return out
}

func TestTrainOwnLabels(t *testing.T) {
	cfg := toyConfig()
	cfg.Labels = []string{"h", "n", "o"}
	m, err := classify.Train(t.Context(), ownLabelExamples(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"h", "n", "o"}, m.Labels()); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	if len(m.Meta().Thresholds) != 0 {
		t.Errorf("a model on its own labels has thresholds %v, want none", m.Meta().Thresholds)
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	got, err := classify.Load(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ text, want string }{
		{"those people are vermin", "h"},
		{"cricket match tomorrow", "n"},
		{"what a stupid fool", "o"},
	} {
		p := got.Predict(tc.text)
		if p.Label != tc.want {
			t.Errorf("%q: label %s, want %s", tc.text, p.Label, tc.want)
		}
		if p.Flagged {
			t.Errorf("%q: flagged by a model without propaganda or recruitment", tc.text)
		}
		var sum float64
		for i, v := range p.Probs {
			if i >= 3 && v != 0 {
				t.Errorf("%q: probability %g for label slot %d the model does not have", tc.text, v, i)
			}
			sum += v
		}
		if sum < 0.999 || sum > 1.001 {
			t.Errorf("%q: probabilities sum to %g", tc.text, sum)
		}
		if diff := cmp.Diff(m.Predict(tc.text), p); diff != "" {
			t.Errorf("%q: loaded model predicts differently (-trained +loaded):\n%s", tc.text, diff)
		}
	}
}

func TestTrainLabelErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		labels []string
		want   string
	}{
		{"one label", []string{"a"}, "want 2 to 6"},
		{"seven labels", []string{"a", "b", "c", "d", "e", "f", "g"}, "want 2 to 6"},
		{"repeated", []string{"h", "h"}, "appears twice"},
		{"example outside the labels", []string{"h", "n"}, `unknown label "o"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := toyConfig()
			cfg.Labels = tc.labels
			_, err := classify.Train(t.Context(), ownLabelExamples(), cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestPredictExplainHarmful(t *testing.T) {
	m, _ := toy(t)
	for _, tc := range []struct {
		text    string
		explain bool
	}{
		{"join the caravan now brothers", true},
		{"cricket match tomorrow at six", false},
	} {
		p := m.PredictExplainHarmful(tc.text)
		if got := len(p.Top) > 0; got != tc.explain {
			t.Errorf("%q (%s): explained %v, want %v", tc.text, p.Label, got, tc.explain)
		}
		if full := m.Predict(tc.text); full.Probs != p.Probs || full.Label != p.Label {
			t.Errorf("%q: PredictExplainHarmful differs from Predict beyond the explanation", tc.text)
		}
	}
}
