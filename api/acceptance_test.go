package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api/client"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/sim"
)

// TestAcceptanceReferrals is the acceptance flow of the referrals issue,
// through HTTP only, on SQLite and PostgreSQL. The one step that is not
// HTTP is the flagging itself: findings come from a scan, and ingest and
// scan are CLI steps, not routes; so the findings of the 481 flagged sim
// accounts are put in the store before the server starts (seedData), as
// `rampart scan` would. Everything after that goes through the API client.
func TestAcceptanceReferrals(t *testing.T) { forEachStore(t, testAcceptanceReferrals) }

var accPlatforms = []string{"x", "facebook", "instagram", "telegram", "whatsapp"}

// clock is a settable test clock.
type accClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *accClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *accClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// flaggedAccounts generates a sim platform and flags its first 481
// harmful accounts (propaganda, bot, evader, by the labels: the scan's
// ground truth) as findings proposing suspension.
func flaggedAccounts(t *testing.T, at time.Time) []rampart.Finding {
	t.Helper()
	var items, labels bytes.Buffer
	if _, err := sim.Generate(t.Context(), sim.Config{Seed: 8, Accounts: 9000, Platforms: accPlatforms}, &items, &labels); err != nil {
		t.Fatal(err)
	}
	var out []rampart.Finding
	for l, err := range sim.ReadLabels(&labels) {
		if err != nil {
			t.Fatal(err)
		}
		if l.Kind != "account" || (l.Role != "propaganda" && l.Role != "bot" && l.Role != "evader") {
			continue
		}
		det := map[string]string{"propaganda": "designation", "bot": "bot", "evader": "evasion"}[l.Role]
		out = append(out, rampart.Finding{Platform: l.Platform, Kind: "account", ID: l.ID, AccountID: l.ID,
			Action: rampart.ActionSuspend, Score: 0.9, Rule: "sim-" + l.Role, Reason: "TERR_ACCOUNT", Basis: "designated group account",
			Versions: rampart.Versions{Policy: "test@1", Registry: "seed", Models: map[string]string{det: det + "-v1"}},
			Signals:  []rampart.Signal{{Detector: det, Kind: "account", Group: l.Group, Score: 0.9}}, CreatedAt: at})
		if len(out) == 481 {
			return out
		}
	}
	t.Fatalf("the sim platform has %d harmful accounts, want 481", len(out))
	return nil
}

func testAcceptanceReferrals(t *testing.T, b backend) {
	ctx := t.Context()
	clk := &accClock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	flagged := flaggedAccounts(t, clk.now())
	e := startSeeded(t, b, casework.Options{Now: clk.now}, seedData{findings: flagged})
	analyst, _ := e.user(t, "ana", rampart.RoleAnalyst, "")
	sup, _ := e.user(t, "sup", rampart.RoleSupervisor, "")
	reviewer, _ := e.user(t, "rev", rampart.RoleReviewer, "")
	liaisons := map[string]*client.Client{}
	for _, p := range accPlatforms {
		liaisons[p], _ = e.user(t, "liaison-"+p, rampart.RolePlatformLiaison, p)
	}

	// 1. The flagged accounts, read back through the API, per platform.
	byPlatform := map[string][]rampart.FindingRecord{}
	n := 0
	for after := int64(0); ; {
		l, err := analyst.Findings(ctx, url.Values{"action": {"suspend"}, "after": {fmt.Sprint(after)}, "limit": {"200"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range l.Findings {
			if f.Kind == "account" && slices.Contains(accPlatforms, f.Platform) {
				byPlatform[f.Platform] = append(byPlatform[f.Platform], f)
				n++
			}
		}
		if l.NextAfter == 0 {
			break
		}
		after = l.NextAfter
	}
	if n != 481 {
		t.Fatalf("flagged accounts through the API: %d, want 481", n)
	}
	for _, p := range accPlatforms {
		if len(byPlatform[p]) < 4 {
			t.Fatalf("platform %s has %d flagged accounts; the flow needs at least 4 per platform", p, len(byPlatform[p]))
		}
	}

	// 2. One referral per platform, and one emergency order (Pakistan,
	// 12 h) on three X accounts; approved by a supervisor, submitted.
	submittedAt := clk.now()
	referrals := map[string]rampart.Referral{}
	for _, p := range accPlatforms {
		var items []casework.NewItem
		for _, f := range byPlatform[p] {
			items = append(items, casework.ItemFromFinding(f, 0, rampart.ActionSuspend))
		}
		r := must(analyst.CreateReferral(ctx, casework.NewReferral{Platform: p, Terms: "dangerous organisations", Items: items}, ""))(t)
		must(sup.MoveReferral(ctx, r.ID, "approve"))(t)
		referrals[p] = must(analyst.MoveReferral(ctx, r.ID, "submit"))(t)
	}
	var orderItems []casework.NewItem
	for _, f := range byPlatform["x"][:3] {
		orderItems = append(orderItems, casework.ItemFromFinding(f, 0, rampart.ActionRemove))
	}
	order := must(analyst.CreateOrder(ctx, casework.NewOrder{Platform: "x", ReferenceNumber: "PTA/2026/031",
		IssuingAuthority: "Pakistan Telecommunication Authority", LegalBasis: "PECA 2016 s.37; Removal and Blocking Rules 2021",
		Reasons: "accounts of a proscribed organisation", Regime: "pk-rbr-2021", DeadlineClass: "emergency",
		EmergencyReasons: "calls to attack a named place", Redress: "review under the Rules", UserMayBeTold: true, Items: orderItems}, ""))(t)
	must(sup.MoveOrder(ctx, order.ID, "approve"))(t)
	order = must(analyst.MoveOrder(ctx, order.ID, "submit"))(t)
	if want := submittedAt.Add(12 * time.Hour); !order.Deadline.Equal(want) {
		t.Errorf("emergency order deadline %s, want %s (12 h)", order.Deadline, want)
	}

	// A liaison sees only its platform.
	for _, p := range accPlatforms {
		l := must(liaisons[p].Referrals(ctx, url.Values{}))(t)
		if len(l.Referrals) != 1 || l.Referrals[0].Platform != p {
			t.Errorf("liaison of %s lists %d referrals, want its own one", p, len(l.Referrals))
		}
	}
	if _, err := liaisons["telegram"].Referral(ctx, referrals["x"].ID); statusOf(err) != http.StatusNotFound {
		t.Errorf("telegram liaison reading the x referral: %v, want 404", err)
	}
	if _, err := liaisons["telegram"].AnswerReferral(ctx, referrals["x"].ID, []casework.ItemAnswer{{Item: 0, Outcome: rampart.OutcomeActioned}}); statusOf(err) != http.StatusNotFound {
		t.Errorf("telegram liaison answering the x referral: %v, want 404", err)
	}
	if l := must(liaisons["facebook"].Orders(ctx, url.Values{}))(t); len(l.Orders) != 0 {
		t.Errorf("facebook liaison sees %d orders, want none", len(l.Orders))
	}

	// 3. Each liaison answers in four rounds, an hour apart plus a
	// platform offset: every fourth item rejected, with one of two
	// reasons. The expected figures are kept as the answers are given.
	reasons := []string{"not_terrorist_content", "insufficient_information"}
	type tally struct {
		items, actioned, rejected int
		times                     []time.Duration
		byReason                  map[string]int
		missed                    int
	}
	want := map[string]*tally{}
	for _, p := range accPlatforms {
		want[p] = &tally{byReason: map[string]int{}}
	}
	for round := range 4 {
		clk.add(time.Hour)
		for pi, p := range accPlatforms {
			clk.add(time.Duration(pi+1) * time.Minute)
			r := referrals[p]
			if round == 0 {
				must(liaisons[p].MoveReferral(ctx, r.ID, "acknowledge"))(t)
			}
			var answers []casework.ItemAnswer
			for i := range r.Items {
				if i%4 != round {
					continue
				}
				a := casework.ItemAnswer{Item: i, Outcome: rampart.OutcomeActioned}
				if i%4 == 3 {
					a = casework.ItemAnswer{Item: i, Outcome: rampart.OutcomeRejected, Reason: reasons[(i/4)%2]}
					want[p].rejected++
					want[p].byReason[a.Reason]++
				} else {
					want[p].actioned++
					want[p].times = append(want[p].times, clk.now().Sub(submittedAt))
				}
				want[p].items++
				answers = append(answers, a)
			}
			must(liaisons[p].AnswerReferral(ctx, r.ID, answers))(t)
		}
	}
	// The order: one item actioned in time, the other two after the 12 h
	// deadline (a missed deadline).
	must(liaisons["x"].MoveOrder(ctx, order.ID, "acknowledge"))(t)
	must(liaisons["x"].AnswerOrder(ctx, order.ID, []casework.ItemAnswer{{Item: 0, Outcome: rampart.OutcomeActioned}}))(t)
	want["x"].times = append(want["x"].times, clk.now().Sub(submittedAt))
	clk.add(submittedAt.Add(13 * time.Hour).Sub(clk.now()))
	must(liaisons["x"].AnswerOrder(ctx, order.ID, []casework.ItemAnswer{{Item: 1, Outcome: rampart.OutcomeActioned},
		{Item: 2, Outcome: rampart.OutcomeActioned}}))(t)
	want["x"].times = append(want["x"].times, 13*time.Hour, 13*time.Hour)
	want["x"].items += 3
	want["x"].actioned += 3
	want["x"].missed = 1

	// 4. Compliance, against the figures computed here (nearest-rank
	// percentiles, written out rather than calling casework.Percentile).
	nearestRank := func(ds []time.Duration, p int) time.Duration {
		s := slices.Clone(ds)
		slices.Sort(s)
		rank := (p*len(s) + 99) / 100
		return s[max(rank, 1)-1]
	}
	rep := must(sup.Compliance(ctx))(t)
	var wantRows []casework.ComplianceRow
	for _, p := range slices.Sorted(slices.Values(accPlatforms)) {
		w := want[p]
		requests := 1
		if p == "x" {
			requests = 2
		}
		wantRows = append(wantRows, casework.ComplianceRow{Key: p, Requests: requests, Items: w.items, Actioned: w.actioned,
			Rejected: w.rejected, ShareActioned: float64(w.actioned) / float64(w.items), MedianToAction: nearestRank(w.times, 50),
			P90ToAction: nearestRank(w.times, 90), DeadlinesMissed: w.missed, RejectionsBy: w.byReason})
	}
	if diff := cmp.Diff(wantRows, rep.Platforms); diff != "" {
		t.Errorf("compliance per platform (-want +got):\n%s", diff)
	}
	for _, r := range rep.Platforms {
		t.Logf("%-9s items %3d actioned %3d (%.1f%%) rejected %3d median %v p90 %v missed %d", r.Key, r.Items, r.Actioned,
			100*r.ShareActioned, r.Rejected, r.MedianToAction, r.P90ToAction, r.DeadlinesMissed)
	}
	total := 0
	for _, w := range want {
		total += w.items
	}
	if total != 481+3 {
		t.Errorf("answered %d items, want 484 (481 referred accounts and 3 order items)", total)
	}
	xOnly := must(liaisons["x"].Compliance(ctx))(t)
	if len(xOnly.Platforms) != 1 || xOnly.Platforms[0].Key != "x" {
		t.Errorf("x liaison's compliance covers %d platforms, want x only", len(xOnly.Platforms))
	}

	// 5. A preservation request for one telegram account (court order).
	tg := byPlatform["telegram"][0].Subject()
	pres := must(analyst.CreatePreservation(ctx, casework.NewPreservation{Platform: "telegram", Kind: rampart.PreserveData,
		Process: rampart.ProcessCourtOrder, Reference: "ATC-ISB/2026/7", Authority: "Anti-Terrorism Court Islamabad",
		Preserve: "90d", Subjects: []rampart.Subject{tg}}, ""))(t)
	must(sup.MovePreservation(ctx, pres.ID, "approve"))(t)
	must(analyst.MovePreservation(ctx, pres.ID, "submit"))(t)
	got := must(liaisons["telegram"].Preservation(ctx, pres.ID, "respond to the court order"))(t)
	if got.Status != rampart.RequestSubmitted || len(got.Items) != 1 || got.Items[0].Subject != tg {
		t.Errorf("preservation as the telegram liaison sees it: %s, %d items", got.Status, len(got.Items))
	}
	if _, err := liaisons["x"].Preservation(ctx, pres.ID, "curiosity"); statusOf(err) != http.StatusNotFound {
		t.Errorf("x liaison reading a telegram preservation: %v, want 404", err)
	}

	// 6. The user of the first actioned X account appeals; a reviewer
	// (not the liaison who acted) reverses it.
	appeal := must(liaisons["x"].FileAppeal(ctx, casework.NewAppeal{Ref: rampart.RequestRef{Kind: casework.KindReferral,
		ID: referrals["x"].ID, Item: 0}, Grounds: "the account is a news outlet"}, ""))(t)
	decided := must(reviewer.DecideAppeal(ctx, appeal.ID, casework.AppealDecision{Outcome: rampart.AppealReversed,
		Reason: "reporting, not propaganda"}))(t)
	if decided.Status != rampart.AppealReversed || decided.Reviewer == 0 {
		t.Errorf("decided appeal: %+v", decided)
	}
	xr := must(sup.Referral(ctx, referrals["x"].ID))(t)
	if xr.Items[0].Outcome != rampart.OutcomeReversed {
		t.Errorf("appealed item outcome %q, want reversed", xr.Items[0].Outcome)
	}
	reversed := must(sup.Appeals(ctx, url.Values{"status": {"reversed"}}))(t)
	if len(reversed) != 1 || reversed[0].ID != appeal.ID {
		t.Errorf("reversed appeals: %d, want the one", len(reversed))
	}
	rule := byPlatform["x"][0].Rule
	var rate *casework.ReversalRate
	for _, r := range must(sup.ReversalRates(ctx))(t) {
		if r.By == "rule" && r.Key == rule {
			rate = &r
		}
	}
	if rate == nil || rate.Decided != 1 || rate.Reversed != 1 {
		t.Errorf("reversal rate of rule %s: %+v, want 1 of 1", rule, rate)
	}
}
