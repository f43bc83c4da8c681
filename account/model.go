package account

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
)

// Heads of a model, chosen by what is available for an account.
const (
	HeadProfile  = "profile"  // account metadata only
	HeadActivity = "activity" // metadata and posts
)

// Head is one logistic regression over a subset of features. Inputs are
// standardised with Mean and Std; a missing feature takes the value 0 (the
// training mean) and adds its Missing weight instead.
type Head struct {
	Name     string    `json:"name"`
	Features []string  `json:"features"`
	Mean     []float64 `json:"mean"`
	Std      []float64 `json:"std"`
	Weights  []float64 `json:"weights"`
	Missing  []float64 `json:"missing"` // weight of each feature's missing indicator
	Bias     float64   `json:"bias"`
}

// Model is a versioned set of heads with a note on where it came from.
type Model struct {
	Version  string `json:"version"`
	Training string `json:"training"` // data and terms, one line
	Heads    []Head `json:"heads"`
}

//go:embed model/default.json
var defaultModelJSON []byte

// DefaultModel returns a copy of the committed model (see README.md for its
// card).
func DefaultModel() *Model {
	m, err := ReadModel(bytes.NewReader(defaultModelJSON))
	if err != nil {
		// The embedded file is checked by the tests; reaching this is a build defect.
		panic(fmt.Sprintf("account: embedded default model: %v", err))
	}
	return m
}

// defaultModel is the shared, read-only default model.
var defaultModel = sync.OnceValue(DefaultModel)

// ReadModel reads and validates a model written by WriteModel.
func ReadModel(r io.Reader) (*Model, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("read bot model: %w", err)
	}
	if err := m.validate(); err != nil {
		return nil, fmt.Errorf("read bot model: %w", err)
	}
	return &m, nil
}

// WriteModel writes m as indented JSON.
func WriteModel(w io.Writer, m *Model) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("write bot model: %w", err)
	}
	return nil
}

func (m *Model) validate() error {
	if m.Version == "" {
		return fmt.Errorf("version is empty")
	}
	if len(m.Heads) == 0 {
		return fmt.Errorf("no heads")
	}
	for i, h := range m.Heads {
		n := len(h.Features)
		if n == 0 {
			return fmt.Errorf("heads[%d] (%s): no features", i, h.Name)
		}
		if len(h.Mean) != n || len(h.Std) != n || len(h.Weights) != n || len(h.Missing) != n {
			return fmt.Errorf("heads[%d] (%s): mean, std, weights and missing must each have %d entries", i, h.Name, n)
		}
		for j, f := range h.Features {
			if _, ok := featureIndex[f]; !ok {
				return fmt.Errorf("heads[%d].features[%d]: unknown feature %q", i, j, f)
			}
			if !(h.Std[j] > 0) || !finite(h.Mean[j]) || !finite(h.Weights[j]) || !finite(h.Missing[j]) {
				return fmt.Errorf("heads[%d] feature %s: std must be > 0 and all numbers finite", i, f)
			}
		}
		if !finite(h.Bias) {
			return fmt.Errorf("heads[%d] (%s): bias is not finite", i, h.Name)
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// head returns the named head, or the first one.
func (m *Model) head(name string) *Head {
	for i := range m.Heads {
		if m.Heads[i].Name == name {
			return &m.Heads[i]
		}
	}
	return &m.Heads[0]
}

// Contribution is one feature's part in a score: its raw value and weight ×
// standardised value (for a missing feature, the weight of its indicator).
type Contribution struct {
	Name         string  `json:"name"`
	Value        float64 `json:"value"`
	Contribution float64 `json:"contribution"`
}

// BotScore is a bot score in [0,1] (higher = more likely automated or fake),
// the largest contributions by magnitude, the features that were missing,
// and the head used.
type BotScore struct {
	Value   float64
	Top     []Contribution
	Missing []string
	Head    string
}

// TopN is how many contributions a BotScore keeps.
const TopN = 5

// Predict scores a feature vector with one head.
func (h *Head) Predict(v Vector) BotScore {
	z := h.Bias
	contribs := make([]Contribution, 0, len(h.Features))
	var missing []string
	for j, f := range h.Features {
		x, ok := v.Get(f)
		var c float64
		if ok {
			c = h.Weights[j] * (x - h.Mean[j]) / h.Std[j]
		} else {
			c = h.Missing[j]
			missing = append(missing, f)
		}
		z += c
		contribs = append(contribs, Contribution{Name: f, Value: x, Contribution: c})
	}
	slices.SortStableFunc(contribs, func(a, b Contribution) int {
		switch ca, cb := math.Abs(a.Contribution), math.Abs(b.Contribution); {
		case ca > cb:
			return -1
		case ca < cb:
			return 1
		}
		return 0
	})
	contribs = slices.DeleteFunc(contribs, func(c Contribution) bool { return c.Contribution == 0 })
	if len(contribs) > TopN {
		contribs = contribs[:TopN]
	}
	return BotScore{Value: sigmoid(z), Top: contribs, Missing: missing, Head: h.Name}
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
