package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
)

// CaseInboxStore is what RunCaseIncidents and RunInbox need: cases (with
// findings to put in them) and the inbox of received requests.
type CaseInboxStore interface {
	rampart.CaseStore
	rampart.FindingStore
	rampart.ReferralStore
	rampart.InboxStore
}

// RunCaseIncidents checks that a case keeps the crisis incident it was
// tagged with, through reads, updates and lists filtered on it.
func RunCaseIncidents(t *testing.T, open func(t *testing.T) CaseInboxStore) {
	ctx := t.Context()
	st := open(t)
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	if _, err := st.PutFindings(ctx, []rampart.Finding{{Platform: "x", Kind: "post", ID: "1", AccountID: "a",
		Action: rampart.ActionReview, Score: 0.9, CreatedAt: now}}); err != nil {
		t.Fatal(err)
	}
	recs, err := st.FindingRecords(ctx, rampart.FindingRecordFilter{})
	if err != nil || len(recs) != 1 {
		t.Fatalf("finding records: %d, %v", len(recs), err)
	}
	e := rampart.AuditEntry{Actor: "user:ana", Action: "case.create"}
	mk := func(incident int64) rampart.Case {
		return rampart.Case{Title: "t", GroupBy: rampart.GroupAccount, Key: "a", Platform: "x", Status: rampart.CaseOpen,
			Priority: 70, Action: rampart.ActionReview, Findings: []int64{recs[0].ID}, Deadline: now.Add(18 * time.Hour),
			IncidentID: incident, CreatedAt: now, UpdatedAt: now}
	}
	tagged, err := st.CreateCase(ctx, mk(7), e)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateCase(ctx, mk(0), e); err != nil {
		t.Fatal(err)
	}
	k, err := st.UpdateCase(ctx, tagged.ID, func(k *rampart.Case) (rampart.AuditEntry, error) {
		k.Status = rampart.CaseInReview
		return rampart.AuditEntry{Actor: "user:ana", Action: "case.transition"}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if k.IncidentID != 7 {
		t.Errorf("updated case: incident %d, want 7", k.IncidentID)
	}
	for _, tc := range []struct {
		incident int64
		want     []int64
	}{{7, []int64{tagged.ID}}, {8, nil}, {0, []int64{tagged.ID, tagged.ID + 1}}} {
		ks, err := st.Cases(ctx, rampart.CaseFilter{IncidentID: tc.incident})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, k := range ks {
			got = append(got, k.ID)
			if want := map[bool]int64{true: 7, false: 0}[k.ID == tagged.ID]; k.IncidentID != want {
				t.Errorf("case %d: incident %d, want %d", k.ID, k.IncidentID, want)
			}
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("cases of incident %d (-want +got):\n%s", tc.incident, diff)
		}
	}
}

// RunInbox checks the inbox: a received record is stored with its key in
// one transaction; a second record under the same key is ECONFLICT and
// stores nothing; a record without a source is EINVALID.
func RunInbox(t *testing.T, open func(t *testing.T) CaseInboxStore) {
	ctx := t.Context()
	st := open(t)
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	src := &rampart.RequestSource{Sender: "pk-referral-unit", KeyID: "0123456789abcdef", Key: "referral-4-submitted",
		RemoteID: 4, SentAt: now, ReceivedAt: now}
	r := rampart.Referral{RequestState: rampart.RequestState{Platform: "x", Status: rampart.RequestSubmitted,
		Items:     []rampart.RequestItem{{Subject: rampart.Subject{Platform: "x", Kind: "account", ID: "1"}, Action: rampart.ActionSuspend}},
		CreatedAt: now, SubmittedAt: now, UpdatedAt: now, Source: src}, Terms: "dangerous organisations"}
	e := rampart.AuditEntry{Actor: "authority:pk-referral-unit", Action: "referral.receive"}
	if seen, err := st.InboxSeen(ctx, src.Key); err != nil || seen {
		t.Fatalf("key seen before any delivery: %v, %v", seen, err)
	}
	got, err := st.ReceiveReferral(ctx, r, e)
	if err != nil {
		t.Fatal(err)
	}
	if seen, err := st.InboxSeen(ctx, src.Key); err != nil || !seen {
		t.Errorf("key not seen after the delivery: %v, %v", seen, err)
	}
	back, err := st.Referral(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, back); diff != "" {
		t.Errorf("received referral read back (-want +got):\n%s", diff)
	}
	// The same key again, even as another kind, stores nothing.
	if _, err := st.ReceiveReferral(ctx, r, e); rampart.ErrorCode(err) != rampart.ECONFLICT {
		t.Errorf("second referral under one key: %v, want conflict", err)
	}
	o := rampart.Order{RequestState: r.RequestState, ReferenceNumber: "1", IssuingAuthority: "a", LegalBasis: "b"}
	if _, err := st.ReceiveOrder(ctx, o, rampart.AuditEntry{Actor: e.Actor, Action: "order.receive"}); rampart.ErrorCode(err) != rampart.ECONFLICT {
		t.Errorf("order under a used key: %v, want conflict", err)
	}
	rs, err := st.Referrals(ctx, rampart.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	os, err := st.Orders(ctx, rampart.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || len(os) != 0 {
		t.Errorf("after duplicates: %d referrals and %d orders, want 1 and 0", len(rs), len(os))
	}
	r.Source = nil
	if _, err := st.ReceiveReferral(ctx, r, e); rampart.ErrorCode(err) != rampart.EINVALID {
		t.Errorf("received referral without a source: %v, want invalid", err)
	}
}
