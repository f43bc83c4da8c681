package classify

import "fmt"

// Labels, in the fixed order used for probabilities and weights.
const (
	LabelPropaganda    = "propaganda"
	LabelRecruitment   = "recruitment"
	LabelHate          = "hate"
	LabelReporting     = "reporting"
	LabelCounterSpeech = "counter_speech"
	LabelOther         = "other"
)

// NumLabels is the number of labels.
const NumLabels = 6

// Labels lists the labels in index order: Prediction.Probs[i] is the
// probability of Labels[i].
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

// LabelIndex returns the index of a label name.
func LabelIndex(label string) (int, error) {
	for i, l := range Labels {
		if l == label {
			return i, nil
		}
	}
	return -1, fmt.Errorf("unknown label %q: want one of propaganda, recruitment, hate, reporting, counter_speech, other", label)
}

// harmful reports whether a label index is one the classifier flags
// (propaganda or recruitment).
func harmful(i int) bool { return i == idxPropaganda || i == idxRecruitment }

// lawful reports whether a label index is lawful speech that must not be
// flagged: reporting, counter-speech or other.
func lawful(i int) bool { return i == idxReporting || i == idxCounter || i == idxOther }
