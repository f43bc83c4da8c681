package classify

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Example is one labelled text, for training and for evaluation. Only Text
// and Label are read by training; the other fields are for splitting
// (Template) and for evaluation breakdowns.
type Example struct {
	ID        string `json:"id,omitempty"`
	Text      string `json:"text"`
	Label     string `json:"label"`
	Lang      string `json:"lang,omitempty"`
	Group     string `json:"group,omitempty"`
	Community string `json:"community,omitempty"`
	Activism  bool   `json:"activism,omitempty"`
	Template  string `json:"template,omitempty"`
	Source    string `json:"source,omitempty"`
}

// TrainConfig configures a training run. The zero value of each field means
// its default.
type TrainConfig struct {
	Name string
	// Labels are the model's labels (default: the six of Labels). A model
	// with other labels is for measuring the learner on a real set's own
	// label set; it never flags.
	Labels   []string
	Features FeatureConfig // zero: DefaultFeatureConfig
	Seed     uint64
	// ValidFrac is the share of examples held out for calibration and
	// thresholds (default 0.15). Examples with a Template are held out by
	// whole template, so near-paraphrases never straddle the split.
	ValidFrac float64
	// Valid, when set, is the validation split to use instead of holding
	// out part of the examples (a real set's own split, say).
	Valid  []Example
	Epochs int     // default 10
	L2     float64 // per-example L2 strength on touched weights; default 1e-6
	Rate   float64 // Adagrad base learning rate; default 0.3
	// MaxLawfulFlagged is the most lawful validation items (reporting,
	// counter_speech, other) thresholds may flag; default 0.02.
	MaxLawfulFlagged float64
	// Data names the training sources, for the model file; Date is written
	// as the training date (inject it: the file must be reproducible).
	Data []DataInfo
	Date time.Time
	// Log, when set, receives one line per epoch.
	Log func(format string, args ...any)
}

func (c *TrainConfig) defaults() {
	if c.Features == (FeatureConfig{}) {
		c.Features = DefaultFeatureConfig()
	}
	if c.ValidFrac == 0 {
		c.ValidFrac = 0.15
	}
	if c.Epochs == 0 {
		c.Epochs = 10
	}
	if c.L2 == 0 {
		c.L2 = 1e-6
	}
	if c.Rate == 0 {
		c.Rate = 0.3
	}
	if c.MaxLawfulFlagged == 0 {
		c.MaxLawfulFlagged = 0.02
	}
	if c.Name == "" {
		c.Name = "rampart-classifier"
	}
	if len(c.Labels) == 0 {
		c.Labels = Labels[:]
	}
}

// sparse is one featurised example.
type sparse struct {
	idx []int32
	val []float32
	y   int
}

// Train fits a model on examples. It is deterministic: the same examples,
// config and seed give a byte-identical model file.
//
// The model is multinomial logistic regression trained by Adagrad (Duchi,
// Hazan and Singer, JMLR 2011) with a per-epoch decaying base rate, class
// weights inversely proportional to class frequency, and L2 regularisation
// applied to the weights each example touches (the usual lazy approximation
// for sparse inputs). Weights are then rounded to float16 (what the file
// stores), a temperature is fitted on the validation split (Guo et al., ICML
// 2017), and flagging thresholds are chosen there (ChooseThresholds).
func Train(ctx context.Context, examples []Example, cfg TrainConfig) (*Model, error) {
	cfg.defaults()
	if err := cfg.Features.Validate(); err != nil {
		return nil, err
	}
	if cfg.ValidFrac <= 0 || cfg.ValidFrac >= 0.5 {
		return nil, fmt.Errorf("train: validation fraction %g: want more than 0 and less than 0.5", cfg.ValidFrac)
	}
	if cfg.Epochs < 1 || cfg.Epochs > 1000 {
		return nil, fmt.Errorf("train: epochs %d: want 1..1000", cfg.Epochs)
	}
	if err := checkLabels(cfg.Labels); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	var trainIdx, validIdx []int
	if len(cfg.Valid) > 0 {
		// The given validation split goes after the training examples.
		for i := range examples {
			trainIdx = append(trainIdx, i)
		}
		for i := range cfg.Valid {
			validIdx = append(validIdx, len(examples)+i)
		}
		examples = append(examples[:len(examples):len(examples)], cfg.Valid...)
	} else {
		trainIdx, validIdx = splitValidation(examples, cfg.ValidFrac, cfg.Seed)
	}
	ys := make([]int, len(examples))
	for i, ex := range examples {
		y, err := indexIn(cfg.Labels, ex.Label)
		if err != nil {
			return nil, fmt.Errorf("train: example %d (%s): %w", i, exampleName(ex), err)
		}
		ys[i] = y
	}
	if len(trainIdx) == 0 || len(validIdx) == 0 {
		return nil, fmt.Errorf("train: %d examples give %d for training and %d for validation: need more data", len(examples), len(trainIdx), len(validIdx))
	}

	meta := Meta{
		Name:         cfg.Name,
		Labels:       cfg.Labels,
		Features:     cfg.Features,
		Date:         cfg.Date.UTC(),
		Seed:         cfg.Seed,
		Quantization: "float16",
		Training: TrainingInfo{
			Data: cfg.Data, SHA256: ExamplesSHA256(examples), // with Valid, if given
			Examples: len(trainIdx), Valid: len(validIdx),
			Epochs: cfg.Epochs, L2: cfg.L2, Rate: cfg.Rate,
			Optimizer: "adagrad",
		},
		Temperature: 1,
	}
	nw := (1 << cfg.Features.BucketsLog2) * rowStride
	nl := len(cfg.Labels)
	m, err := newModel(meta, make([]float32, nw), [NumLabels]float32{})
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}

	featurize := func(idx []int) ([]sparse, error) {
		out := make([]sparse, len(idx))
		f := newFeaturizer(cfg.Features)
		for k, i := range idx {
			if k%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("train: %w", err)
				}
			}
			text, _ := truncate(examples[i].Text, cfg.Features.MaxBytes)
			var ms []string
			if m.namer != nil {
				ms = m.namer.features(text)
			}
			f.featurize(text, ms)
			out[k] = sparse{idx: append([]int32(nil), f.idx...), val: append([]float32(nil), f.val...), y: ys[i]}
		}
		return out, nil
	}
	train, err := featurize(trainIdx)
	if err != nil {
		return nil, err
	}
	valid, err := featurize(validIdx)
	if err != nil {
		return nil, err
	}

	// Class weights: n / (K × n_c), so each class carries equal total weight;
	// classes absent from training get weight 0.
	var counts [NumLabels]int
	for _, s := range train {
		counts[s.y]++
	}
	var cw [NumLabels]float64
	for c, n := range counts {
		if n > 0 {
			cw[c] = float64(len(train)) / float64(nl*n)
		}
	}

	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	g2 := make([]float32, nw)
	var gb2 [NumLabels]float64
	var bias [NumLabels]float64
	var z, p [NumLabels]float64
	const eps = 1e-8
	for ep := 0; ep < cfg.Epochs; ep++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		// Schedule: the base rate decays as 1/sqrt(1+epoch) on top of
		// Adagrad's per-coordinate scaling, to settle in the last epochs.
		rate := cfg.Rate / math.Sqrt(1+float64(ep))
		for _, i := range order {
			s := &train[i]
			for c := range z {
				z[c] = bias[c]
				if c >= nl {
					z[c] = math.Inf(-1)
				}
			}
			for k, b := range s.idx {
				row := m.w[int(b)*rowStride:]
				v := float64(s.val[k])
				for c := range nl {
					z[c] += float64(row[c]) * v
				}
			}
			softmax(&z, 1, &p)
			var g [NumLabels]float64
			for c := range nl {
				t := 0.0
				if c == s.y {
					t = 1
				}
				g[c] = cw[s.y] * (p[c] - t)
			}
			for c := range nl {
				gb2[c] += g[c] * g[c]
				bias[c] -= rate * g[c] / (math.Sqrt(gb2[c]) + eps)
			}
			for k, b := range s.idx {
				base := int(b) * rowStride
				v := float64(s.val[k])
				for c := range nl {
					w := float64(m.w[base+c])
					gr := g[c]*v + cfg.L2*w
					acc := float64(g2[base+c]) + gr*gr
					g2[base+c] = float32(acc)
					m.w[base+c] = float32(w - rate*gr/(math.Sqrt(acc)+eps))
				}
			}
		}
		loss := m.logLoss(valid, bias, 1)
		meta.Validation.LossByEpoch = append(meta.Validation.LossByEpoch, round6(loss))
		if cfg.Log != nil {
			cfg.Log("epoch %d/%d: validation log-loss %.4f", ep+1, cfg.Epochs, loss)
		}
	}
	for c := range bias {
		m.bias[c] = float32(bias[c])
	}
	quantize(m.w)

	// Calibrate and choose thresholds on the validation split.
	logits := make([][NumLabels]float64, len(valid))
	vy := make([]int, len(valid))
	for i, s := range valid {
		m.sparseLogits(s, &logits[i])
		vy[i] = s.y
	}
	t := FitTemperature(logits, vy)
	probs := make([][NumLabels]float64, len(valid))
	for i := range logits {
		softmax(&logits[i], t, &probs[i])
	}
	meta.Temperature = round6(t)
	thr := [NumLabels]float64{2, 2, 2, 2, 2, 2}
	if isDefaultLabels(cfg.Labels) {
		thr = ChooseThresholds(probs, vy, cfg.MaxLawfulFlagged)
		meta.Thresholds = map[string]float64{LabelPropaganda: thr[idxPropaganda], LabelRecruitment: thr[idxRecruitment]}
	}
	for i := range logits {
		softmax(&logits[i], meta.Temperature, &probs[i])
	}
	vm := validationMetrics(probs, vy, thr)
	if !isDefaultLabels(cfg.Labels) {
		vm.LawfulFPR, vm.Recall = 0, 0 // no harmful or lawful labels
	}
	vm.LossByEpoch = meta.Validation.LossByEpoch
	meta.Validation = vm

	out, err := newModel(meta, m.w, m.bias)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	b, err := out.encode()
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	out.version = versionOf(b)
	return out, nil
}

func (m *Model) sparseLogits(s sparse, z *[NumLabels]float64) {
	m.logits(s.idx, s.val, z)
}

// logLoss is the mean negative log-likelihood of data under weights m.w and
// the given bias, at temperature t.
func (m *Model) logLoss(data []sparse, bias [NumLabels]float64, t float64) float64 {
	if len(data) == 0 {
		return 0
	}
	for c := range m.bias {
		m.bias[c] = float32(bias[c])
	}
	var z, p [NumLabels]float64
	var sum float64
	for _, s := range data {
		m.sparseLogits(s, &z)
		softmax(&z, t, &p)
		sum -= math.Log(max(p[s.y], 1e-15))
	}
	return sum / float64(len(data))
}

// splitValidation assigns examples to training and validation. Examples
// sharing a non-empty Template go to the same side; the assignment of units
// is a seeded shuffle, so it is deterministic.
func splitValidation(examples []Example, frac float64, seed uint64) (train, valid []int) {
	unitOf := make(map[string]int)
	units := [][]int{}
	for i, ex := range examples {
		if ex.Template == "" {
			units = append(units, []int{i})
			continue
		}
		u, ok := unitOf[ex.Template]
		if !ok {
			u = len(units)
			unitOf[ex.Template] = u
			units = append(units, nil)
		}
		units[u] = append(units[u], i)
	}
	rng := rand.New(rand.NewPCG(seed^0x5851f42d4c957f2d, seed))
	perm := rng.Perm(len(units))
	want := int(math.Round(frac * float64(len(examples))))
	inValid := make([]bool, len(examples))
	n := 0
	for _, u := range perm {
		if n >= want {
			break
		}
		for _, i := range units[u] {
			inValid[i] = true
		}
		n += len(units[u])
	}
	for i := range examples {
		if inValid[i] {
			valid = append(valid, i)
		} else {
			train = append(train, i)
		}
	}
	return train, valid
}

// ExamplesSHA256 hashes the examples' texts and labels in order, each field
// length-prefixed so that no two different lists hash alike.
func ExamplesSHA256(examples []Example) string {
	h := sha256.New()
	var n [8]byte
	for _, ex := range examples {
		for _, s := range []string{ex.Text, ex.Label} {
			binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
			h.Write(n[:])
			h.Write([]byte(s))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func exampleName(ex Example) string {
	if ex.ID != "" {
		return ex.ID
	}
	s, _ := truncate(ex.Text, 40)
	return fmt.Sprintf("%q", s)
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
