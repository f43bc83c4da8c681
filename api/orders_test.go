package api_test

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

// TestOrderPreservationIncident runs an order, a preservation request and
// a crisis incident through the client: the routes besides referrals.
func TestOrderPreservationIncident(t *testing.T) { forEachStore(t, testOrderPreservationIncident) }

func testOrderPreservationIncident(t *testing.T, b backend) {
	e := start(t, b, casework.Options{})
	ctx := t.Context()
	analyst, _ := e.user(t, "ord-analyst", rampart.RoleAnalyst, "")
	supervisor, _ := e.user(t, "ord-supervisor", rampart.RoleSupervisor, "")
	liaison, _ := e.user(t, "ord-liaison-x", rampart.RolePlatformLiaison, "x")
	reviewer, _ := e.user(t, "ord-reviewer", rampart.RoleReviewer, "")
	subject := rampart.Subject{Platform: "x", Kind: "account", ID: account}

	inc := must(supervisor.OpenIncident(ctx, casework.NewIncident{Title: "Attack livestream", Terms: []string{"martyrdom operation"}, Length: "72h"}))(t)
	if got := must(liaison.Incidents(ctx))(t); len(got) != 1 || got[0].ID != inc.ID {
		t.Errorf("incidents in force: %+v, want incident %d", got, inc.ID)
	}

	ord := must(analyst.CreateOrder(ctx, casework.NewOrder{Platform: "x", ReferenceNumber: "PTA/2026/0311",
		IssuingAuthority: "Pakistan Telecommunication Authority", LegalBasis: "PECA 2016 s.37",
		Reasons: "Live recruitment for a proscribed organisation.", Regime: casework.RegimePakistan, DeadlineClass: "emergency",
		EmergencyReasons: "Imminent attack planning referenced in the posts.", Redress: "Review before the Authority within 30 days.",
		IncidentID: inc.ID, Items: []casework.NewItem{{Subject: subject, Action: rampart.ActionSuspend, ContentType: "account"}}}, ""))(t)
	must(supervisor.MoveOrder(ctx, ord.ID, "approve"))(t)
	sub := must(analyst.MoveOrder(ctx, ord.ID, "submit"))(t)
	if sub.Deadline.IsZero() || !sub.Deadline.After(sub.SubmittedAt) {
		t.Errorf("submitted order: deadline %v, submitted %v", sub.Deadline, sub.SubmittedAt)
	}
	must(liaison.MoveOrder(ctx, ord.ID, "acknowledge"))(t)
	done := must(liaison.AnswerOrder(ctx, ord.ID, []casework.ItemAnswer{{Item: 0, Outcome: rampart.OutcomeActioned}}))(t)
	if done.Status != rampart.RequestActioned {
		t.Errorf("answered order: status %q, want actioned", done.Status)
	}
	// The order says the user may not be told yet.
	if got := statusOf(second(liaison.Notice(ctx, casework.KindOrder, ord.ID, 0))); got != 403 {
		t.Errorf("notice for an order the user may not be told of: status %d, want 403", got)
	}
	byIncident := must(reviewer.Orders(ctx, url.Values{"incident": {strconv.FormatInt(inc.ID, 10)}}))(t)
	if len(byIncident.Orders) != 1 || byIncident.Orders[0].ID != ord.ID {
		t.Errorf("orders of incident %d: %+v", inc.ID, byIncident.Orders)
	}

	pr := must(analyst.CreatePreservation(ctx, casework.NewPreservation{Platform: "x", Kind: rampart.PreserveData,
		Process: rampart.ProcessCourtOrder, Reference: "CTP/2026/114", Authority: "Counter Terrorism Policing",
		Preserve: "90d", Subjects: []rampart.Subject{subject}}, ""))(t)
	if got := statusOf(second(analyst.Preservations(ctx, nil))); got != 400 {
		t.Errorf("list preservations without a purpose: status %d, want 400", got)
	}
	if got := statusOf(second(reviewer.Preservation(ctx, pr.ID, "curiosity"))); got != 403 {
		t.Errorf("reviewer reads a preservation request: status %d, want 403", got)
	}
	must(supervisor.MovePreservation(ctx, pr.ID, "approve"))(t)
	must(analyst.MovePreservation(ctx, pr.ID, "submit"))(t)
	must(liaison.MovePreservation(ctx, pr.ID, "acknowledge"))(t)
	answered := must(liaison.RespondPreservation(ctx, pr.ID, casework.PreservationResponse{
		Answers: []casework.ItemAnswer{{Item: 0, Outcome: rampart.OutcomeActioned}}, Response: "Data preserved under ref X-991."}))(t)
	if answered.Response != "Data preserved under ref X-991." || answered.Status != rampart.RequestActioned {
		t.Errorf("responded preservation: status %q response %q", answered.Status, answered.Response)
	}
	list := must(liaison.Preservations(ctx, url.Values{"purpose": {"check our answers"}}))(t)
	if len(list.Preservations) != 1 {
		t.Errorf("liaison lists %d preservation requests, want 1", len(list.Preservations))
	}

	must(supervisor.CloseIncident(ctx, inc.ID))(t)
	if got := must(liaison.Incidents(ctx))(t); len(got) != 0 {
		t.Errorf("incidents in force after closing: %+v", got)
	}
	if got := statusOf(second(supervisor.CloseIncident(ctx, inc.ID))); got != 409 {
		t.Errorf("close twice: status %d, want 409", got)
	}
}
