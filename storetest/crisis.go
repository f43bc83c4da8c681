package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
)

// RunCrisisTags checks crisis tags on findings and cases: a tagged finding
// keeps its incidents and priority, both finding lists filter on an
// incident, storing a finding again adds tags (and only tags), tags no
// incident could give are refused, and a case covered by several incidents
// keeps them all and is listed under each.
func RunCrisisTags(t *testing.T, open func(t *testing.T) CaseInboxStore) {
	ctx := t.Context()
	st := open(t)
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	mk := func(id string, incidents []int64, priority int) rampart.Finding {
		return rampart.Finding{Platform: "x", Kind: "post", ID: id, AccountID: "a", Action: rampart.ActionReview,
			Score: 0.8, Rule: "r", Basis: "b", Versions: rampart.Versions{Policy: "p1"}, CreatedAt: now,
			Signals:   []rampart.Signal{{Detector: "hash", Kind: rampart.SignalHashMatch, Score: 1}},
			Incidents: incidents, Priority: priority}
	}
	in := []rampart.Finding{mk("1", []int64{3}, 95), mk("2", nil, 0), mk("3", []int64{3, 4}, 100)}
	if n, err := st.PutFindings(ctx, in); err != nil || n != 3 {
		t.Fatalf("put findings: %d, %v", n, err)
	}
	ids := func(f rampart.FindingFilter) []string {
		t.Helper()
		var got []string
		for fd, err := range st.Findings(ctx, f) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, fd.ID)
		}
		return got
	}
	recIDs := func(f rampart.FindingRecordFilter) []string {
		t.Helper()
		recs, err := st.FindingRecords(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range recs {
			got = append(got, r.Finding.ID)
		}
		return got
	}
	for _, tc := range []struct {
		incident int64
		want     []string
	}{{3, []string{"1", "3"}}, {4, []string{"3"}}, {5, nil}, {0, []string{"1", "2", "3"}}} {
		if diff := cmp.Diff(tc.want, ids(rampart.FindingFilter{IncidentID: tc.incident})); diff != "" {
			t.Errorf("Findings of incident %d (-want +got):\n%s", tc.incident, diff)
		}
		if diff := cmp.Diff(tc.want, recIDs(rampart.FindingRecordFilter{IncidentID: tc.incident})); diff != "" {
			t.Errorf("FindingRecords of incident %d (-want +got):\n%s", tc.incident, diff)
		}
	}
	var back []rampart.Finding
	for fd, err := range st.Findings(ctx, rampart.FindingFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		back = append(back, fd)
	}
	if diff := cmp.Diff(in, back); diff != "" {
		t.Errorf("tagged findings read back (-want +got):\n%s", diff)
	}

	// Stored again under a new incident: tags merge, the higher priority
	// stays, nothing else changes and nothing is added.
	again := []rampart.Finding{mk("1", []int64{5}, 60), mk("2", []int64{5}, 90)}
	again[0].Score, again[1].Action = 0.1, rampart.ActionSuspend
	if n, err := st.PutFindings(ctx, again); err != nil || n != 0 {
		t.Fatalf("put findings again: %d, %v", n, err)
	}
	want := []rampart.Finding{mk("1", []int64{3, 5}, 95), mk("2", []int64{5}, 90), mk("3", []int64{3, 4}, 100)}
	back = back[:0]
	for fd, err := range st.Findings(ctx, rampart.FindingFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		back = append(back, fd)
	}
	if diff := cmp.Diff(want, back); diff != "" {
		t.Errorf("findings after a tagged rescan (-want +got):\n%s", diff)
	}

	for _, tc := range []struct {
		name string
		f    rampart.Finding
	}{
		{"zero incident id", mk("9", []int64{0}, 50)},
		{"negative incident id", mk("9", []int64{-2}, 50)},
		{"priority over 100", mk("9", []int64{3}, 101)},
		{"negative priority", mk("9", nil, -1)},
	} {
		if _, err := st.PutFindings(ctx, []rampart.Finding{tc.f}); rampart.ErrorCode(err) != rampart.EINVALID {
			t.Errorf("%s: %v, want invalid", tc.name, err)
		}
	}

	// A case covered by incidents 3 and 4, primary 4.
	recs, err := st.FindingRecords(ctx, rampart.FindingRecordFilter{IncidentID: 4})
	if err != nil || len(recs) != 1 {
		t.Fatalf("records of incident 4: %d, %v", len(recs), err)
	}
	k := rampart.Case{Title: "t", GroupBy: rampart.GroupAccount, Key: "a", Platform: "x", Status: rampart.CaseOpen,
		Priority: 100, Action: rampart.ActionReview, Findings: []int64{recs[0].ID}, Deadline: now.Add(6 * time.Hour),
		IncidentID: 4, Incidents: []int64{3, 4}, CreatedAt: now, UpdatedAt: now}
	made, err := st.CreateCase(ctx, k, rampart.AuditEntry{Actor: "user:ana", Action: "case.create"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Case(ctx, made.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(made, got); diff != "" {
		t.Errorf("case with two incidents read back (-want +got):\n%s", diff)
	}
	for _, id := range []int64{3, 4} {
		ks, err := st.Cases(ctx, rampart.CaseFilter{IncidentID: id})
		if err != nil {
			t.Fatal(err)
		}
		if len(ks) != 1 || ks[0].ID != made.ID {
			t.Errorf("cases of incident %d: %+v, want case %d", id, ks, made.ID)
		}
	}
	if ks, err := st.Cases(ctx, rampart.CaseFilter{IncidentID: 5}); err != nil || len(ks) != 0 {
		t.Errorf("cases of incident 5: %d, %v; want none", len(ks), err)
	}
}
