package classify

import (
	"fmt"
	"strings"
)

// Labels, in the fixed order used for probabilities and weights.
const (
	LabelPropaganda    = "propaganda"
	LabelRecruitment   = "recruitment"
	LabelHate          = "hate"
	LabelReporting     = "reporting"
	LabelCounterSpeech = "counter_speech"
	LabelOther         = "other"
)

// NumLabels is the number of default labels, and the most labels any model
// may have: probabilities live in fixed arrays of this size so that the hot
// path never allocates. A model with fewer labels (one trained on a real
// set's own label set) leaves the tail of each array at zero.
const NumLabels = 6

// Labels lists the default labels in index order: for the shipped model,
// Prediction.Probs[i] is the probability of Labels[i]. Other models list
// their own labels in Model.Labels.
var Labels = [NumLabels]string{
	LabelPropaganda, LabelRecruitment, LabelHate,
	LabelReporting, LabelCounterSpeech, LabelOther,
}

// Label indexes, matching Labels.
const (
	idxPropaganda = iota
	idxRecruitment
	idxHate
	idxReporting
	idxCounter
	idxOther
)

// LabelIndex returns the index of a default label name.
func LabelIndex(label string) (int, error) {
	for i, l := range Labels {
		if l == label {
			return i, nil
		}
	}
	return -1, fmt.Errorf("unknown label %q: want one of propaganda, recruitment, hate, reporting, counter_speech, other", label)
}

// indexIn returns the index of label in labels.
func indexIn(labels []string, label string) (int, error) {
	for i, l := range labels {
		if l == label {
			return i, nil
		}
	}
	return -1, fmt.Errorf("unknown label %q: want one of %s", label, strings.Join(labels, ", "))
}

// isDefaultLabels reports whether labels are the six default labels in
// order: only such models flag (propaganda and recruitment).
func isDefaultLabels(labels []string) bool {
	if len(labels) != NumLabels {
		return false
	}
	for i, l := range labels {
		if l != Labels[i] {
			return false
		}
	}
	return true
}

// checkLabels validates a model's label list.
func checkLabels(labels []string) error {
	if len(labels) < 2 || len(labels) > NumLabels {
		return fmt.Errorf("model labels %q: want 2 to %d labels", labels, NumLabels)
	}
	seen := map[string]bool{}
	for i, l := range labels {
		if l == "" {
			return fmt.Errorf("model label %d is empty", i)
		}
		if seen[l] {
			return fmt.Errorf("model label %q appears twice", l)
		}
		seen[l] = true
	}
	return nil
}

// harmful reports whether a label index is one the classifier flags
// (propaganda or recruitment).
func harmful(i int) bool { return i == idxPropaganda || i == idxRecruitment }

// lawful reports whether a label index is lawful speech that must not be
// flagged: reporting, counter-speech or other.
func lawful(i int) bool { return i == idxReporting || i == idxCounter || i == idxOther }
