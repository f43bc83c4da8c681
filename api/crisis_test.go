package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

func TestCrisisReachesCases(t *testing.T) { forEachStore(t, testCrisisReachesCases) }

// covered reports whether any evidence text of f contains term.
func covered(f rampart.Finding, term string) bool {
	for _, s := range f.Signals {
		for _, ev := range s.Evidence {
			if strings.Contains(strings.ToLower(ev.Text), term) {
				return true
			}
		}
	}
	return false
}

func testCrisisReachesCases(t *testing.T, b backend) {
	ctx := t.Context()
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	e := start(t, b, casework.Options{Now: func() time.Time { return now }})
	sup, _ := e.user(t, "sup", rampart.RoleSupervisor, "")
	analyst, _ := e.user(t, "ana", rampart.RoleAnalyst, "")

	// Pick, from the test findings, an x account one of whose findings
	// names the term (which covers the case) and one none of whose do.
	const term = "umar media"
	byAccount := map[string][]rampart.Finding{}
	for _, f := range loadFindings(t) {
		if f.Platform == "x" && f.AccountID != "" {
			byAccount[f.AccountID] = append(byAccount[f.AccountID], f)
		}
	}
	var hit, miss string
	for acct, fs := range byAccount {
		n := 0
		for _, f := range fs {
			if covered(f, term) {
				n++
			}
		}
		switch {
		case n > 0 && (hit == "" || acct < hit):
			hit = acct
		case n == 0 && (miss == "" || acct < miss):
			miss = acct
		}
	}
	if hit == "" || miss == "" {
		t.Fatalf("test findings lack an account with and one without %q", term)
	}

	in, err := sup.OpenIncident(ctx, casework.NewIncident{Title: "Market attack", Terms: []string{"Umar Media"}, Length: "72h",
		Boost: 40, DeadlineFactor: 0.25})
	if err != nil {
		t.Fatal(err)
	}
	tagged, err := analyst.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: hit}, "")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := analyst.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: miss}, "")
	if err != nil {
		t.Fatal(err)
	}

	// Expected figures, from the findings and the documented SLA (24 h
	// when remove or suspend is proposed, 72 h otherwise).
	expect := func(fs []rampart.Finding, crisis bool) (int, time.Time) {
		conf, action := 0.0, rampart.ActionNone
		for _, f := range fs {
			conf = max(conf, f.Score)
			if f.Action.Severity() > action.Severity() {
				action = f.Action
			}
		}
		prio, window := casework.Priority(conf, action), 72*time.Hour
		if action.Severity() >= rampart.ActionRemove.Severity() {
			window = 24 * time.Hour
		}
		if crisis {
			prio, window = min(100, prio+40), window/4
		}
		return prio, now.Add(window)
	}
	type shape struct {
		Incident int64
		Priority int
		Deadline time.Time
	}
	for _, tc := range []struct {
		name   string
		k      rampart.Case
		fs     []rampart.Finding
		crisis bool
	}{{"covered", tagged, byAccount[hit], true}, {"not covered", plain, byAccount[miss], false}} {
		prio, deadline := expect(tc.fs, tc.crisis)
		want := shape{Priority: prio, Deadline: deadline}
		if tc.crisis {
			want.Incident = in.ID
		}
		k, err := e.admin.Case(ctx, tc.k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, shape{k.IncidentID, k.Priority, k.Deadline.UTC()}); diff != "" {
			t.Errorf("%s case (-want +got):\n%s", tc.name, diff)
		}
	}

	// ?incident= lists the tagged case only.
	l, err := e.admin.Cases(ctx, url.Values{"incident": {fmt.Sprint(in.ID)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Cases) != 1 || l.Cases[0].ID != tagged.ID {
		t.Errorf("cases?incident=%d: %d cases, want only case %d", in.ID, len(l.Cases), tagged.ID)
	}

	// Findings stored while the incident is active (as rampart scan
	// stores them, through CrisisFindings) are tagged and listed under it.
	st, err := b.open(ctx, e.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	il, ok := st.cw.(interface {
		Incidents(ctx context.Context) ([]rampart.Incident, error)
	})
	if !ok {
		t.Fatalf("%s store keeps no incidents", b.name)
	}
	var wantTagged rampart.Finding
	for _, f := range byAccount[hit] {
		if covered(f, term) {
			wantTagged = f
			break
		}
	}
	surge := []rampart.Finding{wantTagged, byAccount[miss][0]}
	for i := range surge {
		surge[i].Versions.Policy += "-crisis" // new findings, not the seeded ones
	}
	wantTagged = surge[0]
	if n, err := casework.NewCrisisFindings(st.findings, il, func() time.Time { return now }).PutFindings(ctx, surge); err != nil || n != 2 {
		t.Fatalf("store findings during the incident: %d, %v", n, err)
	}
	fl, err := e.admin.Findings(ctx, url.Values{"incident": {fmt.Sprint(in.ID)}})
	if err != nil {
		t.Fatal(err)
	}
	type tag struct {
		ID        string
		Incidents []int64
		Priority  int
	}
	var gotTags []tag
	for _, r := range fl.Findings {
		gotTags = append(gotTags, tag{r.Finding.ID, r.Incidents, r.Priority})
	}
	if diff := cmp.Diff([]tag{{wantTagged.ID, []int64{in.ID}, min(100, casework.Priority(wantTagged.Score, wantTagged.Action)+40)}}, gotTags); diff != "" {
		t.Errorf("findings?incident=%d (-want +got):\n%s", in.ID, diff)
	}

	// The incident's report counts the case and the tagged finding.
	status, _, body := raw(t, "GET", fmt.Sprintf("%s/api/v1/incidents/%d", e.url, in.ID), e.secret, "", nil)
	var rep casework.IncidentReport
	if status != http.StatusOK || json.Unmarshal(body, &rep) != nil {
		t.Fatalf("incident report: %d %s", status, body)
	}
	want := casework.IncidentReport{Incident: rep.Incident, Active: true, Cases: 1, OpenCases: 1, Findings: 1, CaseFindings: len(byAccount[hit])}
	if diff := cmp.Diff(want, rep); diff != "" || rep.Incident.ID != in.ID {
		t.Errorf("incident report (-want +got):\n%s", diff)
	}
	if status, _, _ := raw(t, "GET", e.url+"/api/v1/incidents/999", e.secret, "", nil); status != http.StatusNotFound {
		t.Errorf("report of a missing incident: %d, want 404", status)
	}
}
