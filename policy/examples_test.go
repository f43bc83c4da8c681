package policy_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/policy"
)

// Every shipped example must load.
func TestExamplesLoad(t *testing.T) {
	files, err := filepath.Glob("../policies/examples/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		if _, err := policy.Load(f, policy.Options{}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestPakistanWithholdExample(t *testing.T) {
	p, err := policy.Load("../policies/examples/pakistan-withhold.yaml", policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	propaganda := classifier("propaganda", 0.95, lowLawful)
	tests := []struct {
		name    string
		signals []rampart.Signal
		want    outcome
	}{
		{"mention alone", []rampart.Signal{mention("blf", "PK")}, outcome{Action: rampart.ActionNone}},
		{"propaganda naming a group only Pakistan lists", []rampart.Signal{mention("blf", "PK"), propaganda},
			outcome{Action: rampart.Withhold("PK"), Rule: "propaganda-pk-only-withhold", Fired: []string{"propaganda-pk-only-withhold"}}},
		{"propaganda naming a UN-listed group", []rampart.Signal{mention("ttp", "PK", "UN"), propaganda},
			outcome{Action: rampart.ActionReview, Rule: "propaganda-widely-designated-review", Fired: []string{"propaganda-widely-designated-review"}}},
		{"rights movement on Pakistan's list", []rampart.Signal{mention("ptm", "PK"), propaganda},
			outcome{Action: rampart.ActionNone}},
		{"near-exact hash of a UN-listed group's content", []rampart.Signal{hashMatch("ttp", "positive", 4, "UN", "PK")},
			outcome{Action: rampart.ActionRemove, Rule: "known-content-near-exact", Fired: []string{"known-content-near-exact"}}},
		{"near-exact hash of a Pakistan-only group's content", []rampart.Signal{hashMatch("blf", "positive", 4, "PK")},
			outcome{Action: rampart.Withhold("PK"), Rule: "known-content-near-exact", Fired: []string{"known-content-near-exact"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := p.Evaluate(t.Context(), policy.Input{Subject: postSubject, Signals: tt.signals, Entities: registry})
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if diff := cmp.Diff(tt.want, summarize(d)); diff != "" {
				t.Errorf("decision (-want +got):\n%s", diff)
			}
		})
	}
}
