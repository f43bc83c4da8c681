package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/sqlite"
)

// rawDB opens the file with the driver directly, as another program would.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one connection, so a BEGIN holds its lock
	t.Cleanup(func() { db.Close() })
	return db
}

func post(id string) rampart.Item {
	return rampart.Item{Post: &rampart.Post{Platform: rampart.PlatformX, ID: id, Text: "text " + id}}
}

func TestOpenSettings(t *testing.T) {
	s := openTemp(t)
	// Every pooled connection must carry the settings; hold several at once
	// so that the pool opens more than one.
	ctx := t.Context()
	var conns []*sql.Conn
	for range 3 {
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		got := map[string]string{}
		for _, p := range []string{"journal_mode", "foreign_keys", "synchronous", "busy_timeout"} {
			var v string
			if err := c.QueryRowContext(ctx, "PRAGMA "+p).Scan(&v); err != nil {
				t.Fatal(err)
			}
			got[p] = v
		}
		want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "1", "busy_timeout": "5000"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("connection %d pragmas (-want +got):\n%s", i, diff)
		}
		c.Close()
	}
}

func TestOpenCreatesAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub dir?#", "r.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutItems(t.Context(), []rampart.Item{post("1")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at the path given: %v", err)
	}
	s, err = sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if n, err := s.CountItems(t.Context()); err != nil || n != 1 {
		t.Fatalf("CountItems after reopen = %d, %v; want 1", n, err)
	}
	var versions []int
	rows, err := s.DB().Query(`SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, v)
	}
	var want []int
	for v := 1; v <= sqlite.SchemaVersion(); v++ {
		want = append(want, v)
	}
	if diff := cmp.Diff(want, versions); diff != "" || len(want) == 0 {
		t.Errorf("schema_migrations (-want +got):\n%s", diff)
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string)
		is      error  // errors.Is target, or nil
		message string // must appear in the error
	}{
		{"newer schema", func(t *testing.T, path string) {
			s, err := sqlite.Open(t.Context(), path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.DB().Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future', 'x')`); err != nil {
				t.Fatal(err)
			}
			s.Close()
		}, sqlite.ErrNewerSchema, "schema version 999"},
		{"not a database", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte(strings.Repeat("this is a text file, not SQLite\n", 200)), 0o644); err != nil {
				t.Fatal(err)
			}
		}, nil, "is not a SQLite database"},
		{"another program's database", func(t *testing.T, path string) {
			if _, err := rawDB(t, path).Exec(`CREATE TABLE accounts (id TEXT)`); err != nil {
				t.Fatal(err)
			}
		}, nil, "rampart did not make"},
		{"missing directory", func(t *testing.T, path string) {}, nil, "check that its directory exists"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".db")
			if tc.name == "missing directory" {
				path = filepath.Join(dir, "no", "such", "dir", "r.db")
			}
			tc.prepare(t, path)
			s, err := sqlite.Open(t.Context(), path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded, want an error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v: want errors.Is %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.message) {
				t.Errorf("error %q: want it to say %q", err, tc.message)
			}
		})
	}
}

func TestLockedByAnotherWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	s, err := sqlite.OpenWith(t.Context(), path, sqlite.Options{BusyTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other := rawDB(t, path)
	if _, err := other.Exec(`BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	_, err = s.PutItems(t.Context(), []rampart.Item{post("1")})
	if !errors.Is(err, sqlite.ErrLocked) {
		t.Fatalf("PutItems while another writer holds the lock: error %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "another writer") {
		t.Errorf("error %q should name the file and the other writer", err)
	}
	// Readers are not blocked by a writer in WAL mode.
	if _, err := s.CountItems(t.Context()); err != nil {
		t.Errorf("CountItems during another's write: %v", err)
	}
	if _, err := other.Exec(`ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if n, err := s.PutItems(t.Context(), []rampart.Item{post("1")}); err != nil || n != 1 {
		t.Fatalf("PutItems after the lock is released = %d, %v; want 1, nil", n, err)
	}
}

func TestReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	w, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.PutItems(t.Context(), []rampart.Item{post("1")}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r, err := sqlite.OpenWith(t.Context(), path, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Item(t.Context(), post("1").Subject()); err != nil {
		t.Errorf("read from a read-only store: %v", err)
	}
	_, err = r.PutItems(t.Context(), []rampart.Item{post("2")})
	if !errors.Is(err, sqlite.ErrReadOnly) {
		t.Fatalf("PutItems on a read-only store: error %v, want ErrReadOnly", err)
	}
	if !strings.Contains(err.Error(), "cannot be written") {
		t.Errorf("error %q should say the file cannot be written", err)
	}
	// A read-only store cannot create a missing file.
	if s, err := sqlite.OpenWith(t.Context(), filepath.Join(t.TempDir(), "new.db"), sqlite.Options{ReadOnly: true}); err == nil {
		s.Close()
		t.Error("read-only Open of a missing file succeeded")
	}
}

// TestConcurrentOpen opens a new file from several stores at once, as
// several rampart processes started together would: each migration must be
// applied exactly once and every store must work.
func TestConcurrentOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	const n = 6
	stores := make([]*sqlite.Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = sqlite.Open(t.Context(), path) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	// Separate stores share no in-process lock: their writers meet at the
	// file lock and must wait for each other, not fail.
	var added [n]int
	for i, s := range stores {
		wg.Go(func() {
			batch := []rampart.Item{post("shared"), post("own-" + string(rune('a'+i)))}
			added[i], errs[i] = s.PutItems(t.Context(), batch)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	total := 0
	for i, s := range stores {
		total += added[i]
		s.Close()
	}
	if total != n+1 {
		t.Errorf("added %d in all, want %d", total, n+1)
	}
	db := rawDB(t, path)
	var migrations int
	if err := db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&migrations); err != nil {
		t.Fatal(err)
	}
	if migrations != sqlite.SchemaVersion() {
		t.Errorf("schema_migrations has %d rows, want %d", migrations, sqlite.SchemaVersion())
	}
}

// TestStoredItemColumns checks the chain-of-custody columns: the body is the
// native JSON, sha256 is its hash, and times use the injected clock in the
// fixed-width UTC layout.
func TestStoredItemColumns(t *testing.T) {
	now := time.Date(2026, 2, 27, 10, 0, 0, 0, time.FixedZone("PKT", 5*3600))
	s, err := sqlite.OpenWith(t.Context(), filepath.Join(t.TempDir(), "r.db"), sqlite.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	it := rampart.Item{
		Post: &rampart.Post{Platform: rampart.PlatformX, ID: "1440716895355764743", AccountID: "4203239195",
			CreatedAt: time.Date(2021, 9, 22, 16, 37, 29, 0, time.UTC), Text: "<b>&</b>"},
		Origin: rampart.Origin{File: "in.jsonl", Line: 7, Format: "jsonl"},
	}
	if _, err := s.PutItems(t.Context(), []rampart.Item{it}); err != nil {
		t.Fatal(err)
	}
	var got struct{ account, created, ingested, sum, body, file, format string }
	var line int
	err = s.DB().QueryRow(`SELECT account_id, created_at, ingested_at, sha256, body, origin_file, origin_line, origin_format FROM items`).
		Scan(&got.account, &got.created, &got.ingested, &got.sum, &got.body, &got.file, &line, &got.format)
	if err != nil {
		t.Fatal(err)
	}
	body, err := it.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := struct{ account, created, ingested, sum, body, file, format string }{
		account: "4203239195", created: "2021-09-22T16:37:29.000000000Z", ingested: "2026-02-27T05:00:00.000000000Z",
		sum: sha256Hex(body), body: string(body), file: "in.jsonl", format: "jsonl",
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(want)); diff != "" {
		t.Errorf("stored columns (-want +got):\n%s", diff)
	}
	if line != 7 {
		t.Errorf("origin_line = %d, want 7", line)
	}
}

// TestFindingsStreamWithoutSort checks that the common queries read findings
// in index order, so SQLite hands rows over as it finds them instead of
// sorting the whole table first.
func TestFindingsStreamWithoutSort(t *testing.T) {
	s := openTemp(t)
	for _, flt := range []rampart.FindingFilter{
		{},
		{Platform: rampart.PlatformX},
		{Since: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Limit: 10},
	} {
		q, args, err := sqlite.BuildFindingsQuery(flt)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := s.DB().QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if p := strings.Join(plan, "; "); strings.Contains(p, "TEMP B-TREE") || strings.Contains(p, "SCAN f ") && !strings.Contains(p, "USING INDEX") {
			t.Errorf("filter %+v: plan sorts or scans the table: %s", flt, p)
		}
	}
}

func TestReadOnlyOpenOfMissingFileSaysSo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	_, err := sqlite.OpenWith(t.Context(), path, sqlite.Options{ReadOnly: true})
	if rampart.ErrorCode(err) != rampart.ENOTFOUND || !strings.Contains(err.Error(), "no database at") {
		t.Fatalf("error %v, want ENOTFOUND naming the missing database", err)
	}
	if _, statErr := os.Stat(path); !os.IsNotExist(statErr) {
		t.Errorf("a read-only open created %s", path)
	}
}

// TestOpenAfterCompanions: the hash banks and the audit log create their
// tables in the same file and may open it first.
func TestOpenAfterCompanions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	log, err := audit.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := log.DB().ExecContext(t.Context(), `CREATE TABLE bank_example (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	log.Close()
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("open a file holding only companion tables: %v", err)
	}
	st.Close()
}
