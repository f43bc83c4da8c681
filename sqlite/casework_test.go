package sqlite_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/sqlite"
)

// TestCaseworkAuditInTx checks that a change and its audit record commit
// together, and that a refused change leaves neither.
func TestCaseworkAuditInTx(t *testing.T) {
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cw := st.Casework(nil)
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	u, err := cw.CreateUser(ctx, rampart.User{Name: "ana", Role: rampart.RoleAnalyst, CreatedAt: now}, rampart.AuditEntry{Actor: "test", Action: "user.create"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cw.CreateUser(ctx, rampart.User{Name: "ana", Role: rampart.RoleAdmin, CreatedAt: now}, rampart.AuditEntry{Actor: "test", Action: "user.create"}); rampart.ErrorCode(err) != rampart.ECONFLICT {
		t.Errorf("duplicate name: %v, want conflict", err)
	}
	k, err := cw.CreateCase(ctx, rampart.Case{Title: "t", GroupBy: "account", Key: "a", Status: rampart.CaseOpen, Action: rampart.ActionReview,
		Findings: []int64{}, CreatedBy: u.ID, CreatedAt: now, UpdatedAt: now, Deadline: now.Add(time.Hour)}, rampart.AuditEntry{Actor: "test", Action: "case.create"})
	if err != nil {
		t.Fatal(err)
	}
	refused := errors.New("refused")
	if _, err := cw.UpdateCase(ctx, k.ID, func(c *rampart.Case) (rampart.AuditEntry, error) {
		c.Status = rampart.CaseClosed
		return rampart.AuditEntry{}, refused
	}); !errors.Is(err, refused) {
		t.Errorf("UpdateCase error %v, want the callback's", err)
	}
	got, err := cw.Case(ctx, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(k, got); diff != "" {
		t.Errorf("case changed by a refused update (-want +got):\n%s", diff)
	}
	var actions []string
	for r, err := range st.AuditLog().Scan(ctx, 1) {
		if err != nil {
			t.Fatal(err)
		}
		actions = append(actions, r.Action+" "+r.Subject)
	}
	if diff := cmp.Diff([]string{"user.create user/1", "case.create case/1"}, actions); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
	if _, err := audit.Verify(ctx, st.AuditLog(), nil); err != nil {
		t.Errorf("verify: %v", err)
	}
}
