package api_test

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

// TestReferralFlow drives a referral from draft to a reversed appeal
// through the Go client against a running server: draft (analyst) →
// approve (a supervisor other than the drafter) → submit → the liaison
// acknowledges and answers (one item actioned, one rejected) → compliance
// counts it → the liaison files an appeal → a reviewer reverses it.
func TestReferralFlow(t *testing.T) { forEachStore(t, testReferralFlow) }

func testReferralFlow(t *testing.T, b backend) {
	e := start(t, b, casework.Options{})
	ctx := t.Context()
	analyst, ana := e.user(t, "ref-analyst", rampart.RoleAnalyst, "")
	supervisor, _ := e.user(t, "ref-supervisor", rampart.RoleSupervisor, "")
	liaison, _ := e.user(t, "ref-liaison-x", rampart.RolePlatformLiaison, "x")
	otherLiaison, _ := e.user(t, "ref-liaison-fb", rampart.RolePlatformLiaison, "facebook")
	reviewer, _ := e.user(t, "ref-reviewer", rampart.RoleReviewer, "")
	auditor, _ := e.user(t, "ref-auditor", rampart.RoleAuditor, "")

	// Two x accounts flagged in testdata, as the analyst finds them.
	fl := must(analyst.Findings(ctx, url.Values{"platform": {"x"}, "limit": {"1000"}}))(t)
	var items []casework.NewItem
	seen := map[string]bool{}
	for _, f := range fl.Findings {
		if f.AccountID == "" || seen[f.AccountID] || len(items) == 2 {
			continue
		}
		seen[f.AccountID] = true
		it := casework.ItemFromFinding(f, 0, rampart.ActionSuspend)
		if it.Subject.ID != f.Finding.ID || it.Subject.ID == "" {
			t.Fatalf("finding from the API lost its item id: %+v", it.Subject)
		}
		it.Subject, it.ContentType = rampart.Subject{Platform: "x", Kind: "account", ID: f.AccountID}, "account"
		items = append(items, it)
	}
	if len(items) != 2 {
		t.Fatalf("testdata has %d flagged x accounts, want 2", len(items))
	}

	draft := must(analyst.CreateReferral(ctx, casework.NewReferral{Platform: "x",
		Terms: "Dangerous organisations and individuals policy", Items: items}, ""))(t)
	if draft.Status != rampart.RequestDraft || draft.CreatedBy != ana.ID {
		t.Fatalf("new referral: status %q by %d, want draft by %d", draft.Status, draft.CreatedBy, ana.ID)
	}

	// Wrong order, wrong role, wrong platform.
	refusals := []struct {
		name string
		err  error
		want int
	}{
		{"submit a draft", second(analyst.MoveReferral(ctx, draft.ID, "submit")), 409},
		{"analyst approves", second(analyst.MoveReferral(ctx, draft.ID, "approve")), 403},
		{"liaison drafts", second(liaison.CreateReferral(ctx, casework.NewReferral{Platform: "x", Terms: "t", Items: items}, "")), 403},
		{"other platform reads", second(otherLiaison.Referral(ctx, draft.ID)), 404},
	}
	for _, r := range refusals {
		if got := statusOf(r.err); got != r.want {
			t.Errorf("%s: status %d (%v), want %d", r.name, got, r.err, r.want)
		}
	}

	must(supervisor.MoveReferral(ctx, draft.ID, "approve"))(t)
	if got := statusOf(second(supervisor.MoveReferral(ctx, draft.ID, "approve"))); got != 409 {
		t.Errorf("approve twice: status %d, want 409", got)
	}
	sub := must(analyst.MoveReferral(ctx, draft.ID, "submit"))(t)
	if sub.Status != rampart.RequestSubmitted || sub.SubmittedAt.IsZero() {
		t.Fatalf("after submit: status %q submitted_at %v", sub.Status, sub.SubmittedAt)
	}
	if got := statusOf(second(otherLiaison.MoveReferral(ctx, draft.ID, "acknowledge"))); got != 404 {
		t.Errorf("facebook liaison acknowledges an x referral: status %d, want 404", got)
	}
	must(liaison.MoveReferral(ctx, draft.ID, "acknowledge"))(t)
	answered := must(liaison.AnswerReferral(ctx, draft.ID, []casework.ItemAnswer{
		{Item: 0, Outcome: rampart.OutcomeActioned},
		{Item: 1, Outcome: rampart.OutcomeRejected, Reason: "not_violating"},
	}))(t)
	if answered.Status != rampart.RequestPartiallyActioned {
		t.Errorf("after answers: status %q, want partially_actioned", answered.Status)
	}
	if got := statusOf(second(liaison.AnswerReferral(ctx, draft.ID, []casework.ItemAnswer{{Item: 0, Outcome: rampart.OutcomeRejected, Reason: "x"}}))); got != 409 {
		t.Errorf("answer an item twice: status %d, want 409", got)
	}

	listed := must(liaison.Referrals(ctx, url.Values{"status": {"partially_actioned"}}))(t)
	if len(listed.Referrals) != 1 || listed.Referrals[0].ID != draft.ID {
		t.Errorf("liaison's list: %+v, want referral %d", listed.Referrals, draft.ID)
	}
	if n := must(otherLiaison.Referrals(ctx, nil))(t); len(n.Referrals) != 0 {
		t.Errorf("facebook liaison lists %d x referrals", len(n.Referrals))
	}

	rep := must(auditor.Compliance(ctx))(t)
	// Time to action comes back through JSON: the server's real clock, so
	// only its presence is checked.
	if len(rep.Platforms) == 1 && (rep.Platforms[0].MedianToAction <= 0 || rep.Platforms[0].P90ToAction < rep.Platforms[0].MedianToAction) {
		t.Errorf("time to action lost on the way: median %v, p90 %v", rep.Platforms[0].MedianToAction, rep.Platforms[0].P90ToAction)
	}
	for i := range rep.Platforms {
		rep.Platforms[i].MedianToAction, rep.Platforms[i].P90ToAction = 0, 0
	}
	want := []casework.ComplianceRow{{Key: "x", Requests: 1, Items: 2, Actioned: 1, Rejected: 1, ShareActioned: 0.5,
		RejectionsBy: map[string]int{"not_violating": 1}}}
	if diff := cmp.Diff(want, rep.Platforms); diff != "" {
		t.Errorf("compliance by platform (-want +got):\n%s", diff)
	}

	sor := must(liaison.Notice(ctx, casework.KindReferral, draft.ID, 0))(t)
	if sor.PUID != items[0].Subject.ID {
		t.Errorf("statement of reasons puid %q, want %q", sor.PUID, items[0].Subject.ID)
	}
	if got := statusOf(second(liaison.Notice(ctx, casework.KindReferral, draft.ID, 1))); got != 409 {
		t.Errorf("notice for a rejected item: status %d, want 409", got)
	}

	ref := rampart.RequestRef{Kind: casework.KindReferral, ID: draft.ID, Item: 0}
	ap := must(liaison.FileAppeal(ctx, casework.NewAppeal{Ref: ref, Grounds: "The account is a news outlet reporting on the group."}, ""))(t)
	if ap.Status != rampart.AppealOpen || ap.Subject != items[0].Subject {
		t.Errorf("filed appeal: status %q subject %v", ap.Status, ap.Subject)
	}
	if got := statusOf(second(analyst.DecideAppeal(ctx, ap.ID, casework.AppealDecision{Outcome: rampart.AppealReversed, Reason: "r"}))); got != 403 {
		t.Errorf("analyst decides an appeal: status %d, want 403", got)
	}
	dec := must(reviewer.DecideAppeal(ctx, ap.ID, casework.AppealDecision{Outcome: rampart.AppealReversed,
		Reason: "News reporting, not propaganda."}))(t)
	if dec.Status != rampart.AppealReversed {
		t.Errorf("decided appeal: status %q, want reversed", dec.Status)
	}
	if got := statusOf(second(reviewer.DecideAppeal(ctx, ap.ID, casework.AppealDecision{Outcome: rampart.AppealUpheld, Reason: "r"}))); got != 409 {
		t.Errorf("decide twice: status %d, want 409", got)
	}
	after := must(auditor.Referral(ctx, draft.ID))(t)
	if got := after.Items[0].Outcome; got != rampart.OutcomeReversed {
		t.Errorf("appealed item outcome %q, want reversed", got)
	}
	if got := must(liaison.Appeal(ctx, ap.ID))(t); got.Status != rampart.AppealReversed {
		t.Errorf("liaison reads appeal: status %q", got.Status)
	}
	if got := statusOf(second(otherLiaison.Appeal(ctx, ap.ID))); got != 404 {
		t.Errorf("facebook liaison reads an x appeal: status %d, want 404", got)
	}
	rates := must(auditor.ReversalRates(ctx))(t)
	var byRule *casework.ReversalRate
	for i := range rates {
		if rates[i].By == "rule" && rates[i].Key == items[0].Rule {
			byRule = &rates[i]
		}
	}
	if byRule == nil || byRule.Decided != 1 || byRule.Reversed != 1 || byRule.Rate != 1 {
		t.Errorf("reversal rate of rule %q: %+v in %+v", items[0].Rule, byRule, rates)
	}
}

// second returns the error of a (value, error) pair.
func second[T any](_ T, err error) error { return err }
