package casework_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/sqlite"
)

// evidenced is a finding about account acct whose one signal's evidence
// has the given texts.
func evidenced(id, acct string, score float64, action rampart.Action, texts ...string) rampart.Finding {
	var ev []rampart.Evidence
	for _, s := range texts {
		ev = append(ev, rampart.Evidence{Field: "text", Text: s})
	}
	return rampart.Finding{Platform: "x", Kind: rampart.KindPost, ID: id, AccountID: acct, Action: action, Score: score,
		Rule: "r", Basis: "b", Versions: rampart.Versions{Policy: "p"},
		Signals: []rampart.Signal{{Detector: "hash", Kind: rampart.SignalHashMatch, Score: score, Evidence: ev}}}
}

func TestTagFindings(t *testing.T) {
	dawn := rampart.Incident{ID: 1, Terms: []string{"operation dawn"}, Boost: 30, DeadlineFactor: 0.25}
	market := rampart.Incident{ID: 2, Hashes: []string{"pdq:abcd"}, Boost: 50, DeadlineFactor: 0.5}
	active := []rampart.Incident{dawn, market}
	already := evidenced("4", "a", 0.5, rampart.ActionReview, "pdq:ABCD")
	already.Incidents, already.Priority = []int64{7}, 100
	tests := []struct {
		name string
		in   rampart.Finding
		want rampart.Finding
	}{
		{"untouched", evidenced("1", "a", 0.9, rampart.ActionRemove, "weather"),
			evidenced("1", "a", 0.9, rampart.ActionRemove, "weather")},
		{"term", evidenced("2", "a", 0.6, rampart.ActionReview, "Join OPERATION DAWN"),
			// Priority(0.6, review) = 30 + 10 = 40, +30.
			withTags(evidenced("2", "a", 0.6, rampart.ActionReview, "Join OPERATION DAWN"), 70, 1)},
		{"both, largest boost, capped", evidenced("3", "a", 0.9, rampart.ActionRemove, "operation dawn", "PDQ:abcd"),
			// Priority(0.9, remove) = 45 + 40 = 85, +50 capped at 100.
			withTags(evidenced("3", "a", 0.9, rampart.ActionRemove, "operation dawn", "PDQ:abcd"), 100, 1, 2)},
		{"merged with earlier tags, higher priority kept", already,
			withTags(evidenced("4", "a", 0.5, rampart.ActionReview, "pdq:ABCD"), 100, 2, 7)},
	}
	in := make([]rampart.Finding, len(tests))
	for i, tc := range tests {
		in[i] = tc.in
	}
	if n := casework.TagFindings(in, active); n != 3 {
		t.Errorf("tagged %d findings, want 3", n)
	}
	for i, tc := range tests {
		if diff := cmp.Diff(tc.want, in[i]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
	if n := casework.TagFindings(in, nil); n != 0 {
		t.Errorf("no incident active: tagged %d", n)
	}
}

func withTags(f rampart.Finding, priority int, incidents ...int64) rampart.Finding {
	f.Incidents, f.Priority = incidents, priority
	return f
}

// TestCrisisFindingsAndCases stores findings through CrisisFindings while
// two incidents are active, opens a case both cover, and reads both
// incidents' reports.
func TestCrisisFindingsAndCases(t *testing.T) {
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clk := &clock{t: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	cw := st.Casework(nil)
	refs := must(casework.NewReferrals(cw, casework.ReferralOptions{Now: clk.now}))(t)
	svc := must(casework.New(cw, cw, casework.Options{Now: clk.now}))(t)

	dawn := must(refs.OpenIncident(ctx, supervisor, casework.NewIncident{Title: "Dawn", Terms: []string{"operation dawn"},
		Length: "72h", Boost: 30, DeadlineFactor: 0.25}))(t)
	market := must(refs.OpenIncident(ctx, supervisor, casework.NewIncident{Title: "Market", Hashes: []string{"pdq:abcd"},
		Length: "24h", Boost: 50, DeadlineFactor: 0.5}))(t)

	fs := casework.NewCrisisFindings(st, cw, clk.now)
	batch := []rampart.Finding{
		evidenced("1", "a", 0.6, rampart.ActionReview, "operation dawn"),
		evidenced("2", "a", 0.6, rampart.ActionReview, "pdq:ABCD"),
		evidenced("3", "b", 0.6, rampart.ActionReview, "weather"),
	}
	if n := must(fs.PutFindings(ctx, batch))(t); n != 3 {
		t.Fatalf("stored %d findings, want 3", n)
	}
	tagged := func(id int64) []string {
		t.Helper()
		var got []string
		for f, err := range st.Findings(ctx, rampart.FindingFilter{IncidentID: id}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, f.ID)
		}
		return got
	}
	if diff := cmp.Diff([]string{"1"}, tagged(dawn.ID)); diff != "" {
		t.Errorf("findings of %q (-want +got):\n%s", dawn.Title, diff)
	}
	if diff := cmp.Diff([]string{"2"}, tagged(market.ID)); diff != "" {
		t.Errorf("findings of %q (-want +got):\n%s", market.Title, diff)
	}

	// Account a's case: both incidents cover it; the market incident's
	// larger boost sets the priority, so it is the primary tag. The
	// deadline takes the smaller factor (dawn's 0.25 of 72 h).
	k := must(svc.CreateCase(ctx, analyst, casework.NewCase{GroupBy: rampart.GroupAccount, Key: "a"}))(t)
	type shape struct {
		Primary   int64
		Incidents []int64
		Priority  int
		Deadline  time.Time
	}
	want := shape{market.ID, []int64{dawn.ID, market.ID}, casework.Priority(0.6, rampart.ActionReview) + 50, clk.now().Add(18 * time.Hour)}
	if diff := cmp.Diff(want, shape{k.IncidentID, k.Incidents, k.Priority, k.Deadline}); diff != "" {
		t.Errorf("case covered by two incidents (-want +got):\n%s", diff)
	}
	for _, in := range []rampart.Incident{dawn, market} {
		ks := must(svc.Cases(ctx, supervisor, rampart.CaseFilter{IncidentID: in.ID}))(t)
		if len(ks) != 1 || ks[0].ID != k.ID {
			t.Errorf("cases of %q: %d, want case %d", in.Title, len(ks), k.ID)
		}
		rep := must(svc.IncidentReport(ctx, supervisor, refs, in.ID))(t)
		got := [4]int{rep.Cases, rep.OpenCases, rep.Findings, rep.CaseFindings}
		if want := [4]int{1, 1, 1, 2}; got != want {
			t.Errorf("report of %q: cases, open, findings, case findings = %v, want %v", in.Title, got, want)
		}
	}

	// After both end, new findings are stored untagged.
	clk.advance(73 * time.Hour)
	if n := must(fs.PutFindings(ctx, []rampart.Finding{evidenced("5", "c", 0.6, rampart.ActionReview, "operation dawn")}))(t); n != 1 {
		t.Fatalf("stored %d, want 1", n)
	}
	if diff := cmp.Diff([]string{"1"}, tagged(dawn.ID)); diff != "" {
		t.Errorf("findings of an ended incident (-want +got):\n%s", diff)
	}
}
