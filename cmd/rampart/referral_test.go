package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/sqlite"
)

// referralCLI runs `rampart referral args…` on its own command tree (the
// lead registers it on the root).
func referralCLI(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	c := newReferralCmd(&streams{in: strings.NewReader(stdin), out: &out, err: &errb})
	c.SetArgs(args)
	c.SetOut(&out)
	c.SetErr(&errb)
	err := c.ExecuteContext(t.Context())
	return out.String(), err
}

func TestReferralCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	st, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	cw := st.Casework(nil)
	for _, u := range []rampart.User{{Name: "ana", Role: rampart.RoleAnalyst}, {Name: "sup", Role: rampart.RoleSupervisor},
		{Name: "lx", Role: rampart.RolePlatformLiaison, Platform: "x"}} {
		u.CreatedAt = time.Now()
		if _, err := cw.CreateUser(t.Context(), u, rampart.AuditEntry{Actor: "test", Action: "user.create"}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	req := `{"platform": "x", "terms": "Violent organisations", "items": [
		{"subject": {"kind": "account", "id": "1"}, "action": "suspend"},
		{"subject": {"kind": "account", "id": "2"}, "action": "suspend"}]}`
	steps := []struct {
		stdin string
		args  []string
		want  string // substring of stdout, or of the error when fail
		fail  bool
	}{
		{req, []string{"create", "--db", db, "--as", "ana", "--from", "-"}, `"status": "draft"`, false},
		{"", []string{"submit", "1", "--db", db, "--as", "ana"}, "cannot become submitted", true},
		{"", []string{"approve", "1", "--db", db, "--as", "ana"}, "you need one of the roles", true},
		{"", []string{"approve", "1", "--db", db, "--as", "sup"}, `"status": "approved"`, false},
		{"", []string{"submit", "1", "--db", db, "--as", "ana"}, `"status": "submitted"`, false},
		{"", []string{"respond", "1", "--ack", "--db", db, "--as", "lx"}, `"status": "acknowledged"`, false},
		{`[{"item": 0, "outcome": "actioned"}, {"item": 1, "outcome": "rejected", "reason": "not_violating"}]`,
			[]string{"respond", "1", "--answers", "-", "--db", db, "--as", "lx"}, `"status": "partially_actioned"`, false},
		{"", []string{"list", "--db", db, "--as", "sup"}, "partially_actioned", false},
		{"", []string{"show", "1", "--db", db, "--as", "nobody"}, `no user "nobody"`, true},
		{"", []string{"stats", "--db", db, "--as", "sup"}, "not_violating:1", false},
	}
	for i, s := range steps {
		out, err := referralCLI(t, s.stdin, s.args...)
		got := out
		if s.fail {
			if err == nil {
				t.Fatalf("step %d %v: succeeded, want an error", i, s.args)
			}
			got = err.Error()
		} else if err != nil {
			t.Fatalf("step %d %v: %v", i, s.args, err)
		}
		if !strings.Contains(got, s.want) {
			t.Errorf("step %d %v: output %q does not contain %q", i, s.args, got, s.want)
		}
	}

	out, err := referralCLI(t, "", "stats", "--json", "--db", db, "--as", "sup")
	if err != nil {
		t.Fatal(err)
	}
	var rep casework.ComplianceReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Platforms) != 1 || rep.Platforms[0].Actioned != 1 || rep.Platforms[0].ShareActioned != 0.5 {
		t.Errorf("stats %+v, want x with 1 of 2 actioned", rep.Platforms)
	}
	dir := filepath.Join(t.TempDir(), "pkg")
	if _, err := referralCLI(t, "", "export", "--platform", "x", "-o", dir, "--db", db, "--as", "sup"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"x.json", "x.csv", "x.html"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || len(b) == 0 {
			t.Errorf("export %s: %v (%d bytes)", name, err, len(b))
		}
	}
}
