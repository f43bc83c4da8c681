package classify_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/rampart-tt/rampart/classify"
)

// toyExamples is a separable six-class set: each label has its own
// vocabulary, repeated with variations, in two scripts.
func toyExamples() []classify.Example {
	vocab := map[string][]string{
		classify.LabelPropaganda:    {"glory to our lions", "our martyrs smell of musk 🏴", "victory release of the brothers"},
		classify.LabelRecruitment:   {"join the caravan now", "send donations inbox for contact", "come fight with us brothers join"},
		classify.LabelHate:          {"those people are vermin", "throw them all out they are dirty", "boycott their filthy shops"},
		classify.LabelReporting:     {"police said on tuesday", "officials reported casualties in the district", "according to the ministry statement"},
		classify.LabelCounterSpeech: {"we condemn this cowardly attack", "terrorism has no religion shame", "rest in peace to the victims"},
		classify.LabelOther:         {"cricket match tomorrow at six", "the weather in quetta is cold", "anyone know a good biryani place"},
	}
	suffix := []string{"", " today", " yaar", " please", " ok", " کل", " آج", " now"}
	var out []classify.Example
	for _, l := range classify.Labels {
		for i, s := range vocab[l] {
			for j, x := range suffix {
				out = append(out, classify.Example{ID: fmt.Sprintf("%s-%d-%d", l, i, j), Text: s + x, Label: l})
			}
		}
	}
	return out
}

func toyConfig() classify.TrainConfig {
	fc := classify.DefaultFeatureConfig()
	fc.BucketsLog2 = 14
	fc.Designation = false
	return classify.TrainConfig{
		Name: "toy", Features: fc, Seed: 7, ValidFrac: 0.2, Epochs: 15,
		Date: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC),
	}
}

func TestTrainConvergesOnSeparableSet(t *testing.T) {
	m, err := classify.Train(t.Context(), toyExamples(), toyConfig())
	if err != nil {
		t.Fatal(err)
	}
	meta := m.Meta()
	if meta.Validation.Accuracy < 0.95 {
		t.Errorf("validation accuracy %.3f on a separable set: want >= 0.95", meta.Validation.Accuracy)
	}
	curve := meta.Validation.LossByEpoch
	if len(curve) != 15 || curve[len(curve)-1] >= curve[0] {
		t.Errorf("validation loss did not fall: %v", curve)
	}
	for _, tc := range []struct{ text, want string }{
		{"glory to our lions and martyrs", classify.LabelPropaganda},
		{"join the caravan brothers", classify.LabelRecruitment},
		{"police said the ministry statement", classify.LabelReporting},
		{"cricket match tomorrow", classify.LabelOther},
	} {
		if got := m.Predict(tc.text).Label; got != tc.want {
			t.Errorf("Predict(%q) = %s, want %s", tc.text, got, tc.want)
		}
	}
}

func TestTrainDeterministic(t *testing.T) {
	var files [2][]byte
	for i := range files {
		m, err := classify.Train(t.Context(), toyExamples(), toyConfig())
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := m.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		files[i] = b.Bytes()
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("two runs with the same seed wrote different model files")
	}
	cfg := toyConfig()
	cfg.Seed = 8
	m, err := classify.Train(t.Context(), toyExamples(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(files[0], b.Bytes()) {
		t.Error("a different seed wrote the same model file: the seed is not used")
	}
}

func TestTrainRejectsBadInput(t *testing.T) {
	tests := []struct {
		name string
		ex   []classify.Example
		cfg  func(*classify.TrainConfig)
	}{
		{"unknown label", []classify.Example{{Text: "x", Label: "spam"}}, nil},
		{"too few examples", []classify.Example{{Text: "x", Label: "other"}}, nil},
		{"bad valid frac", toyExamples(), func(c *classify.TrainConfig) { c.ValidFrac = 0.7 }},
		{"bad buckets", toyExamples(), func(c *classify.TrainConfig) { c.Features.BucketsLog2 = 40 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := toyConfig()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			if _, err := classify.Train(t.Context(), tc.ex, cfg); err == nil {
				t.Fatal("Train succeeded, want an error")
			}
		})
	}
}
