package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/rampart-tt/rampart/postgres"
)

// envURL names the database the tests may use; scripts/pg start prints it.
const envURL = "RAMPART_TEST_POSTGRES"

// testURL returns the test database URL or skips the test.
func testURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(envURL)
	if u == "" {
		t.Skipf("%s is not set: PostgreSQL tests skipped; run them with eval \"$(scripts/pg start)\" (see postgres/README.md)", envURL)
	}
	return u
}

// freshSchema creates a schema of its own for the calling test, dropped at
// its end, and returns a URL whose search_path names only that schema, so
// tests are independent and may run in parallel on one database.
func freshSchema(t testing.TB) string {
	t.Helper()
	base := testURL(t)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(t.Context(), base)
	if err != nil {
		t.Fatalf("connect to %s: %v", envURL, err)
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withParam(t, base, "search_path", schema)
}

// withParam sets one query parameter of a postgres:// URL.
func withParam(t testing.TB, raw, key, value string) string {
	t.Helper()
	if !strings.Contains(raw, "://") {
		t.Fatalf("%s must be a postgres:// URL for these tests, got a key=value string", envURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("parse %s: %v", envURL, err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// openTemp opens a store in a fresh schema, closed at the end of the test.
func openTemp(t testing.TB) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(t.Context(), freshSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}
