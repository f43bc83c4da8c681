package classify

import (
	"math"
	"unicode/utf8"
)

// Prediction is the classifier's answer for one text.
type Prediction struct {
	// Label is the primary label: the most probable one.
	Label string `json:"label"`
	// Probs are the calibrated probabilities, in the order of Labels.
	Probs [NumLabels]float64 `json:"-"`
	// Flagged is true when Label is propaganda or recruitment and its
	// probability is at least the model's stored threshold for it.
	Flagged bool `json:"flagged"`
	// Top are the features that pushed most towards Label.
	Top []Contribution `json:"top_features,omitempty"`
	// Truncated says the input was longer than the model's MaxBytes and only
	// its start was read.
	Truncated bool `json:"truncated,omitempty"`
	// InvalidUTF8 says the input had invalid bytes (read as U+FFFD).
	InvalidUTF8 bool `json:"invalid_utf8,omitempty"`
	// Reason is set when the prediction rests on no evidence: the text had
	// no letters, digits or emoji, so the probabilities are the model's
	// priors only.
	Reason string `json:"reason,omitempty"`
}

// Contribution is one feature and its weight towards the primary label
// (weight × feature value, in logits).
type Contribution struct {
	Feature string  `json:"feature"`
	Weight  float64 `json:"weight"`
}

// Prob returns the probability of a default label by name (0 for unknown
// labels). For a model with its own labels, index Probs by Model.Labels.
func (p Prediction) Prob(label string) float64 {
	for i, l := range Labels {
		if l == label {
			return p.Probs[i]
		}
	}
	return 0
}

// ProbMap returns the probabilities keyed by default label.
func (p Prediction) ProbMap() map[string]float64 {
	out := make(map[string]float64, NumLabels)
	for i, l := range Labels {
		out[l] = p.Probs[i]
	}
	return out
}

// ReasonNoEvidence is Prediction.Reason for text with nothing to read.
const ReasonNoEvidence = "no letters, digits or emoji to read: probabilities are the model's priors"

// ReasonNamesOnly is Prediction.Reason for text that is nothing but names
// of designated entities ("Umar Media", "#TTP BLA"): naming a group says
// nothing about stance, so such text is read as if it were empty and gets
// the model's priors, whatever the training data associated with the name.
const ReasonNamesOnly = "nothing but designated names: naming a group is no stance, so probabilities are the model's priors"

// TopFeatures is how many contributions Predict returns.
const TopFeatures = 5

// Predict classifies one text. It never panics: empty, symbol-only,
// over-long and invalid UTF-8 input all get a prediction, with Truncated,
// InvalidUTF8 or Reason saying what happened.
func (m *Model) Predict(text string) Prediction {
	return m.predict(text, explainAlways)
}

// PredictLabel is Predict without the explanation: the fast path for bulk
// scoring.
func (m *Model) PredictLabel(text string) Prediction {
	return m.predict(text, explainNever)
}

// PredictExplainHarmful is Predict with the explanation computed only when
// the primary label is propaganda or recruitment: what a detector needs,
// since only those predictions are acted on and reviewed, at nearly the
// cost of PredictLabel for everything else.
func (m *Model) PredictExplainHarmful(text string) Prediction {
	return m.predict(text, explainHarmful)
}

// When predict builds the explanation.
const (
	explainNever = iota
	explainAlways
	explainHarmful
)

func (m *Model) predict(text string, explain int) Prediction {
	var pr Prediction
	text, pr.Truncated = truncate(text, m.meta.Features.MaxBytes)
	pr.InvalidUTF8 = !utf8.ValidString(text)

	f := m.pool.Get().(*featurizer)
	defer m.pool.Put(f)
	var ms []string
	namesOnly := false
	if m.namer != nil {
		ms, namesOnly = m.namer.find(text)
	}
	if namesOnly {
		f.featurize("", nil)
		pr.Reason = ReasonNamesOnly
	} else {
		f.featurize(text, ms)
		if len(f.idx) == 0 {
			pr.Reason = ReasonNoEvidence
		}
	}
	var z [NumLabels]float64
	m.logits(f.idx, f.val, &z)
	softmax(&z, m.meta.Temperature, &pr.Probs)
	c := argmax(&pr.Probs)
	pr.Label = m.meta.Labels[c]
	pr.Flagged = pr.Probs[c] >= m.thr[c] // thr is 2 for labels never flagged
	if explain == explainAlways || (explain == explainHarmful && m.thr[c] <= 1) {
		pr.Top = m.explain(f, c, TopFeatures)
	}
	return pr
}

// explain returns the topK features with the largest positive contribution
// to class c. Only those few are turned into strings.
func (m *Model) explain(f *featurizer, c, topK int) []Contribution {
	type cand struct {
		k int
		w float64
	}
	var best [16]cand
	n := 0
	topK = min(topK, len(best))
	for k, b := range f.idx {
		w := float64(m.w[int(b)*rowStride+c]*f.val[k]) / m.meta.Temperature
		if !(w > 0) || math.IsInf(w, 0) {
			continue
		}
		// Insertion into a short sorted list; ties keep the first seen.
		if n < topK {
			best[n] = cand{k, w}
			n++
		} else if w > best[n-1].w {
			best[n-1] = cand{k, w}
		} else {
			continue
		}
		for i := n - 1; i > 0 && best[i].w > best[i-1].w; i-- {
			best[i], best[i-1] = best[i-1], best[i]
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Contribution, n)
	for i := range out {
		out[i] = Contribution{Feature: f.describe(best[i].k), Weight: best[i].w}
	}
	return out
}
