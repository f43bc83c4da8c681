package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
)

// account is an x account with many findings in testdata.
const account = "1890764750978456951"

func TestCaseLifecycle(t *testing.T) { forEachStore(t, testCaseLifecycle) }

func testCaseLifecycle(t *testing.T, b backend) {
	e := start(t, b, casework.Options{})
	ctx := t.Context()
	analyst, _ := e.user(t, "ana", rampart.RoleAnalyst, "")
	rev1, _ := e.user(t, "rev1", rampart.RoleReviewer, "")
	rev2, _ := e.user(t, "rev2", rampart.RoleReviewer, "")

	fl := must(analyst.Findings(ctx, url.Values{"account": {account}}))(t)
	if len(fl.Findings) == 0 {
		t.Fatalf("no findings for account %s", account)
	}
	k := must(analyst.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: account}, ""))(t)
	var want []int64
	for _, f := range fl.Findings {
		want = append(want, f.ID)
	}
	if diff := cmp.Diff(want, k.Findings); diff != "" {
		t.Errorf("case findings (-want +got):\n%s", diff)
	}
	if k.Status != rampart.CaseOpen || k.Platform != "x" || k.Priority != casework.Priority(k.Confidence, k.Action) {
		t.Errorf("new case = status %s platform %q priority %d; want open, x, Priority(%v, %s)", k.Status, k.Platform, k.Priority, k.Confidence, k.Action)
	}

	// Illegal moves are conflicts.
	for _, to := range []rampart.CaseStatus{rampart.CaseDecided, rampart.CaseClosed, rampart.CaseOpen} {
		if _, err := analyst.Transition(ctx, k.ID, to); statusOf(err) != http.StatusConflict {
			t.Errorf("open → %s: %v, want 409", to, err)
		}
	}
	if _, err := analyst.Transition(ctx, k.ID, "bogus"); statusOf(err) != http.StatusBadRequest {
		t.Errorf("open → bogus: %v, want 400", err)
	}

	// Claims are exclusive.
	must(rev1.Claim(ctx, k.ID))(t)
	if _, err := rev2.Claim(ctx, k.ID); statusOf(err) != http.StatusConflict {
		t.Errorf("second claim: %v, want 409", err)
	}
	if _, err := rev2.Decide(ctx, k.ID, casework.Decision{Action: "remove", Reason: "TVEC", Basis: "policy 4.1"}); statusOf(err) != http.StatusConflict {
		t.Errorf("decide without claim: %v, want 409", err)
	}
	// Two-person rule: the first remove is pending, the same reviewer
	// cannot confirm it, a second one can.
	d := casework.Decision{Action: rampart.ActionRemove, Reason: "TVEC_PROPAGANDA", Basis: "Community standard 4.1; PECA s.37", Notes: "logo and call to join"}
	k = must(rev1.Decide(ctx, k.ID, d))(t)
	if k.Status != rampart.CaseInReview || k.Pending == nil || k.Decision != nil || k.Claim != nil {
		t.Fatalf("after first remove: status %s pending %v decision %v claim %v", k.Status, k.Pending, k.Decision, k.Claim)
	}
	if _, err := rev1.Claim(ctx, k.ID); statusOf(err) != http.StatusConflict {
		t.Errorf("first reviewer claims again: %v, want 409", err)
	}
	must(rev2.Claim(ctx, k.ID))(t)
	k = must(rev2.Decide(ctx, k.ID, d))(t)
	if k.Status != rampart.CaseDecided || k.Decision == nil || k.Decision.Action != rampart.ActionRemove || k.Pending != nil {
		t.Fatalf("after second remove: status %s decision %+v pending %v", k.Status, k.Decision, k.Pending)
	}
	if _, err := analyst.Transition(ctx, k.ID, rampart.CaseInReview); statusOf(err) != http.StatusConflict {
		t.Errorf("decided → in_review: %v, want 409", err)
	}
	k = must(analyst.Transition(ctx, k.ID, rampart.CaseClosed))(t)
	if k.Status != rampart.CaseClosed {
		t.Errorf("status %s, want closed", k.Status)
	}

	// Every change is in the audit log, and the chain verifies.
	al := must(e.admin.Audit(ctx, 0, 1000))(t)
	var actions []string
	for _, r := range al.Records {
		if r.Subject == "case/1" {
			actions = append(actions, r.Action)
		}
	}
	wantActions := []string{"case.create", "review.claim", "review.first_decision", "review.claim", "review.decide", "case.transition"}
	if diff := cmp.Diff(wantActions, actions); diff != "" {
		t.Errorf("audit actions for case/1 (-want +got):\n%s", diff)
	}
	v := must(e.admin.VerifyAudit(ctx))(t)
	if !v.OK || v.Records != int64(len(al.Records)) {
		t.Errorf("verify = %+v, want ok over %d records", v, len(al.Records))
	}
}

func TestSingleReviewerWhenRuleOff(t *testing.T) { forEachStore(t, testSingleReviewerWhenRuleOff) }

func testSingleReviewerWhenRuleOff(t *testing.T, b backend) {
	e := start(t, b, casework.Options{TwoPerson: []rampart.Action{}})
	ctx := t.Context()
	rev, _ := e.user(t, "rev", rampart.RoleReviewer, "")
	k := must(e.admin.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: account}, ""))(t)
	must(rev.Claim(ctx, k.ID))(t)
	k = must(rev.Decide(ctx, k.ID, casework.Decision{Action: rampart.ActionSuspend, Reason: "R", Basis: "B"}))(t)
	if k.Status != rampart.CaseDecided {
		t.Errorf("status %s, want decided with the two-person rule off", k.Status)
	}
}

func TestQueueOrder(t *testing.T) { forEachStore(t, testQueueOrder) }

func testQueueOrder(t *testing.T, b backend) {
	e := start(t, b, casework.Options{})
	ctx := t.Context()
	// Cases of varying priority, one of them a threat to life.
	fl := must(e.admin.Findings(ctx, url.Values{"limit": {"1000"}}))(t)
	accounts := map[string]bool{}
	var keys []string
	for _, f := range fl.Findings {
		if f.AccountID != "" && !accounts[f.AccountID] {
			accounts[f.AccountID] = true
			keys = append(keys, f.AccountID)
		}
	}
	if len(keys) < 6 {
		t.Fatalf("only %d accounts in testdata", len(keys))
	}
	var made []rampart.Case
	for i, key := range keys[:6] {
		k := must(e.admin.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: key, ThreatToLife: i == 4}, ""))(t)
		made = append(made, k)
	}
	q := must(e.admin.Reviews(ctx, 0))(t)
	var got []int64
	for _, k := range q {
		got = append(got, k.ID)
	}
	slices.SortStableFunc(made, func(a, b rampart.Case) int {
		switch {
		case a.ThreatToLife != b.ThreatToLife:
			if a.ThreatToLife {
				return -1
			}
			return 1
		case a.Priority != b.Priority:
			return b.Priority - a.Priority
		}
		return a.Deadline.Compare(b.Deadline)
	})
	var want []int64
	for _, k := range made {
		want = append(want, k.ID)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("queue order (-want +got):\n%s", diff)
	}
	if got[0] != made[0].ID || !made[0].ThreatToLife {
		t.Errorf("threat-to-life case is not first")
	}
}

func TestCreateCaseByClusterAndEntity(t *testing.T) {
	forEachStore(t, testCreateCaseByClusterAndEntity)
}

func testCreateCaseByClusterAndEntity(t *testing.T, b backend) {
	e := start(t, b, casework.Options{})
	ctx := t.Context()
	for _, nc := range []casework.NewCase{
		{GroupBy: rampart.GroupCluster, Key: "c-68dfcc8aef10"},
		{GroupBy: rampart.GroupEntity, Key: "ttp", Platform: "x"},
	} {
		k, err := e.admin.CreateCase(ctx, nc, "")
		if err != nil {
			t.Errorf("%s %s: %v", nc.GroupBy, nc.Key, err)
			continue
		}
		if len(k.Findings) == 0 {
			t.Errorf("%s %s: no findings", nc.GroupBy, nc.Key)
		}
	}
	_, err := e.admin.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupEntity, Key: "no-such-entity"}, "")
	if statusOf(err) != http.StatusBadRequest {
		t.Errorf("case without findings: %v, want 400", err)
	}
}

func TestIdempotency(t *testing.T) { forEachStore(t, testIdempotency) }

func testIdempotency(t *testing.T, b backend) {
	e := start(t, b, casework.Options{})
	ctx := t.Context()
	nc := casework.NewCase{GroupBy: rampart.GroupAccount, Key: account}
	a := must(e.admin.CreateCase(ctx, nc, "key-1"))(t)
	again := must(e.admin.CreateCase(ctx, nc, "key-1"))(t)
	if diff := cmp.Diff(a, again); diff != "" {
		t.Errorf("retry with the same key gave another case (-first +retry):\n%s", diff)
	}
	status, h, _ := raw(t, "POST", e.url+"/api/v1/cases", e.secret, `{"group_by":"account","key":"`+account+`"}`,
		map[string]string{"Idempotency-Key": "key-1"})
	if status != http.StatusCreated || h.Get("Idempotent-Replayed") != "true" {
		t.Errorf("raw retry: %d replayed=%q, want 201 replayed", status, h.Get("Idempotent-Replayed"))
	}
	nc.Title = "different"
	if _, err := e.admin.CreateCase(ctx, nc, "key-1"); statusOf(err) != http.StatusConflict {
		t.Errorf("same key, other body: %v, want 409", err)
	}
	c := must(e.admin.CreateCase(ctx, nc, ""))(t)
	if c.ID == a.ID {
		t.Errorf("a create without a key reused case %d", a.ID)
	}
	list := must(e.admin.Cases(ctx, nil))(t)
	if len(list.Cases) != 2 {
		t.Errorf("%d cases, want 2", len(list.Cases))
	}
}

func TestAuthentication(t *testing.T) { forEachStore(t, testAuthentication) }

func testAuthentication(t *testing.T, b backend) {
	e := start(t, b, casework.Options{})
	ctx := t.Context()
	_, _, auditor := e.userSecret(t, "aud", rampart.RoleAuditor, "")
	_, u := e.user(t, "ana", rampart.RoleAnalyst, "")
	short := must(e.admin.CreateToken(ctx, casework.NewToken{UserID: u.ID, TTL: "1ms"}))(t)
	revoked := must(e.admin.CreateToken(ctx, casework.NewToken{UserID: u.ID}))(t)
	must(e.admin.RevokeToken(ctx, revoked.Token.ID))(t)

	unauth := api.Problem{Type: api.ProblemTypePrefix + "unauthenticated", Title: "Unauthorized", Status: 401, Code: "unauthenticated"}
	tests := []struct {
		name   string
		header string
		want   api.Problem
	}{
		{"no header", "", unauth},
		{"not bearer", "Basic YWRtaW46YWRtaW4=", unauth},
		{"unknown token", "Bearer rpt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", unauth},
		{"expired token", "Bearer " + short.Secret, unauth},
		{"revoked token", "Bearer " + revoked.Secret, unauth},
		{"valid token without the role", "Bearer " + auditor,
			api.Problem{Type: api.ProblemTypePrefix + "forbidden", Title: "Forbidden", Status: 403, Code: "forbidden"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			if tc.header != "" {
				h["Authorization"] = tc.header
			}
			status, hdr, body := raw(t, "POST", e.url+"/api/v1/cases", "", `{"group_by":"account","key":"x"}`, h)
			got := problemOf(t, body)
			got.Detail = ""
			if diff := cmp.Diff(tc.want, got); diff != "" || status != tc.want.Status {
				t.Errorf("status %d, problem (-want +got):\n%s", status, diff)
			}
			if ct := hdr.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q", ct)
			}
			if status == 401 && hdr.Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		})
	}
}
