package classify

import (
	"fmt"
	"slices"
)

// Headline holds the two figures the project reports for the classifier.
// Lawful items are reporting, counter_speech and activism items (other with
// activism true); harmful items are propaganda and recruitment. "Labelled"
// counts the primary label; "flagged" also requires the stored threshold.
type Headline struct {
	Lawful           int     `json:"lawful"`
	LawfulLabelled   int     `json:"lawful_labelled_harmful"`
	LawfulFlagged    int     `json:"lawful_flagged"`
	LawfulLabelRate  float64 `json:"lawful_labelled_harmful_rate"`
	LawfulFlagRate   float64 `json:"lawful_flagged_rate"`
	Harmful          int     `json:"harmful"`
	HarmfulLabelled  int     `json:"harmful_labelled"`
	HarmfulFlagged   int     `json:"harmful_flagged"`
	RecallLabelled   float64 `json:"harmful_recall_labelled"`
	RecallFlagged    float64 `json:"harmful_recall_flagged"`
	Activism         int     `json:"activism"`
	ActivismFlagged  int     `json:"activism_flagged"`
	ActivismFlagRate float64 `json:"activism_flagged_rate"`
}

// Slice is the evaluation of the items sharing one value of a field.
type Slice struct {
	Field    string   `json:"field"`
	Value    string   `json:"value"`
	N        int      `json:"n"`
	Accuracy float64  `json:"accuracy"`
	MacroF1  float64  `json:"macro_f1"`
	Headline Headline `json:"headline"`
}

// EvalReport is the result of Evaluate.
type EvalReport struct {
	Model     string         `json:"model"`
	N         int            `json:"n"`
	Accuracy  float64        `json:"accuracy"`
	MacroF1   float64        `json:"macro_f1"`
	ECE       float64        `json:"ece"`
	Classes   []ClassMetrics `json:"classes"`
	Confusion Confusion      `json:"confusion"`
	Headline  Headline       `json:"headline"`
	Slices    []Slice        `json:"slices,omitempty"`
	PR        []PRCurve      `json:"-"`
}

// EvalFields are the fields Evaluate can break results down by.
var EvalFields = []string{"lang", "community", "group", "label", "source"}

func fieldValue(ex Example, field string) (string, error) {
	switch field {
	case "lang":
		return ex.Lang, nil
	case "community":
		return ex.Community, nil
	case "group":
		return ex.Group, nil
	case "label":
		return ex.Label, nil
	case "source":
		return ex.Source, nil
	}
	return "", fmt.Errorf("cannot break down by %q: want one of %v", field, EvalFields)
}

// Evaluate predicts every example and computes the report, with a slice per
// value of each field in by.
func Evaluate(examples []Example, predict func(string) Prediction, by []string) (*EvalReport, error) {
	for _, f := range by {
		if _, err := fieldValue(Example{}, f); err != nil {
			return nil, err
		}
	}
	ys := make([]int, len(examples))
	preds := make([]Prediction, len(examples))
	probs := make([][NumLabels]float64, len(examples))
	for i, ex := range examples {
		y, err := LabelIndex(ex.Label)
		if err != nil {
			return nil, fmt.Errorf("example %d (%s): %w", i, exampleName(ex), err)
		}
		ys[i] = y
		preds[i] = predict(ex.Text)
		probs[i] = preds[i].Probs
	}
	all := make([]int, len(examples))
	for i := range all {
		all[i] = i
	}
	r := &EvalReport{N: len(examples)}
	var cm Confusion
	for i := range examples {
		cm[ys[i]][argmax(&probs[i])]++
	}
	r.Confusion = cm
	r.Accuracy = cm.Accuracy()
	r.MacroF1 = cm.MacroF1()
	for c := range NumLabels {
		r.Classes = append(r.Classes, cm.Class(c))
	}
	r.ECE = ECE(probs, ys, 15)
	r.Headline = headline(examples, ys, preds, all)
	r.PR = prCurves(probs, ys)
	for _, f := range by {
		groups := map[string][]int{}
		for i, ex := range examples {
			v, _ := fieldValue(ex, f)
			if v == "" {
				v = "(none)"
			}
			groups[v] = append(groups[v], i)
		}
		keys := make([]string, 0, len(groups))
		for k := range groups {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			idx := groups[k]
			var cm Confusion
			for _, i := range idx {
				cm[ys[i]][argmax(&probs[i])]++
			}
			r.Slices = append(r.Slices, Slice{
				Field: f, Value: k, N: len(idx),
				Accuracy: cm.Accuracy(), MacroF1: cm.MacroF1(),
				Headline: headline(examples, ys, preds, idx),
			})
		}
	}
	return r, nil
}

func headline(examples []Example, ys []int, preds []Prediction, idx []int) Headline {
	var h Headline
	for _, i := range idx {
		c, _ := LabelIndex(preds[i].Label)
		lab := harmful(c)
		fl := preds[i].Flagged
		activism := ys[i] == idxOther && examples[i].Activism
		switch {
		case harmful(ys[i]):
			h.Harmful++
			if lab {
				h.HarmfulLabelled++
			}
			if fl {
				h.HarmfulFlagged++
			}
		case ys[i] == idxReporting || ys[i] == idxCounter || activism:
			h.Lawful++
			if lab {
				h.LawfulLabelled++
			}
			if fl {
				h.LawfulFlagged++
			}
			if activism {
				h.Activism++
				if fl {
					h.ActivismFlagged++
				}
			}
		}
	}
	h.LawfulLabelRate = ratio(h.LawfulLabelled, h.Lawful)
	h.LawfulFlagRate = ratio(h.LawfulFlagged, h.Lawful)
	h.RecallLabelled = ratio(h.HarmfulLabelled, h.Harmful)
	h.RecallFlagged = ratio(h.HarmfulFlagged, h.Harmful)
	h.ActivismFlagRate = ratio(h.ActivismFlagged, h.Activism)
	return h
}
