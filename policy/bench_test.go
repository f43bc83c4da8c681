package policy_test

import (
	"testing"

	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/policy"
)

// BenchmarkEvaluate measures the shipped policy on the inputs the text path
// sees most: posts with no signal, a mention, and a mention with a
// classifier and a hash match.
func BenchmarkEvaluate(b *testing.B) {
	p, err := policy.Default()
	if err != nil {
		b.Fatal(err)
	}
	item := &rampart.Item{Post: &rampart.Post{Platform: "x", ID: "1", Text: "text"}}
	cases := []struct {
		name    string
		signals []rampart.Signal
	}{
		{"0-signals", nil},
		{"1-mention", []rampart.Signal{mention("ttp", "UN", "PK")}},
		{"2-mention-propaganda", []rampart.Signal{mention("ttp", "UN", "PK"), classifier("propaganda", 0.95, lowLawful)}},
		{"3-mention-reporting-hash", []rampart.Signal{mention("ttp", "UN", "PK"), classifier("reporting", 0.9, nil),
			hashMatch("ttp", "positive", 30, "UN", "PK")}},
	}
	for _, c := range cases {
		in := policy.Input{Subject: postSubject, Item: item, Signals: c.signals, Entities: registry}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Evaluate(b.Context(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseDefault(b *testing.B) {
	for b.Loop() {
		if _, err := policy.Default(); err != nil {
			b.Fatal(err)
		}
	}
}
