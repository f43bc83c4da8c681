package classify_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/classify"
)

func featureNames(t *testing.T, cfg classify.FeatureConfig, text string) []string {
	t.Helper()
	fs, err := classify.ListFeatures(cfg, text)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
	}
	return names
}

func TestFeatures(t *testing.T) {
	cfg := classify.DefaultFeatureConfig()
	cfg.BucketsLog2 = 16
	cfg.CharMax = 5 // the featuriser's behaviour, at longer orders than the shipped model's
	cfg.Designation = false
	tests := []struct {
		name    string
		text    string
		want    []string // must be present
		notWant []string // must be absent
	}{
		{"words and bigram", "Join us now", []string{"w:join", "w:us", "b:\"join us\"", "c:j", "c:\" join\"", "c:\"now \""}, nil},
		{"separators fold away", "T.T.P", []string{"w:ttp", "c:ttp"}, []string{"w:t"}},
		{"hashtag reads as word", "#TTP", []string{"w:ttp"}, nil},
		{"leetspeak folded in char n-grams", "j0in", []string{"c:join", "w:j0in"}, nil},
		{"script change splits words", "yaarیار", []string{"w:yaar", "w:یار"}, []string{"w:yaarیار"}},
		{"emoji kept", "victory 🏴🌹", []string{"e:🏴", "e:🌹", "w:victory"}, nil},
		{"char orders bounded", "abcdefg", []string{"c:abcde"}, []string{"c:abcdef"}},
		{"empty", "", nil, []string{"w:"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := featureNames(t, cfg, tc.text)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %s in %v", w, got)
				}
			}
			for _, w := range tc.notWant {
				if slices.Contains(got, w) {
					t.Errorf("unexpected %s in %v", w, got)
				}
			}
		})
	}
}

func TestFeaturesNormalised(t *testing.T) {
	for _, block := range []bool{false, true} {
		cfg := classify.DefaultFeatureConfig()
		cfg.BucketsLog2 = 12 // small, so that signed collisions happen
		cfg.Designation = false
		cfg.BlockNorm = block
		for _, text := range []string{"a", "Join us now brothers", strings.Repeat("long post words ", 300), "کوئٹہ پریس کلب", "🏴"} {
			fs, err := classify.ListFeatures(cfg, text)
			if err != nil {
				t.Fatal(err)
			}
			var ss, chars float64
			for _, f := range fs {
				ss += f.Value * f.Value
				if strings.HasPrefix(f.Name, "c:") {
					chars += f.Value * f.Value
				}
			}
			if math.Abs(ss-1) > 1e-4 {
				t.Errorf("block %v, %.20q: squared norm %g, want 1", block, text, ss)
			}
			// With BlockNorm, characters and words carry half the norm each
			// when both are present (a lone emoji has no characters).
			if block && chars > 0 && chars < 1-1e-4 && math.Abs(chars-0.5) > 1e-4 {
				t.Errorf("block norm, %.20q: character block squared norm %g, want 0.5", text, chars)
			}
		}
	}
}

func TestFeaturesDesignation(t *testing.T) {
	cfg := classify.DefaultFeatureConfig()
	cfg.BucketsLog2 = 16
	got := featureNames(t, cfg, "Umar Media released a video of the TTP")
	for _, w := range []string{"d:named", "d:group:ttp", "d:media_wing"} {
		if !slices.Contains(got, w) {
			t.Errorf("missing %s in %v", w, got)
		}
	}
	fs, _ := classify.ListFeatures(cfg, "Umar Media released a video of the TTP")
	for _, f := range fs {
		if strings.HasPrefix(f.Name, "d:") && math.Abs(math.Abs(f.Value)-cfg.DesignationValue) > 1e-6 {
			t.Errorf("%s has value %g, want ±%g", f.Name, f.Value, cfg.DesignationValue)
		}
	}
	if got := featureNames(t, cfg, "cricket tomorrow"); slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "d:") }) {
		t.Errorf("designation features on text naming nobody: %v", got)
	}
}

func TestFeatureConfigValidate(t *testing.T) {
	for _, mod := range []func(*classify.FeatureConfig){
		func(c *classify.FeatureConfig) { c.BucketsLog2 = 9 },
		func(c *classify.FeatureConfig) { c.CharMin = 0 },
		func(c *classify.FeatureConfig) { c.CharMin, c.CharMax = 4, 3 },
		func(c *classify.FeatureConfig) { c.MaxBytes = 1 },
		func(c *classify.FeatureConfig) { c.DesignationValue = 3 },
	} {
		c := classify.DefaultFeatureConfig()
		mod(&c)
		if c.Validate() == nil {
			t.Errorf("%+v validated, want an error", c)
		}
	}
}
