package classify_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/rampart-tt/rampart/classify"
)

// FuzzPredict: any bytes get a valid prediction, never a panic.
func FuzzPredict(f *testing.F) {
	for _, s := range []string{"", "join the caravan", "🏴🌹", "\xff\xfe", "کوئٹہ yaar T.T.P", "a\u200bb\u202ec"} {
		f.Add(s)
	}
	m, err := classify.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := m.Predict(s)
		if _, err := classify.LabelIndex(p.Label); err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, v := range p.Probs {
			if math.IsNaN(v) || v < 0 || v > 1 {
				t.Fatalf("probability %g", v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Fatalf("probabilities sum to %g", sum)
		}
		for _, c := range p.Top {
			if !utf8.ValidString(c.Feature) && utf8.ValidString(s) {
				t.Fatalf("feature %q is not valid UTF-8 for valid input", c.Feature)
			}
		}
	})
}

// FuzzLoadModel: corrupt files are refused with an error, never a panic;
// whatever loads must predict.
func FuzzLoadModel(f *testing.F) {
	f.Add(classify.DefaultBytes()[:64])
	f.Add([]byte("RAMPCLF\n\x01\x00\x00\x00"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := classify.Load(b)
		if err != nil {
			return
		}
		m.Predict("join the caravan")
		var out bytes.Buffer
		if _, err := m.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzReadExamples: bad JSONL yields an error naming the line, never a panic.
func FuzzReadExamples(f *testing.F) {
	f.Add(`{"text":"x","label":"other"}` + "\n")
	f.Add(`{"text":1}`)
	f.Add("\n\n{")
	f.Fuzz(func(t *testing.T, s string) {
		exs, err := classify.ReadExamples(bytes.NewReader([]byte(s)), "fuzz.jsonl")
		if err != nil {
			if !bytes.HasPrefix([]byte(err.Error()), []byte("fuzz.jsonl")) {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, ex := range exs {
			if _, err := classify.LabelIndex(ex.Label); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzLoadModelHeader: a file whose checksum is right but whose header
// says anything (other labels, sizes, thresholds) is refused with an
// error, never a panic. The checksum is recomputed so that the fuzzer gets
// past it; the weights are a small own-label model's.
func FuzzLoadModelHeader(f *testing.F) {
	cfg := toyConfig()
	cfg.Features.BucketsLog2 = 10
	cfg.Labels = []string{"h", "n", "o"}
	m, err := classify.Train(f.Context(), ownLabelExamples(), cfg)
	if err != nil {
		f.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		f.Fatal(err)
	}
	file := b.Bytes()
	hlen := int(binary.LittleEndian.Uint32(file[12:]))
	header, rest := file[16:16+hlen], file[16+hlen:len(file)-sha256.Size]
	f.Add(append([]byte(nil), header...))
	f.Add(bytes.Replace(header, []byte(`"labels":["h","n","o"]`), []byte(`"labels":["h","n"]`), 1))
	f.Add(bytes.Replace(header, []byte(`"labels":["h","n","o"]`), []byte(`"labels":["propaganda","recruitment","hate","reporting","counter_speech","other"]`), 1))
	f.Fuzz(func(t *testing.T, hdr []byte) {
		var out bytes.Buffer
		out.Write(file[:12])
		out.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(hdr))))
		out.Write(hdr)
		out.Write(rest)
		sum := sha256.Sum256(out.Bytes())
		out.Write(sum[:])
		m, err := classify.Load(out.Bytes())
		if err != nil {
			return
		}
		p := m.Predict("those people are vermin")
		if _, err := classify.LabelIndex(p.Label); err != nil && !slices.Contains(m.Labels(), p.Label) {
			t.Fatalf("label %q is not one of the model's %v", p.Label, m.Labels())
		}
	})
}
