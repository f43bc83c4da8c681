package casework_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/postgres"
	"github.com/rampart-tt/rampart/sim"
	"github.com/rampart-tt/rampart/sqlite"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// flagged is the referral unit's list: 481 harmful accounts of a sim
// export (propaganda, bot and evader accounts by ground truth), in label
// order, grouped by platform.
const flagged = 481

var platforms = []string{"x", "facebook", "instagram", "telegram", "whatsapp"}

func flaggedAccounts(t *testing.T) map[string][]rampart.Subject {
	t.Helper()
	var items, labels bytes.Buffer
	cfg := sim.Config{Seed: 481, Accounts: 1500, Platforms: platforms,
		AccountMix: sim.Mix{Organic: 0.45, News: 0.05, Researcher: 0.05, CounterSpeech: 0.05, Activist: 0.05, Propaganda: 0.15, Bot: 0.2}}
	if _, err := sim.Generate(t.Context(), cfg, &items, &labels); err != nil {
		t.Fatal(err)
	}
	out := map[string][]rampart.Subject{}
	n := 0
	for l, err := range sim.ReadLabels(&labels) {
		if err != nil {
			t.Fatal(err)
		}
		if l.Kind != "account" || n == flagged {
			continue
		}
		switch l.Role {
		case sim.RolePropaganda, sim.RoleBot, sim.RoleEvader:
			out[l.Platform] = append(out[l.Platform], l.Subject())
			n++
		}
	}
	if n != flagged {
		t.Fatalf("sim export has %d harmful accounts, want at least %d", n, flagged)
	}
	return out
}

// clock is a test clock that moves only when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

var (
	analyst     = rampart.Principal{UserID: 1, Name: "ana", Role: rampart.RoleAnalyst}
	supervisor  = rampart.Principal{UserID: 2, Name: "sup", Role: rampart.RoleSupervisor}
	supervisor2 = rampart.Principal{UserID: 3, Name: "sue", Role: rampart.RoleSupervisor}
	reviewer    = rampart.Principal{UserID: 9, Name: "rev", Role: rampart.RoleReviewer}
)

func liaison(platform string) rampart.Principal {
	id := int64(100 + slices.Index(platforms, platform))
	return rampart.Principal{UserID: id, Name: "liaison-" + platform, Role: rampart.RolePlatformLiaison, Platform: platform}
}

func code(t *testing.T, err error, want string, what string) {
	t.Helper()
	if got := rampart.ErrorCode(err); got != want {
		t.Errorf("%s: error %v (code %q), want code %q", what, err, got, want)
	}
}

// must turns a (value, error) result into the value, failing the test
// on an error: must(f())(t).
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// answerPlan says how each platform's liaison answers its referral: how
// long after submission, and which items it rejects (every n-th, with
// reason).
var answerPlan = map[string]struct {
	after       time.Duration
	rejectEvery int
	reason      string
}{
	"x":         {2 * time.Hour, 0, ""},
	"facebook":  {5 * time.Hour, 4, "not_violating"},
	"instagram": {30 * time.Hour, 1, "insufficient_information"},
	"telegram":  {9 * time.Hour, 3, "outside_jurisdiction"},
	"whatsapp":  {20 * time.Hour, 2, "not_violating"},
}

// TestReferralFlowSQLite runs the acceptance flow at the service
// level on SQLite.
func TestReferralFlowSQLite(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runFlow(t, st.Casework(nil), st.AuditLog())
}

// TestReferralFlowPostgres runs the same flow on PostgreSQL when
// RAMPART_TEST_POSTGRES names a database (eval "$(scripts/pg start)").
func TestReferralFlowPostgres(t *testing.T) {
	base := os.Getenv("RAMPART_TEST_POSTGRES")
	if base == "" {
		t.Skip("RAMPART_TEST_POSTGRES is not set: PostgreSQL flow skipped; run with eval \"$(scripts/pg start)\"")
	}
	st, err := postgres.Open(t.Context(), freshSchema(t, base))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runFlow(t, st.Casework(nil), st.Audit())
}

func runFlow(t *testing.T, store rampart.ReferralStore, log audit.Store) {
	ctx := t.Context()
	clk := &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	svc := must(casework.NewReferrals(store, casework.ReferralOptions{Now: clk.now}))(t)
	accounts := flaggedAccounts(t)

	// 2. Per-platform referrals, drafted by the analyst, approved by a
	// supervisor, submitted.
	refs := map[string]rampart.Referral{}
	for _, pf := range platforms {
		var items []casework.NewItem
		for _, s := range accounts[pf] {
			items = append(items, casework.NewItem{Subject: s, Action: rampart.ActionSuspend, ContentType: "account",
				Rule: "designated_propaganda_account", Detector: "account", ModelVersion: "acct-2026.02"})
		}
		r := must(svc.CreateReferral(ctx, analyst, casework.NewReferral{Platform: pf, Terms: "Dangerous organisations and individuals policy", Items: items}))(t)
		_, err := svc.SubmitReferral(ctx, analyst, r.ID)
		code(t, err, rampart.ECONFLICT, "submit a draft")
		refs[pf] = must(svc.ApproveReferral(ctx, supervisor, r.ID))(t)
		_, err = svc.ApproveReferral(ctx, supervisor2, r.ID)
		code(t, err, rampart.ECONFLICT, "approve twice")
	}
	own := must(svc.CreateReferral(ctx, supervisor, casework.NewReferral{Platform: "x", Terms: "t", Items: []casework.NewItem{{Subject: accounts["x"][0], Action: rampart.ActionRemove}}}))(t)
	_, err := svc.ApproveReferral(ctx, supervisor, own.ID)
	code(t, err, rampart.EFORBIDDEN, "approve one's own draft")
	_, err = svc.ApproveReferral(ctx, analyst, refs["x"].ID)
	code(t, err, rampart.EFORBIDDEN, "analyst approves")

	// One emergency order under the Pakistan rules, naming three x
	// accounts already referred; and an EU TCO order to telegram that the
	// platform will let expire.
	emergency := casework.NewOrder{Platform: "x", ReferenceNumber: "PTA/2026/0311", IssuingAuthority: "Pakistan Telecommunication Authority",
		LegalBasis: "PECA 2016 s.37; Removal and Blocking Rules 2021 r.6", Reasons: "Live recruitment for a proscribed organisation.",
		Regime: casework.RegimePakistan, DeadlineClass: "emergency", Redress: "Review before the Authority within 30 days (r.8).",
		UserMayBeTold: false}
	for i := range 3 {
		emergency.Items = append(emergency.Items, casework.NewItem{Subject: accounts["x"][i], Action: rampart.ActionSuspend, ContentType: "account",
			Rule: "designated_propaganda_account", Detector: "account", ModelVersion: "acct-2026.02"})
	}
	_, err = svc.CreateOrder(ctx, analyst, emergency)
	code(t, err, rampart.EINVALID, "emergency order without written reasons")
	emergency.EmergencyReasons = "Imminent attack planning referenced in the posts."
	ord := must(svc.CreateOrder(ctx, analyst, emergency))(t)
	must(svc.ApproveOrder(ctx, supervisor, ord.ID))(t)
	tco := must(svc.CreateOrder(ctx, analyst, casework.NewOrder{Platform: "telegram", ReferenceNumber: "TCO-DE-2026-77",
		IssuingAuthority: "Bundeskriminalamt", LegalBasis: "Regulation (EU) 2021/784 Art. 3", Reasons: "Terrorist content (Art. 2(7)).",
		Regime: casework.RegimeEUTCO, DeadlineClass: "removal", Redress: "Art. 9 TCO: challenge before the courts of the issuing state.",
		UserMayBeTold: true, Items: []casework.NewItem{{Subject: accounts["telegram"][0], Action: rampart.ActionRemove}}}))(t)
	must(svc.ApproveOrder(ctx, supervisor, tco.ID))(t)

	start := clk.now()
	for _, pf := range platforms {
		refs[pf] = must(svc.SubmitReferral(ctx, analyst, refs[pf].ID))(t)
	}
	ord = must(svc.SubmitOrder(ctx, analyst, ord.ID))(t)
	tco = must(svc.SubmitOrder(ctx, analyst, tco.ID))(t)
	if want := start.Add(12 * time.Hour); !ord.Deadline.Equal(want) {
		t.Errorf("emergency order deadline %v, want %v", ord.Deadline, want)
	}
	if want := start.Add(time.Hour); !tco.Deadline.Equal(want) || !tco.PreserveUntil.Equal(start.Add(183*24*time.Hour)) {
		t.Errorf("TCO order deadline %v preserve %v, want %v and six months", tco.Deadline, tco.PreserveUntil, want)
	}

	// 3. Each liaison sees and answers only its own platform's items.
	_, err = svc.Referral(ctx, liaison("facebook"), refs["x"].ID)
	code(t, err, rampart.ENOTFOUND, "facebook reads x's referral")
	_, err = svc.AcknowledgeReferral(ctx, liaison("facebook"), refs["x"].ID)
	code(t, err, rampart.ENOTFOUND, "facebook acknowledges x's referral")
	list := must(svc.Referrals(ctx, liaison("telegram"), rampart.RequestFilter{}))(t)
	if len(list) != 1 || list[0].Platform != "telegram" {
		t.Errorf("telegram liaison lists %d referrals, want its one", len(list))
	}
	_, err = svc.AnswerReferral(ctx, liaison("x"), refs["x"].ID, []casework.ItemAnswer{{Item: 0, Outcome: rampart.OutcomeActioned}})
	code(t, err, rampart.ECONFLICT, "answer before acknowledging")
	for _, pf := range platforms {
		must(svc.AcknowledgeReferral(ctx, liaison(pf), refs[pf].ID))(t)
	}
	must(svc.AcknowledgeOrder(ctx, liaison("x"), ord.ID))(t)
	must(svc.AcknowledgeOrder(ctx, liaison("telegram"), tco.ID))(t)

	// The emergency order is actioned in 3 h; the TCO order is not
	// answered within its hour and the sweep expires it.
	clk.advance(2 * time.Hour)
	if ids := must(svc.ExpireDue(ctx))(t); !slices.Equal(ids, []int64{tco.ID}) {
		t.Errorf("ExpireDue expired %v, want [%d]", ids, tco.ID)
	}
	_, err = svc.AnswerOrder(ctx, liaison("telegram"), tco.ID, []casework.ItemAnswer{{Item: 0, Outcome: rampart.OutcomeActioned}})
	code(t, err, rampart.ECONFLICT, "answer an expired order")
	clk.advance(time.Hour)
	ord = must(svc.AnswerOrder(ctx, liaison("x"), ord.ID, []casework.ItemAnswer{{0, rampart.OutcomeActioned, ""}, {1, rampart.OutcomeActioned, ""}, {2, rampart.OutcomeActioned, ""}}))(t)
	if ord.Status != rampart.RequestActioned {
		t.Errorf("emergency order %s, want actioned", ord.Status)
	}
	clk.t = start
	for _, pf := range []string{"x", "facebook", "telegram", "whatsapp", "instagram"} { // in time order
		plan := answerPlan[pf]
		clk.t = start.Add(plan.after)
		var answers []casework.ItemAnswer
		for i := range refs[pf].Items {
			a := casework.ItemAnswer{Item: i, Outcome: rampart.OutcomeActioned}
			if plan.rejectEvery > 0 && i%plan.rejectEvery == 0 {
				a.Outcome, a.Reason = rampart.OutcomeRejected, plan.reason
			}
			answers = append(answers, a)
		}
		_, err := svc.AnswerReferral(ctx, liaison(pf), refs[pf].ID, []casework.ItemAnswer{{Item: 0, Outcome: "maybe"}})
		code(t, err, rampart.EINVALID, "answer with a bad outcome")
		refs[pf] = must(svc.AnswerReferral(ctx, liaison(pf), refs[pf].ID, answers))(t)
	}
	_, err = svc.AnswerReferral(ctx, liaison("x"), refs["x"].ID, []casework.ItemAnswer{{Item: 0, Outcome: rampart.OutcomeRejected, Reason: "changed_mind"}})
	code(t, err, rampart.ECONFLICT, "answer a settled referral again")
	wantStatus := map[string]rampart.RequestStatus{"x": rampart.RequestActioned, "facebook": rampart.RequestPartiallyActioned,
		"instagram": rampart.RequestRejected, "telegram": rampart.RequestPartiallyActioned, "whatsapp": rampart.RequestPartiallyActioned}
	for pf, want := range wantStatus {
		if refs[pf].Status != want {
			t.Errorf("%s referral %s, want %s", pf, refs[pf].Status, want)
		}
	}
	if refs["instagram"].RejectReason != "insufficient_information" {
		t.Errorf("instagram reject reason %q", refs["instagram"].RejectReason)
	}

	// 4. Compliance figures: checked by hand for x and the TCO regime,
	// and in full against the golden file.
	rep := must(svc.Compliance(ctx, supervisor))(t)
	total := 0
	for _, row := range rep.Platforms {
		total += row.Items
		if row.Key == "x" {
			if want := len(accounts["x"]) + 3; row.Items != want || row.Actioned != want || row.MedianToAction != 2*time.Hour {
				t.Errorf("x compliance %+v, want %d items all actioned, median 2h", row, want)
			}
		}
		if row.Key == "telegram" && row.DeadlinesMissed != 1 {
			t.Errorf("telegram deadlines missed %d, want 1", row.DeadlinesMissed)
		}
	}
	if total != flagged+4 {
		t.Errorf("compliance counts %d items, want %d referred + 4 ordered", total, flagged)
	}
	// Voluntary regime, by hand: x actions its 63 referred accounts at
	// 2 h, facebook 33 at 5 h, telegram 182 at 9 h, whatsapp 17 at 20 h:
	// 295 actioned, nearest-rank median (148th) and p90 (266th) both 9 h.
	vol := rep.Regimes[slices.IndexFunc(rep.Regimes, func(r casework.ComplianceRow) bool { return r.Key == casework.RegimeVoluntary })]
	if vol.Items != flagged || vol.Actioned != 295 || vol.MedianToAction != 9*time.Hour || vol.P90ToAction != 9*time.Hour {
		t.Errorf("voluntary compliance %+v, want 481 items, 295 actioned, median and p90 9h", vol)
	}
	golden(t, "compliance.golden.json", rep)
	xOnly := must(svc.Compliance(ctx, liaison("x")))(t)
	if len(xOnly.Platforms) != 1 || xOnly.Platforms[0].Key != "x" {
		t.Errorf("x liaison's compliance report covers %d platforms, want only x", len(xOnly.Platforms))
	}

	// 5. A preservation request for two x accounts, under a court order.
	pr, err := svc.CreatePreservation(ctx, analyst, casework.NewPreservation{Platform: "x", Kind: rampart.PreserveData,
		Process: rampart.ProcessCourtOrder, Reference: "ATC-ISB-2026-19", Authority: "Anti-Terrorism Court Islamabad",
		Preserve: "90d", Subjects: accounts["x"][:2]})
	if err != nil {
		t.Fatal(err)
	}
	if pr.Items[0].Subject != accounts["x"][0] || pr.Items[0].Rule != "" {
		t.Errorf("preservation keeps %+v, want the identifier only", pr.Items[0])
	}
	must(svc.ApprovePreservation(ctx, supervisor, pr.ID))(t)
	must(svc.SubmitPreservation(ctx, analyst, pr.ID))(t)
	must(svc.AcknowledgePreservation(ctx, liaison("x"), pr.ID))(t)
	pr = must(svc.RespondPreservation(ctx, liaison("x"), pr.ID, casework.PreservationResponse{Response: "Preserved under case X-4411.",
		Answers: []casework.ItemAnswer{{Item: 0, Outcome: rampart.OutcomeActioned}, {Item: 1, Outcome: rampart.OutcomeActioned}}}))(t)
	if pr.Status != rampart.RequestActioned || pr.Response == "" {
		t.Errorf("preservation %s %q, want actioned with the response", pr.Status, pr.Response)
	}
	_, err = svc.Preservation(ctx, supervisor, pr.ID, "")
	code(t, err, rampart.EINVALID, "read without a purpose")
	must(svc.Preservation(ctx, supervisor, pr.ID, "prepare MLAT follow-up"))(t)
	_, err = svc.Preservation(ctx, liaison("facebook"), pr.ID, "curious")
	code(t, err, rampart.ENOTFOUND, "facebook reads x's preservation")

	// Notices: a statement of reasons for a referred account; none for
	// the order that forbids telling the user.
	sor := must(svc.Notice(ctx, liaison("x"), rampart.RequestRef{Kind: casework.KindReferral, ID: refs["x"].ID, Item: 1}))(t)
	if sor.DecisionGround != "DECISION_GROUND_INCOMPATIBLE_CONTENT" || sor.DecisionAccount != "DECISION_ACCOUNT_SUSPENDED" || sor.PUID != accounts["x"][1].ID {
		t.Errorf("statement of reasons %+v", sor)
	}
	_, err = svc.Notice(ctx, liaison("x"), rampart.RequestRef{Kind: casework.KindOrder, ID: ord.ID, Item: 0})
	code(t, err, rampart.EFORBIDDEN, "notice for an order that forbids telling the user")

	// 6. The user of x item 0 appeals; the liaison who acted may not
	// decide; another reviewer reverses, and the reversal reaches the
	// emergency order's item naming the same account.
	ap := must(svc.FileAppeal(ctx, liaison("x"), casework.NewAppeal{Ref: rampart.RequestRef{Kind: casework.KindReferral, ID: refs["x"].ID, Item: 0},
		Grounds: "I am a journalist; the account reports on the group."}))(t)
	_, err = svc.DecideAppeal(ctx, liaison("x"), ap.ID, casework.AppealDecision{Outcome: rampart.AppealReversed, Reason: "news reporting"})
	code(t, err, rampart.EFORBIDDEN, "the actor decides the appeal")
	ap = must(svc.DecideAppeal(ctx, reviewer, ap.ID, casework.AppealDecision{Outcome: rampart.AppealReversed, Reason: "news reporting"}))(t)
	if diff := cmp.Diff([]rampart.RequestRef{{Kind: casework.KindOrder, ID: ord.ID, Item: 0}}, ap.Propagated); diff != "" {
		t.Errorf("propagated (-want +got):\n%s", diff)
	}
	_, err = svc.DecideAppeal(ctx, reviewer, ap.ID, casework.AppealDecision{Outcome: rampart.AppealUpheld, Reason: "again"})
	code(t, err, rampart.ECONFLICT, "decide twice")
	refX := must(svc.Referral(ctx, supervisor, refs["x"].ID))(t)
	ordX := must(svc.Order(ctx, supervisor, ord.ID))(t)
	if refX.Items[0].Outcome != rampart.OutcomeReversed || ordX.Items[0].Outcome != rampart.OutcomeReversed || ordX.Items[1].Outcome != rampart.OutcomeActioned {
		t.Errorf("after reversal: referral item 0 %q, order items %q %q", refX.Items[0].Outcome, ordX.Items[0].Outcome, ordX.Items[1].Outcome)
	}
	ap2 := must(svc.FileAppeal(ctx, liaison("x"), casework.NewAppeal{Ref: rampart.RequestRef{Kind: casework.KindReferral, ID: refs["x"].ID, Item: 5}, Grounds: "not me"}))(t)
	must(svc.DecideAppeal(ctx, reviewer, ap2.ID, casework.AppealDecision{Outcome: rampart.AppealUpheld, Reason: "recruitment posts"}))(t)
	rates := must(svc.ReversalRates(ctx, supervisor))(t)
	wantRates := []casework.ReversalRate{
		{By: "detector", Key: "account", Decided: 2, Reversed: 1, Rate: 0.5},
		{By: "model", Key: "account@acct-2026.02", Decided: 2, Reversed: 1, Rate: 0.5},
		{By: "rule", Key: "designated_propaganda_account", Decided: 2, Reversed: 1, Rate: 0.5},
	}
	if diff := cmp.Diff(wantRates, rates); diff != "" {
		t.Errorf("reversal rates (-want +got):\n%s", diff)
	}

	// Every change wrote an audit record in its transaction; every
	// preservation read is logged; the chain verifies.
	counts := map[string]int{}
	for r, err := range log.Scan(ctx, 1) {
		if err != nil {
			t.Fatal(err)
		}
		counts[r.Action]++
	}
	wantCounts := map[string]int{"referral.create": 6, "referral.approve": 5, "referral.submit": 5, "referral.acknowledge": 5,
		"referral.answer": 5, "referral.reverse": 1, "order.create": 2, "order.approve": 2, "order.submit": 2, "order.acknowledge": 2,
		"order.answer": 1, "order.expire": 1, "order.reverse": 1, "preservation.create": 1, "preservation.approve": 1,
		"preservation.submit": 1, "preservation.acknowledge": 1, "preservation.answer": 1, "preservation.read": 2,
		"appeal.file": 2, "appeal.reversed": 1, "appeal.upheld": 1}
	if diff := cmp.Diff(wantCounts, counts); diff != "" {
		t.Errorf("audit records by action (-want +got):\n%s", diff)
	}
	if _, err := audit.Verify(ctx, log, nil); err != nil {
		t.Errorf("audit chain: %v", err)
	}
}

// golden compares v as indented JSON with testdata/name; -update rewrites.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run go test -update to create it", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

// freshSchema makes a schema of its own for the test on the database at
// base, dropped at the end, and returns a URL whose search_path names it.
func freshSchema(t *testing.T, base string) string {
	t.Helper()
	schema := fmt.Sprintf("t_flow_%d", time.Now().UnixNano())
	st, err := postgres.Open(t.Context(), base)
	if err != nil {
		t.Fatal(err)
	}
	pool := st.Pool()
	if _, err := pool.Exec(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := pool.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		st.Close()
	})
	sep := "?"
	if bytes.ContainsRune([]byte(base), '?') {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}
