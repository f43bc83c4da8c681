package classify

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// Meta is the model file's metadata header: everything needed to know what a
// model is, how it was made and how well it did on its validation split.
type Meta struct {
	Name        string        `json:"name"`
	Labels      []string      `json:"labels"`
	Features    FeatureConfig `json:"features"`
	Training    TrainingInfo  `json:"training"`
	Date        time.Time     `json:"date"`
	Seed        uint64        `json:"seed"`
	Temperature float64       `json:"temperature"`
	// Thresholds is the least calibrated probability at which a primary
	// label of propaganda or recruitment is flagged; chosen on the
	// validation split (see ChooseThresholds).
	Thresholds map[string]float64 `json:"thresholds"`
	Validation ValidationMetrics  `json:"validation"`
	// Quantization of the stored weights: "float16".
	Quantization string `json:"quantization"`
}

// TrainingInfo names the data and settings a model was trained with.
type TrainingInfo struct {
	Data      []DataInfo `json:"data"`
	SHA256    string     `json:"sha256"` // over the training examples in order
	Examples  int        `json:"examples"`
	Valid     int        `json:"validation_examples"`
	Epochs    int        `json:"epochs"`
	L2        float64    `json:"l2"`
	Rate      float64    `json:"learning_rate"`
	Optimizer string     `json:"optimizer"`
}

// DataInfo is one named training source.
type DataInfo struct {
	Name     string `json:"name"`
	Licence  string `json:"licence,omitempty"`
	Examples int    `json:"examples"`
	SHA256   string `json:"sha256"`
}

// ValidationMetrics are measured on the validation split with the stored
// temperature and thresholds.
type ValidationMetrics struct {
	Accuracy  float64 `json:"accuracy"`
	MacroF1   float64 `json:"macro_f1"`
	LogLoss   float64 `json:"log_loss"`
	ECE       float64 `json:"ece"`
	LawfulFPR float64 `json:"lawful_flagged_rate"`
	Recall    float64 `json:"harmful_recall"`
	// LossByEpoch is the validation log-loss after each epoch (before
	// calibration): the training curve.
	LossByEpoch []float64 `json:"loss_by_epoch"`
}

// Model is a trained classifier. It is safe for concurrent use.
type Model struct {
	meta Meta
	// w is bucket-major with rows padded to rowStride floats (32 bytes), so
	// one bucket's weights for every label sit in one cache line:
	// w[b*rowStride+c]. Labels past k are zero.
	w       []float32
	k       int // number of labels
	bias    [NumLabels]float32
	thr     [NumLabels]float64 // per label; 2 (never) for unflagged labels
	version string
	namer   *namer
	pool    sync.Pool
}

// rowStride is the padded row length of the in-memory weight table.
const rowStride = 8

// Labels returns the model's labels in probability order: Labels[:] for the
// default six, or a real set's own labels for a model trained on one.
func (m *Model) Labels() []string { return append([]string(nil), m.meta.Labels...) }

// Meta returns a copy of the model's metadata.
func (m *Model) Meta() Meta {
	meta := m.meta
	meta.Labels = append([]string(nil), m.meta.Labels...)
	meta.Thresholds = make(map[string]float64, len(m.meta.Thresholds))
	for k, v := range m.meta.Thresholds {
		meta.Thresholds[k] = v
	}
	meta.Training.Data = append([]DataInfo(nil), m.meta.Training.Data...)
	meta.Validation.LossByEpoch = append([]float64(nil), m.meta.Validation.LossByEpoch...)
	return meta
}

// Version identifies the model file: "clf-" and the first 12 hex digits of
// the SHA-256 of its bytes. Findings record it.
func (m *Model) Version() string { return m.version }

// Threshold returns the stored flagging threshold of a label, and false for
// labels that are never flagged.
func (m *Model) Threshold(label string) (float64, bool) {
	t, ok := m.meta.Thresholds[label]
	return t, ok
}

// newModel wires a model from its parts and checks them. w has rowStride
// floats per bucket.
func newModel(meta Meta, w []float32, bias [NumLabels]float32) (*Model, error) {
	if err := meta.Features.Validate(); err != nil {
		return nil, err
	}
	if err := checkLabels(meta.Labels); err != nil {
		return nil, err
	}
	if want := (1 << meta.Features.BucketsLog2) * rowStride; len(w) != want {
		return nil, fmt.Errorf("model has %d weights: want %d for 2^%d buckets", len(w), want, meta.Features.BucketsLog2)
	}
	if !(meta.Temperature > 0) || math.IsInf(meta.Temperature, 0) {
		return nil, fmt.Errorf("model temperature %g: want a positive number", meta.Temperature)
	}
	m := &Model{meta: meta, w: w, bias: bias, k: len(meta.Labels)}
	for i := range m.thr {
		m.thr[i] = 2
	}
	if len(meta.Thresholds) > 0 && !isDefaultLabels(meta.Labels) {
		return nil, fmt.Errorf("model thresholds: only a model with the default labels %v flags", Labels)
	}
	for label, t := range meta.Thresholds {
		i, err := LabelIndex(label)
		if err != nil {
			return nil, fmt.Errorf("model thresholds: %w", err)
		}
		if !harmful(i) {
			return nil, fmt.Errorf("model threshold for %q: only propaganda and recruitment are flagged", label)
		}
		if !(t >= 0 && t <= 1) {
			return nil, fmt.Errorf("model threshold for %q is %g: want 0..1", label, t)
		}
		m.thr[i] = t
	}
	if meta.Features.Designation {
		n, err := sharedNamer()
		if err != nil {
			return nil, err
		}
		m.namer = n
	}
	cfg := meta.Features
	m.pool.New = func() any { return newFeaturizer(cfg) }
	return m, nil
}

// logits computes the raw (uncalibrated) class scores of a sparse vector.
// Labels past the model's k get -Inf, so that softmax gives them 0.
func (m *Model) logits(idx []int32, val []float32, z *[NumLabels]float64) {
	var a0, a1, a2, a3, a4, a5 float32
	w := m.w
	for k, b := range idx {
		v := val[k]
		o := int(b) * rowStride
		row := w[o : o+NumLabels : o+NumLabels]
		a0 += row[0] * v
		a1 += row[1] * v
		a2 += row[2] * v
		a3 += row[3] * v
		a4 += row[4] * v
		a5 += row[5] * v
	}
	acc := [NumLabels]float32{a0, a1, a2, a3, a4, a5}
	for c := range z {
		if c < m.k {
			z[c] = float64(acc[c] + m.bias[c])
		} else {
			z[c] = math.Inf(-1)
		}
	}
}

// softmax writes the probabilities of logits z at temperature t into p.
// Logits of -Inf (labels a model does not have) get probability 0.
func softmax(z *[NumLabels]float64, t float64, p *[NumLabels]float64) {
	mx := math.Inf(-1)
	for _, v := range z {
		mx = max(mx, v/t)
	}
	var s float64
	for c, v := range z {
		p[c] = math.Exp(v/t - mx)
		s += p[c]
	}
	for c := range p {
		p[c] /= s
	}
}

func argmax(p *[NumLabels]float64) int {
	best := 0
	for c := 1; c < NumLabels; c++ {
		if p[c] > p[best] {
			best = c
		}
	}
	return best
}
