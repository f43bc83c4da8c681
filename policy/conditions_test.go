package policy_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/policy"
)

// conditionsPolicy names two conditions, the second built on the first, and
// uses them in a rule next to its own clause.
const conditionsPolicy = `
name: conditions
version: "1"
conditions:
  lawful_likely: |
    signals.exists(c, c.kind == "classifier" &&
      c.attrs.?label.orValue("") in ["reporting", "counter_speech"])
  harmful_named: |
    signals.exists(m, m.kind == "mention" && m.group != "") && !lawful_likely()
rules:
  - id: harmful
    when: has_signal("classifier") && harmful_named()
    action: review
    reason: R
    basis: b
  - id: lawful
    when: lawful_likely()
    action: none
    reason: L
    basis: b
`

func TestConditions(t *testing.T) {
	p, err := policy.Parse("conditions.yaml", []byte(conditionsPolicy), policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The prefilter reads through a condition: the rule needs the
	// classifier (its own clause) and a mention (inside harmful_named).
	if diff := cmp.Diff([]string{rampart.SignalClassifier, rampart.SignalMention}, p.Rules()[0].NeedsKinds); diff != "" {
		t.Errorf("needed kinds (-want +got):\n%s", diff)
	}
	tests := []struct {
		name    string
		signals []rampart.Signal
		action  rampart.Action
		rule    string
	}{
		{"propaganda naming a group", []rampart.Signal{mention("ttp", "PK"), classifier("propaganda", 0.95, lowLawful)}, rampart.ActionReview, "harmful"},
		{"reporting naming a group", []rampart.Signal{mention("ttp", "PK"), classifier("reporting", 0.9, nil)}, rampart.ActionNone, "lawful"},
		{"propaganda naming none", []rampart.Signal{classifier("propaganda", 0.95, lowLawful)}, rampart.ActionNone, ""},
		{"a mention alone", []rampart.Signal{mention("ttp", "PK")}, rampart.ActionNone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := p.Evaluate(t.Context(), policy.Input{Subject: postSubject, Signals: tt.signals})
			if err != nil {
				t.Fatal(err)
			}
			if d.Action != tt.action || d.Rule != tt.rule {
				t.Errorf("decision %s by %q, want %s by %q", d.Action, d.Rule, tt.action, tt.rule)
			}
		})
	}
}
