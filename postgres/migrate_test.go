package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/rampart-tt/rampart/postgres"
)

func TestOpenMigrates(t *testing.T) {
	url := freshSchema(t)
	for i := range 2 { // the second open finds the schema up to date
		s, err := postgres.Open(t.Context(), url)
		if err != nil {
			t.Fatalf("open %d: %v", i+1, err)
		}
		var v int
		if err := s.Pool().QueryRow(t.Context(), `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != postgres.SchemaVersion() || v < 2 {
			t.Errorf("schema version %d, want %d", v, postgres.SchemaVersion())
		}
		s.Close()
	}
}

func TestOpenRefuses(t *testing.T) {
	tests := []struct {
		name    string
		prepare string
		want    string
		is      error
	}{
		{"newer schema", `CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL);
			INSERT INTO schema_migrations VALUES (99, '0099_future', '2030-01-01T00:00:00.000000000Z')`, "version 99", postgres.ErrNewerSchema},
		{"foreign tables", `CREATE TABLE items (x int)`, "rampart did not make it", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			url := freshSchema(t)
			c, err := pgx.Connect(t.Context(), url)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(context.Background())
			if _, err := c.Exec(t.Context(), tc.prepare); err != nil {
				t.Fatal(err)
			}
			_, err = postgres.Open(t.Context(), url)
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Errorf("Open error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	base := testURL(t)
	tests := []struct {
		name, url, want string
	}{
		{"no such schema", withParam(t, base, "search_path", "no_such_schema_x"), "search_path names no existing schema"},
		{"no such database", strings.Replace(base, "/rampart_test", "/rampart_missing_db", 1), "does not exist"},
		{"bad url", "postgres://%zz", "parse connection URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := postgres.Open(t.Context(), tc.url)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
