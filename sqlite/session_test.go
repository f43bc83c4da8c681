package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/sqlite"
)

func TestSessionStore(t *testing.T) {
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cw := st.Casework(nil)
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	u, err := cw.CreateUser(ctx, rampart.User{Name: "alice", Role: rampart.RoleAnalyst, CreatedAt: t0}, rampart.AuditEntry{Actor: "test", Action: "user.create"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := cw.UserByName(ctx, "alice"); err != nil || got.ID != u.ID {
		t.Fatalf("UserByName = %+v, %v", got, err)
	}
	if _, err := cw.UserByName(ctx, "bob"); rampart.ErrorCode(err) != rampart.ENOTFOUND {
		t.Errorf("UserByName(bob) = %v, want not found", err)
	}
	if h, err := cw.PasswordHash(ctx, u.ID); h != "" || err != nil {
		t.Errorf("PasswordHash before any = %q, %v", h, err)
	}
	for _, h := range []string{"$argon2id$first", "$argon2id$second"} {
		if err := cw.SetPassword(ctx, u.ID, h, t0, rampart.AuditEntry{Actor: "test", Action: "user.password_set"}); err != nil {
			t.Fatal(err)
		}
	}
	if h, err := cw.PasswordHash(ctx, u.ID); h != "$argon2id$second" || err != nil {
		t.Errorf("PasswordHash = %q, %v; want the second", h, err)
	}
	if err := cw.SetPassword(ctx, 999, "x", t0, rampart.AuditEntry{Actor: "test", Action: "user.password_set"}); rampart.ErrorCode(err) != rampart.ENOTFOUND {
		t.Errorf("SetPassword for no user = %v", err)
	}

	in := rampart.Session{UserID: u.ID, Role: rampart.RoleAnalyst, Hash: "abc", Method: "password", IP: "192.0.2.1",
		CreatedAt: t0, LastSeenAt: t0, IdleTimeout: 30 * time.Minute, ExpiresAt: t0.Add(12 * time.Hour)}
	s, err := cw.CreateSession(ctx, in, rampart.AuditEntry{Actor: "user:alice", Action: "session.login"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cw.CreateSession(ctx, in, rampart.AuditEntry{Actor: "user:alice", Action: "session.login"}); rampart.ErrorCode(err) != rampart.ECONFLICT {
		t.Errorf("same hash twice = %v, want conflict", err)
	}
	// Touching moves last use forward only.
	for _, at := range []time.Time{t0.Add(10 * time.Minute), t0.Add(5 * time.Minute)} {
		if err := cw.TouchSession(ctx, s.ID, at); err != nil {
			t.Fatal(err)
		}
	}
	got, gu, err := cw.SessionByHash(ctx, "abc")
	if err != nil || gu.ID != u.ID {
		t.Fatalf("SessionByHash = %v, user %+v", err, gu)
	}
	want := s
	want.LastSeenAt = t0.Add(10 * time.Minute)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("session (-want +got):\n%s", diff)
	}
	// Revoking twice keeps the first time.
	for _, at := range []time.Time{t0.Add(time.Hour), t0.Add(2 * time.Hour)} {
		r, err := cw.RevokeSession(ctx, s.ID, at, rampart.AuditEntry{Actor: "user:alice", Action: "session.logout"})
		if err != nil || !r.RevokedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("RevokeSession at %v: %v revoked %v", at, err, r.RevokedAt)
		}
	}
	if _, _, err := cw.SessionByHash(ctx, "nope"); rampart.ErrorCode(err) != rampart.ENOTFOUND {
		t.Errorf("SessionByHash(nope) = %v", err)
	}
	if err := cw.RecordAudit(ctx, rampart.AuditEntry{Actor: "login:x", Action: "session.login_failure", Subject: "user/unknown"}); err != nil {
		t.Fatal(err)
	}
	var acts []string
	for r, err := range st.AuditLog().Scan(ctx, 0) {
		if err != nil {
			t.Fatal(err)
		}
		acts = append(acts, r.Action)
	}
	wantActs := []string{"user.create", "user.password_set", "user.password_set", "session.login", "session.logout", "session.logout", "session.login_failure"}
	if diff := cmp.Diff(wantActs, acts); diff != "" {
		t.Errorf("audit actions (-want +got):\n%s", diff)
	}
}
