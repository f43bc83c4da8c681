package policy_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/policy"
)

func TestNeedsKinds(t *testing.T) {
	tests := []struct {
		when string
		want []string
	}{
		{`signals.exists(s, s.kind == "classifier" && s.score > 0.5)`, []string{"classifier"}},
		{`signals.exists(s, s.score > 0.5 && "hash_match" == s.kind)`, []string{"hash_match"}},
		{`has_signal("bot_score") && signals.exists(m, m.kind == "mention")`, []string{"bot_score", "mention"}},
		{`max_score("bot_score") >= 0.9`, []string{"bot_score"}},
		{`max_score("bot_score") > 0.0`, []string{"bot_score"}}, // 0 without the kind
		{`max_score("bot_score") >= 0.0`, nil},                  // true without the kind
		{`max_score("bot_score") >= 0.0 || true`, nil},          // under ||: not required
		{`!signals.exists(s, s.kind == "classifier")`, nil},     // negated: not required
		{`signals.exists(s, s.kind == "a" || s.kind == "b")`, nil},
		{`signals.all(s, s.kind == "mention")`, nil},
		{`subject.kind == "post"`, nil},
		{`has_signal("mention") && (has_signal("a") || has_signal("b"))`, []string{"mention"}},
	}
	for _, tc := range tests {
		p, err := policy.Parse("t.yaml", []byte("name: t\nversion: \"1\"\nrules:\n  - id: r\n    when: '"+tc.when+"'\n    action: review\n    reason: R\n    basis: B\n"), policy.Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.when, err)
		}
		if diff := cmp.Diff(tc.want, p.Rules()[0].NeedsKinds, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.when, diff)
		}
	}
}

// TestDefaultRulesNeedKinds: every default rule needs some signal kind, so
// subjects with only name mentions never pay for CEL evaluation beyond the
// rules that read mentions.
func TestDefaultRulesNeedKinds(t *testing.T) {
	p, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Rules() {
		if r.Mode == rampart.ModeDisabled {
			continue
		}
		if len(r.NeedsKinds) == 0 {
			t.Errorf("default rule %s needs no signal kind: it would run on every subject; is that intended?", r.ID)
		}
	}
}
