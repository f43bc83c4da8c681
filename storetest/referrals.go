package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
)

// RunReferrals checks a referral store: referral records and their audit
// records commit together, a refused change leaves neither, lists filter,
// and reading a preservation request is logged. open returns a fresh store
// and the audit log it writes to.
func RunReferrals(t *testing.T, open func(t *testing.T) (rampart.ReferralStore, audit.Store)) {
	ctx := t.Context()
	cw, log := open(t)
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	mk := func(platform string, incident int64) rampart.Referral {
		return rampart.Referral{RequestState: rampart.RequestState{Platform: platform, Status: rampart.RequestDraft, IncidentID: incident,
			Items:     []rampart.RequestItem{{Subject: rampart.Subject{Platform: platform, Kind: "account", ID: "1"}, Action: rampart.ActionSuspend}},
			CreatedBy: 1, CreatedAt: now, UpdatedAt: now}, Terms: "t"}
	}
	e := rampart.AuditEntry{Actor: "user:ana", Action: "referral.create"}
	a, err := cw.CreateReferral(ctx, mk("x", 0), e)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cw.CreateReferral(ctx, mk("telegram", 4), e); err != nil {
		t.Fatal(err)
	}
	got, err := cw.Referral(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
	refused := errors.New("refused")
	if _, err := cw.UpdateReferral(ctx, a.ID, func(r *rampart.Referral) (rampart.AuditEntry, error) {
		r.Status = rampart.RequestApproved
		return rampart.AuditEntry{}, refused
	}); !errors.Is(err, refused) {
		t.Errorf("refused update: %v", err)
	}
	if r, _ := cw.Referral(ctx, a.ID); r.Status != rampart.RequestDraft {
		t.Errorf("refused update changed the status to %s", r.Status)
	}
	if _, err := cw.UpdateReferral(ctx, a.ID, func(r *rampart.Referral) (rampart.AuditEntry, error) {
		r.Status = rampart.RequestApproved
		return rampart.AuditEntry{Actor: "user:sup", Action: "referral.approve"}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := cw.Referral(ctx, 99); rampart.ErrorCode(err) != rampart.ENOTFOUND {
		t.Errorf("missing referral: %v, want not found", err)
	}
	for _, tc := range []struct {
		f    rampart.RequestFilter
		want int
	}{
		{rampart.RequestFilter{}, 2},
		{rampart.RequestFilter{Platform: "x"}, 1},
		{rampart.RequestFilter{Statuses: []rampart.RequestStatus{rampart.RequestApproved}}, 1},
		{rampart.RequestFilter{IncidentID: 4}, 1},
		{rampart.RequestFilter{AfterID: a.ID}, 1},
		{rampart.RequestFilter{Limit: 1}, 1},
	} {
		rs, err := cw.Referrals(ctx, tc.f)
		if err != nil || len(rs) != tc.want {
			t.Errorf("Referrals(%+v) = %d, %v; want %d", tc.f, len(rs), err, tc.want)
		}
	}
	if _, err := cw.Referrals(ctx, rampart.RequestFilter{Limit: -1}); rampart.ErrorCode(err) != rampart.EINVALID {
		t.Errorf("negative limit: %v", err)
	}

	p, err := cw.CreatePreservation(ctx, rampart.Preservation{RequestState: mk("x", 0).RequestState, Kind: rampart.PreserveData,
		Process: rampart.ProcessMLAT, Reference: "r", Authority: "a"}, rampart.AuditEntry{Actor: "user:ana", Action: "preservation.create"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cw.ReadPreservation(ctx, p.ID, rampart.AuditEntry{Actor: "user:sup", Action: "preservation.read", Data: map[string]string{"purpose": "p"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := cw.Preservations(ctx, rampart.RequestFilter{}, rampart.AuditEntry{Actor: "user:sup", Action: "preservation.list"}); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for r, err := range log.Scan(ctx, 1) {
		if err != nil {
			t.Fatal(err)
		}
		actions = append(actions, r.Action+" "+r.Subject)
	}
	want := []string{"referral.create referral/1", "referral.create referral/2", "referral.approve referral/1",
		"preservation.create preservation/1", "preservation.read preservation/1", "preservation.list preservations"}
	if diff := cmp.Diff(want, actions); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
	if _, err := audit.Verify(ctx, log, nil); err != nil {
		t.Errorf("verify: %v", err)
	}
}
