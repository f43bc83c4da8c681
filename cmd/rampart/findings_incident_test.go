package main

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/sqlite"
)

// TestScanTagsFindingsDuringIncident opens a crisis incident in a database,
// scans into it, and lists the findings tagged with it: exactly those whose
// evidence contains the incident's term, with the raised priority.
func TestScanTagsFindingsDuringIncident(t *testing.T) {
	const term = "umar media"
	db := filepath.Join(t.TempDir(), "r.db")
	st, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	refs, err := casework.NewReferrals(st.Casework(nil), casework.ReferralOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sup := rampart.Principal{UserID: 1, Name: "sup", Role: rampart.RoleSupervisor}
	in, err := refs.OpenIncident(t.Context(), sup, casework.NewIncident{Title: "surge", Terms: []string{"Umar Media"}, Length: "1h", Boost: 25})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, "", "scan", "--db", db, "testdata/mixed.jsonl"); r.code != exitOK {
		t.Fatalf("scan: exit %d: %s", r.code, r.stderr)
	}

	all := runCLI(t, "", "findings", "--db", db, "-o", "jsonl")
	if all.code != exitOK {
		t.Fatalf("findings: %s", all.stderr)
	}
	type tag struct {
		ID        string
		Incidents []int64
		Priority  int
	}
	var want []tag
	stored := findingsOf(t, all.stdout)
	for _, f := range stored {
		hit := slices.ContainsFunc(f.Signals, func(s rampart.Signal) bool {
			return slices.ContainsFunc(s.Evidence, func(e rampart.Evidence) bool { return strings.Contains(strings.ToLower(e.Text), term) })
		})
		if hit {
			want = append(want, tag{f.ID, []int64{in.ID}, min(100, casework.Priority(f.Score, f.Action)+25)})
		}
	}
	if len(want) == 0 || len(want) == len(stored) {
		t.Fatalf("%d of %d scanned findings name %q; the test needs some that do and some that do not", len(want), len(stored), term)
	}
	r := runCLI(t, "", "findings", "--db", db, "-o", "jsonl", "--incident", strconv.FormatInt(in.ID, 10))
	if r.code != exitOK {
		t.Fatalf("findings --incident: exit %d: %s", r.code, r.stderr)
	}
	var got []tag
	for _, f := range findingsOf(t, r.stdout) {
		got = append(got, tag{f.ID, f.Incidents, f.Priority})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings --incident %d (-want +got):\n%s", in.ID, diff)
	}
	if r := runCLI(t, "", "findings", "--db", db, "--incident", "-3"); r.code != exitUsage || !strings.Contains(r.stderr, "--incident -3") {
		t.Errorf("negative --incident: exit %d, stderr %q; want a usage error naming it", r.code, r.stderr)
	}
}
