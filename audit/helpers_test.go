package audit_test

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/rampart-tt/rampart/audit"
)

// clock is a deterministic clock stepping one millisecond and a few
// nanoseconds per call, so times need all nine digits.
func clock() func() time.Time {
	t := time.Date(2026, 3, 1, 8, 0, 0, 123456789, time.UTC)
	return func() time.Time {
		t = t.Add(time.Millisecond + 7*time.Nanosecond)
		return t
	}
}

// openLog opens a SQLite audit store in a fresh file.
func openLog(t testing.TB) (*audit.SQLite, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.db")
	st, err := audit.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	return st, path
}

func newKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	k, err := audit.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func pub(k ed25519.PrivateKey) ed25519.PublicKey { return k.Public().(ed25519.PublicKey) }

// fill appends n ordinary records.
func fill(t testing.TB, c *audit.Chain, n int) {
	t.Helper()
	for i := range n {
		if _, err := c.Append(t.Context(), "analyst:amina", "case.open", "case/"+string(rune('A'+i%26)),
			map[string]any{"n": i, "note": "opened from finding"}); err != nil {
			t.Fatal(err)
		}
	}
}

func exec(t testing.TB, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
