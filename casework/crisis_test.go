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

func TestCrisisIncident(t *testing.T) {
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clk := &clock{t: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	svc := must(casework.NewReferrals(st.Casework(nil), casework.ReferralOptions{Now: clk.now}))(t)

	_, err = svc.OpenIncident(ctx, analyst, casework.NewIncident{Title: "t", Terms: []string{"x"}, Length: "1h"})
	code(t, err, rampart.EFORBIDDEN, "analyst opens an incident")
	_, err = svc.OpenIncident(ctx, supervisor, casework.NewIncident{Title: "t", Terms: []string{"x"}, Length: "30d"})
	code(t, err, rampart.EINVALID, "incident longer than a week")
	in := must(svc.OpenIncident(ctx, supervisor, casework.NewIncident{Title: "Market attack", Hashes: []string{"pdq:ABCD"},
		Terms: []string{"  Operation Dawn "}, Length: "72h"}))(t)
	if in.Boost != 30 || in.DeadlineFactor != 0.25 || !in.EndsAt.Equal(clk.now().Add(72*time.Hour)) {
		t.Errorf("incident defaults %+v", in)
	}

	finding := func(texts ...string) rampart.Finding {
		var ev []rampart.Evidence
		for _, s := range texts {
			ev = append(ev, rampart.Evidence{Field: "text", Text: s})
		}
		return rampart.Finding{Signals: []rampart.Signal{{Detector: "hash", Evidence: ev}}}
	}
	active := must(svc.ActiveIncidents(ctx))(t)
	tests := []struct {
		name string
		f    rampart.Finding
		want casework.CrisisAdjustment
	}{
		{"hash, case-insensitive", finding("pdq:abcd"), casework.CrisisAdjustment{Incidents: []int64{in.ID}, Boost: 30, Factor: 0.25}},
		{"term inside text", finding("join OPERATION DAWN now"), casework.CrisisAdjustment{Incidents: []int64{in.ID}, Boost: 30, Factor: 0.25}},
		{"unrelated", finding("weather"), casework.CrisisAdjustment{Factor: 1}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, casework.MatchIncidents(tc.f, active)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
	adj := casework.MatchIncidents(finding("pdq:ABCD"), active)
	if p, d := adj.Apply(80, 24*time.Hour); p != 100 || d != 6*time.Hour {
		t.Errorf("Apply(80, 24h) = %d, %v; want 100 (capped), 6h", p, d)
	}

	// Tagged requests can be listed by incident.
	r := must(svc.CreateReferral(ctx, analyst, casework.NewReferral{Platform: "x", Terms: "t", IncidentID: in.ID,
		Items: []casework.NewItem{{Subject: rampart.Subject{Kind: "post", ID: "1"}, Action: rampart.ActionRemove}}}))(t)
	must(svc.CreateReferral(ctx, analyst, casework.NewReferral{Platform: "x", Terms: "t",
		Items: []casework.NewItem{{Subject: rampart.Subject{Kind: "post", ID: "2"}, Action: rampart.ActionRemove}}}))(t)
	tagged := must(svc.Referrals(ctx, supervisor, rampart.RequestFilter{IncidentID: in.ID}))(t)
	if len(tagged) != 1 || tagged[0].ID != r.ID {
		t.Errorf("referrals tagged with the incident: %d, want the one", len(tagged))
	}

	// It ends by itself, or earlier when closed.
	clk.advance(73 * time.Hour)
	if got := must(svc.ActiveIncidents(ctx))(t); len(got) != 0 {
		t.Errorf("%d incidents active after their time", len(got))
	}
	_, err = svc.CloseIncident(ctx, supervisor, in.ID)
	code(t, err, rampart.ECONFLICT, "close an ended incident")
}
