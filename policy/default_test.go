package policy_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/policy"
)

// outcome is the part of a decision these tests pin down.
type outcome struct {
	Action rampart.Action
	Rule   string
	Fired  []string
	Shadow []string
}

func summarize(d rampart.Decision) outcome {
	o := outcome{Action: d.Action, Rule: d.Rule}
	for _, h := range d.Fired {
		o.Fired = append(o.Fired, h.Rule)
	}
	for _, h := range d.Shadow {
		o.Shadow = append(o.Shadow, h.Rule)
	}
	return o
}

func TestDefaultPolicy(t *testing.T) {
	p, err := policy.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	propaganda := classifier("propaganda", 0.95, lowLawful)
	tests := []struct {
		name    string
		subject rampart.Subject
		signals []rampart.Signal
		want    outcome
	}{
		{"no signals", postSubject, nil, outcome{Action: rampart.ActionNone}},
		{"mention alone", postSubject, []rampart.Signal{mention("ttp", "UN", "PK")},
			outcome{Action: rampart.ActionNone}},
		{"several mentions alone", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"), mention("bla", "PK", "GB", "US")},
			outcome{Action: rampart.ActionNone}},
		{"mention and reporting", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"),
			classifier("reporting", 0.9, map[string]float64{"propaganda": 0.05, "counter_speech": 0.05})},
			outcome{Action: rampart.ActionNone, Rule: "lawful-context", Fired: []string{"lawful-context"}}},
		{"mention and counter-speech", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"),
			classifier("counter_speech", 0.7, map[string]float64{"propaganda": 0.2, "reporting": 0.1})},
			outcome{Action: rampart.ActionNone, Rule: "lawful-context", Fired: []string{"lawful-context"}}},
		{"mention and propaganda 0.95", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"), propaganda},
			outcome{Action: rampart.ActionReview, Rule: "propaganda-naming-designated", Fired: []string{"propaganda-naming-designated"}}},
		{"mention and recruitment 0.93", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"), classifier("recruitment", 0.93, lowLawful)},
			outcome{Action: rampart.ActionReview, Rule: "recruitment-naming-designated", Fired: []string{"recruitment-naming-designated"}}},
		{"propaganda 0.95 without a group", postSubject, []rampart.Signal{propaganda},
			outcome{Action: rampart.ActionNone}},
		{"propaganda 0.85 is below the bar", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"), classifier("propaganda", 0.85, lowLawful)},
			outcome{Action: rampart.ActionNone}},
		{"propaganda 0.6 flagged by the model's own threshold", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"), flagged(classifier("propaganda", 0.6, lowLawful))},
			outcome{Action: rampart.ActionReview, Rule: "propaganda-naming-designated", Fired: []string{"propaganda-naming-designated"}}},
		{"flagged propaganda with reporting 0.3 is not actioned", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"),
			flagged(classifier("propaganda", 0.6, map[string]float64{"reporting": 0.3, "counter_speech": 0.05}))},
			outcome{Action: rampart.ActionNone}},
		{"propaganda primary but reporting likely (multi-label)", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"),
			classifier("propaganda", 0.95, map[string]float64{"reporting": 0.6, "counter_speech": 0.01})},
			outcome{Action: rampart.ActionNone, Rule: "lawful-context", Fired: []string{"lawful-context"}}},
		{"propaganda with reporting at 0.25 still not reviewed", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"),
			classifier("propaganda", 0.95, map[string]float64{"reporting": 0.25, "counter_speech": 0.01})},
			outcome{Action: rampart.ActionNone}},
		{"a second classifier says reporting", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"), propaganda,
			classifier("reporting", 0.8, nil)},
			outcome{Action: rampart.ActionNone, Rule: "lawful-context", Fired: []string{"lawful-context"}}},
		{"classifier without lawful probabilities cannot clear content", postSubject, []rampart.Signal{mention("ttp", "UN", "PK"),
			classifier("propaganda", 0.99, nil)},
			outcome{Action: rampart.ActionNone}},
		{"delisted group (no jurisdictions)", postSubject, []rampart.Signal{mention("old"), propaganda},
			outcome{Action: rampart.ActionNone}},
		{"rights movement on a national list is not screened", postSubject, []rampart.Signal{mention("ptm", "PK"), propaganda},
			outcome{Action: rampart.ActionNone}},
		{"propaganda linked by positive hash", postSubject, []rampart.Signal{propaganda, hashMatch("ttp", "positive", 40, "UN", "PK")},
			outcome{Action: rampart.ActionReview, Rule: "propaganda-naming-designated",
				Fired: []string{"propaganda-naming-designated", "known-content-hash-match"}}},
		{"hash match positive far: review only", postSubject, []rampart.Signal{hashMatch("ttp", "positive", 24, "UN", "PK")},
			outcome{Action: rampart.ActionReview, Rule: "known-content-hash-match", Fired: []string{"known-content-hash-match"}}},
		{"hash match positive near-exact: review, removal in shadow", postSubject, []rampart.Signal{hashMatch("ttp", "positive", 6, "UN", "PK")},
			outcome{Action: rampart.ActionReview, Rule: "known-content-hash-match", Fired: []string{"known-content-hash-match"},
				Shadow: []string{"known-content-near-exact-remove"}}},
		{"near-exact match on a news post: recorded in shadow, not queued", postSubject, []rampart.Signal{hashMatch("ttp", "positive", 0, "UN", "PK"),
			mention("ttp", "UN", "PK"), classifier("reporting", 0.9, nil)},
			outcome{Action: rampart.ActionNone, Rule: "lawful-context", Fired: []string{"lawful-context"},
				Shadow: []string{"known-content-in-reporting"}}},
		{"known poster in counter-speech without a name: not queued", postSubject, []rampart.Signal{hashMatch("iskp", "positive", 12, "UN", "US"),
			classifier("counter_speech", 0.8, nil)},
			outcome{Action: rampart.ActionNone, Rule: "lawful-context", Fired: []string{"lawful-context"},
				Shadow: []string{"known-content-in-reporting"}}},
		{"hash match negative opinion", postSubject, []rampart.Signal{hashMatch("ttp", "negative", 0, "UN", "PK")},
			outcome{Action: rampart.ActionNone}},
		{"bot amplifying propaganda is not exempted by one counter-speech post", accountSubject, []rampart.Signal{scored(rampart.SignalBotScore, "", 0.97),
			mention("iskp", "UN", "US"), classifier("propaganda", 0.99, lowLawful), classifier("counter_speech", 0.6, nil)},
			outcome{Action: rampart.ActionReview, Rule: "bot-naming-designated", Fired: []string{"bot-naming-designated", "lawful-context"}}},
		{"bot posting only counter-speech is exempt", accountSubject, []rampart.Signal{scored(rampart.SignalBotScore, "", 0.97),
			mention("iskp", "UN", "US"), classifier("counter_speech", 0.9, nil)},
			outcome{Action: rampart.ActionNone, Rule: "lawful-context", Fired: []string{"lawful-context"}}},
		{"bot 0.95 naming a group", accountSubject, []rampart.Signal{scored(rampart.SignalBotScore, "", 0.95), mention("ttp", "UN", "PK")},
			outcome{Action: rampart.ActionReview, Rule: "bot-naming-designated", Fired: []string{"bot-naming-designated"}}},
		{"bot 0.85 naming a group", accountSubject, []rampart.Signal{scored(rampart.SignalBotScore, "", 0.85), mention("ttp", "UN", "PK")},
			outcome{Action: rampart.ActionNone}},
		{"bot 0.95 without a group", accountSubject, []rampart.Signal{scored(rampart.SignalBotScore, "", 0.95)},
			outcome{Action: rampart.ActionNone}},
		{"news bot naming a group", accountSubject, []rampart.Signal{scored(rampart.SignalBotScore, "", 0.97), mention("ttp", "UN", "PK"),
			classifier("reporting", 0.92, nil)},
			outcome{Action: rampart.ActionNone, Rule: "lawful-context", Fired: []string{"lawful-context"}}},
		{"ban evasion 0.85 of a TTP account", accountSubject, []rampart.Signal{scored(rampart.SignalBanEvasion, "ttp", 0.85)},
			outcome{Action: rampart.ActionReview, Rule: "ban-evasion-designated", Fired: []string{"ban-evasion-designated"}}},
		{"ban evasion 0.7", accountSubject, []rampart.Signal{scored(rampart.SignalBanEvasion, "ttp", 0.7)},
			outcome{Action: rampart.ActionNone}},
		{"ban evasion for no group", accountSubject, []rampart.Signal{scored(rampart.SignalBanEvasion, "", 0.99)},
			outcome{Action: rampart.ActionNone}},
		{"coordinated propaganda cluster", clusterSubject, []rampart.Signal{scored(rampart.SignalCoordinated, "", 0.8),
			mention("ttp", "UN", "PK"), propaganda},
			outcome{Action: rampart.ActionReview, Rule: "propaganda-naming-designated",
				Fired: []string{"propaganda-naming-designated", "coordinated-propaganda"}}},
		{"coordinated cluster with only mentions", clusterSubject, []rampart.Signal{scored(rampart.SignalCoordinated, "", 0.8),
			mention("ttp", "UN", "PK")},
			outcome{Action: rampart.ActionNone}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := p.Evaluate(t.Context(), policy.Input{Subject: tt.subject, Signals: tt.signals, Entities: registry})
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if diff := cmp.Diff(tt.want, summarize(d)); diff != "" {
				t.Errorf("decision (-want +got):\n%s", diff)
			}
		})
	}
}

// Every default rule must carry a reason and a basis, and every live rule
// of the shipped policy is at most "review": nothing acts on its own.
func TestDefaultPolicyIsConservative(t *testing.T) {
	p, err := policy.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	if len(p.Rules()) == 0 {
		t.Fatal("default policy has no rules")
	}
	for _, r := range p.Rules() {
		if r.Reason == "" || len(r.Basis) < 40 {
			t.Errorf("rule %s: reason %q, basis %q: want both, with a real basis text", r.ID, r.Reason, r.Basis)
		}
		if r.Mode == rampart.ModeLive && r.Action.Severity() > rampart.ActionReview.Severity() {
			t.Errorf("rule %s: live with action %s; the default must not act without review", r.ID, r.Action)
		}
	}
}

// flagged marks a classifier signal as above the model's stored threshold.
func flagged(s rampart.Signal) rampart.Signal {
	attrs := map[string]any{"flagged": true}
	for k, v := range s.Attrs {
		attrs[k] = v
	}
	s.Attrs = attrs
	return s
}
