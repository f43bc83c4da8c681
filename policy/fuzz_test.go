package policy_test

import (
	"errors"
	"path/filepath"
	"testing"

	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/policies"
	"github.com/rampart-tt/rampart/policy"
)

// FuzzParse feeds arbitrary bytes to Parse: it must never panic, a failure
// must be a *ParseError with at least one problem, and a policy that loads
// must evaluate a typical input without panicking (runtime errors are
// allowed: a fuzzed rule may read a key the input lacks).
func FuzzParse(f *testing.F) {
	f.Add(policies.Default)
	seeds, _ := filepath.Glob("testdata/errors/*.yaml")
	more, _ := filepath.Glob("testdata/*.yaml")
	examples, _ := filepath.Glob("../policies/examples/*.yaml")
	for _, s := range append(append(seeds, more...), examples...) {
		f.Add(mustRead(f, s))
	}
	in := policy.Input{Subject: postSubject, Entities: registry,
		Item: &rampart.Item{Post: &rampart.Post{ID: "1", Text: "t"}},
		Signals: []rampart.Signal{mention("ttp", "UN", "PK"), classifier("propaganda", 0.95, lowLawful),
			hashMatch("ttp", "positive", 3, "UN")}}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := policy.Parse("fuzz.yaml", data, policy.Options{CostLimit: 10_000})
		if err != nil {
			var pe *policy.ParseError
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			return
		}
		if _, err := p.Evaluate(t.Context(), in); err != nil {
			return
		}
		_ = p.Version()
		_ = p.Rules()
	})
}
