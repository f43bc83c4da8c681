package policy_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/policy"
)

func loadEngine(t *testing.T, opt policy.Options) *policy.Policy {
	t.Helper()
	p, err := policy.Load("testdata/engine.yaml", opt)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return p
}

func TestEvaluateModesAndSeverity(t *testing.T) {
	p := loadEngine(t, policy.Options{})
	hit := func(rule string, a rampart.Action, reason string) rampart.RuleHit {
		return rampart.RuleHit{Rule: rule, Action: a, Reason: reason, Basis: "test basis"}
	}
	tests := []struct {
		name    string
		signals []rampart.Signal
		want    rampart.Decision
	}{
		{"nothing fires", nil, rampart.Decision{Action: rampart.ActionNone}},
		{
			// Two review rules tie: the first in the file decides. The
			// shadow rule's suspend is recorded and never acted on.
			"tie goes to file order; shadow recorded only",
			[]rampart.Signal{mention("ttp")},
			rampart.Decision{Action: rampart.ActionReview, Rule: "review-any-mention", Reason: "R_MENTION", Basis: "test basis",
				Fired:  []rampart.RuleHit{hit("review-any-mention", rampart.ActionReview, "R_MENTION"), hit("second-review-any-mention", rampart.ActionReview, "R_MENTION_2")},
				Shadow: []rampart.RuleHit{hit("shadow-suspend", rampart.ActionSuspend, "R_SHADOW")}},
		},
		{
			"most severe first: remove > withhold > review",
			[]rampart.Signal{mention("blf", "PK"), classifier("propaganda", 0.95, nil)},
			rampart.Decision{Action: rampart.ActionRemove, Rule: "remove-high-classifier", Reason: "R_REMOVE", Basis: "test basis",
				Fired: []rampart.RuleHit{
					hit("remove-high-classifier", rampart.ActionRemove, "R_REMOVE"),
					hit("withhold-pk", rampart.Withhold("PK"), "R_PK"),
					hit("review-any-mention", rampart.ActionReview, "R_MENTION"),
					hit("second-review-any-mention", rampart.ActionReview, "R_MENTION_2"),
				},
				Shadow: []rampart.RuleHit{hit("shadow-suspend", rampart.ActionSuspend, "R_SHADOW")}},
		},
		{
			"action_expr computes remove",
			[]rampart.Signal{hashMatch("ttp", "positive", 0)},
			rampart.Decision{Action: rampart.ActionRemove, Rule: "computed", Reason: "R_COMPUTED", Basis: "test basis",
				Fired: []rampart.RuleHit{hit("computed", rampart.ActionRemove, "R_COMPUTED")}},
		},
		{
			"action_expr computes refer",
			[]rampart.Signal{hashMatch("ttp", "positive", 12)},
			rampart.Decision{Action: rampart.ActionRefer, Rule: "computed", Reason: "R_COMPUTED", Basis: "test basis",
				Fired: []rampart.RuleHit{hit("computed", rampart.ActionRefer, "R_COMPUTED")}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := p.Evaluate(t.Context(), policy.Input{Subject: postSubject, Signals: tt.signals})
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if diff := cmp.Diff(tt.want, d); diff != "" {
				t.Errorf("decision (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVersionAndRules(t *testing.T) {
	p := loadEngine(t, policy.Options{})
	if !regexp.MustCompile(`^engine-test@7\+[0-9a-f]{12}$`).MatchString(p.Version()) {
		t.Errorf("Version() = %q, want engine-test@7+<12 hex>", p.Version())
	}
	var got []string
	for _, r := range p.Rules() {
		got = append(got, r.ID+" "+r.Mode+" "+string(r.Action)+" line "+itoa(r.Line))
	}
	want := []string{
		"review-any-mention live review line 6",
		"withhold-pk live withhold:PK line 11",
		"remove-high-classifier live remove line 16",
		"second-review-any-mention live review line 21",
		"shadow-suspend shadow suspend line 26",
		"disabled-would-error disabled suspend line 32",
		"computed live  line 39",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Rules() (-want +got):\n%s", diff)
	}
	// The same text under another name has the same version; one byte more
	// changes it.
	data := mustRead(t, "testdata/engine.yaml")
	p2, err := policy.Parse("elsewhere.yaml", data, policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p3, err := policy.Parse("edited.yaml", append(data, '\n'), policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p2.Version() != p.Version() || p3.Version() == p.Version() {
		t.Errorf("versions: same text %q vs %q; edited text %q", p.Version(), p2.Version(), p3.Version())
	}
}

func TestCostLimit(t *testing.T) {
	src := `name: cost
version: "1"
rules:
  - id: quadratic
    when: 'signals.exists(a, signals.exists(b, a.score + b.score > 5.0))'
    action: review
    reason: COST
    basis: test
`
	many := make([]rampart.Signal, 60)
	for i := range many {
		many[i] = mention("ttp")
	}
	tests := []struct {
		name    string
		limit   uint64
		signals []rampart.Signal
		wantErr bool
	}{
		{"small input under a small limit", 500, many[:2], false},
		{"quadratic input over a small limit", 500, many, true},
		{"quadratic input under the default limit", 0, many, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := policy.Parse("cost.yaml", []byte(src), policy.Options{CostLimit: tt.limit})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Evaluate(t.Context(), policy.Input{Subject: postSubject, Signals: tt.signals})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Evaluate error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && (!strings.Contains(err.Error(), `rule "quadratic" (line 4)`) || !strings.Contains(err.Error(), "cost limit")) {
				t.Errorf("error %q should name the rule, its line and the cost limit", err)
			}
		})
	}
}

func TestEvaluateRuntimeErrorNamesRule(t *testing.T) {
	src := `name: rt
version: "1"
rules:
  - id: needs-label
    when: 'signals.exists(s, s.attrs.label == "propaganda")'
    action: review
    reason: RT
    basis: test
  - id: bad-computed-action
    when: 'true'
    action_expr: '"obliterate"'
    reason: RT
    basis: test
`
	p, err := policy.Parse("rt.yaml", []byte(src), policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		signals []rampart.Signal
		want    string
	}{
		{"missing attribute", []rampart.Signal{mention("ttp")}, `rule "needs-label" (line 4) when: no such key: label`},
		{"invalid computed action", nil, `rule "bad-computed-action" (line 9) action_expr: action "obliterate"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Evaluate(t.Context(), policy.Input{Subject: postSubject, Signals: tt.signals})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Evaluate error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestEvaluateCancelled(t *testing.T) {
	p := loadEngine(t, policy.Options{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := p.Evaluate(ctx, policy.Input{Subject: postSubject})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Evaluate on a cancelled context: %v, want context.Canceled", err)
	}
}

// TestVariables checks each variable and helper of the environment against
// a crafted input.
func TestVariables(t *testing.T) {
	followers := int64(12)
	created := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	account := &rampart.Account{Platform: "x", ID: "44", Handle: "h", Name: "N", Bio: "bio",
		CreatedAt: created, Followers: &followers, Verified: true, Avatar: &rampart.Avatar{Default: true}}
	post := &rampart.Post{Platform: "telegram", ID: "9", AccountID: "44", Chat: "c", Text: "hello", Lang: "ur",
		CreatedAt: created, URLs: []string{"https://a.example"}, Hashtags: []string{"h1", "h2"},
		Media: []rampart.Media{{Type: "photo"}, {Type: "video"}}}
	postItem := &rampart.Item{Post: post}
	accountItem := &rampart.Item{Account: account}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	entities := func(id string) (rampart.Entity, bool) {
		switch id {
		case "bla":
			return rampart.Entity{ID: "bla", Name: "Balochistan Liberation Army", Kind: "organisation", Group: "bla",
				Category: rampart.CategoryArmedGroup, Designations: []rampart.Designation{
					{Authority: "PK", List: "nacta", Jurisdiction: "PK", ListedOn: time.Date(2006, 4, 7, 0, 0, 0, 0, time.UTC)},
					{Authority: "US", List: "fto", Jurisdiction: "US", ListedOn: time.Date(2025, 8, 11, 0, 0, 0, 0, time.UTC)},
					{Authority: "XX", List: "old", Jurisdiction: "XX", DelistedOn: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
				}}, true
		}
		return rampart.Entity{}, false
	}
	sigs := []rampart.Signal{mention("ttp", "UN", "pk"), classifier("propaganda", 0.7, nil), classifier("reporting", 0.4, nil),
		mention("bla"), mention("ttp", "UN")}
	tests := []struct {
		expr string
		item *rampart.Item
	}{
		{`subject.platform == "x" && subject.kind == "post" && subject.id == "1790000000000000001"`, nil},
		{`post.text == "hello" && post.lang == "ur" && post.media_count == 2 && post.hashtags == ["h1", "h2"]`, postItem},
		{`post.urls.size() == 1 && post.chat == "c" && post.account_id == "44" && post.reply_to == ""`, postItem},
		{`post.created_at == timestamp("2024-03-01T00:00:00Z")`, postItem},
		{`account.size() == 0 && post.size() == 13`, postItem},
		{`post.size() == 0 && account.handle == "h" && account.verified && account.default_avatar`, accountItem},
		{`account.followers == 12 && !has(account.following) && !has(account.posts_count)`, accountItem},
		{`account.created_at < timestamp("2025-01-01T00:00:00Z")`, accountItem},
		{`"bio" in account && !("nope" in account) && account.size() == 9`, accountItem},
		{`signals.size() == 5 && signals[0].detector == "designation" && signals[0].entity == "ttp"`, nil},
		{`signals[0].jurisdictions == ["UN", "pk"] && signals[3].jurisdictions.size() == 0`, nil},
		{`signals[1].attrs.label == "propaganda" && signals[1].attrs.probs.propaganda == 0.7`, nil},
		{`signals[0].attrs.size() == 0 && signals[1].score == 0.7`, nil},
		// Numbers of different types in dyn values compare by value.
		{`dyn(1) < 1.5 && dyn(2.0) == 2 && signals[1].attrs.probs.propaganda < 1`, nil},
		{`has_signal("classifier") && !has_signal("hash_match")`, nil},
		{`max_score("classifier") == 0.7 && max_score("bot_score") == 0.0`, nil},
		{`groups() == ["ttp", "bla"]`, nil},
		{`designated_in("ttp", "PK") && designated_in("ttp", "UN") && !designated_in("ttp", "GB")`, nil},
		{`designated_in("bla", "PK") && designated_in("bla", "US") && !designated_in("bla", "XX") && !designated_in("", "PK")`, nil},
		{`entity("bla").name == "Balochistan Liberation Army" && entity("bla").category == "armed_group"`, nil},
		{`entity("zzz") == {"id": "zzz", "name": "", "kind": "", "group": "", "category": ""}`, nil},
		{`cel.bind(c, signals.filter(s, s.kind == "classifier"), c.size() == 2)`, nil},
		{`signals[1].attrs.?nope.orValue("d") == "d" && "Hello".lowerAscii() == "hello"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			src := "name: v\nversion: '1'\nrules:\n  - id: r\n    when: '" + strings.ReplaceAll(tt.expr, "'", "''") +
				"'\n    action: review\n    reason: V\n    basis: test\n"
			p, err := policy.Parse("v.yaml", []byte(src), policy.Options{Now: func() time.Time { return now }})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			d, err := p.Evaluate(t.Context(), policy.Input{Subject: postSubject, Item: tt.item, Signals: sigs, Entities: entities})
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if d.Action != rampart.ActionReview {
				t.Errorf("expression was false")
			}
		})
	}
}

// TestAuthorFillsAccount: a post's author, when given, is the account.
func TestAuthorFillsAccount(t *testing.T) {
	src := "name: v\nversion: '1'\nrules:\n  - id: r\n    when: 'account.handle == \"au\" && post.id == \"9\"'\n    action: review\n    reason: V\n    basis: test\n"
	p, err := policy.Parse("v.yaml", []byte(src), policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := p.Evaluate(t.Context(), policy.Input{Subject: postSubject,
		Item: &rampart.Item{Post: &rampart.Post{ID: "9"}}, Author: &rampart.Account{Handle: "au"}})
	if err != nil || d.Action != rampart.ActionReview {
		t.Errorf("Evaluate = %v, %v; want review", d.Action, err)
	}
}

// TestConcurrentEvaluate runs one policy from many goroutines; run with
// -race to check that evaluation shares no mutable state.
func TestConcurrentEvaluate(t *testing.T) {
	p, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	in := policy.Input{Subject: postSubject, Entities: registry,
		Signals: []rampart.Signal{mention("ttp", "UN", "PK"), classifier("propaganda", 0.95, lowLawful)}}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			for range 200 {
				d, err := p.Evaluate(t.Context(), in)
				if err == nil && d.Rule != "propaganda-naming-designated" {
					err = errors.New("wrong rule " + d.Rule)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
