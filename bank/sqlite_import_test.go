package bank_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/bank"
)

// stored is an entry as the tests compare it: its key, id, value and kind.
type stored struct {
	Key   uint64
	ID    string
	Value string
	Kind  string
}

func storedEntries(t *testing.T, s *bank.Store, name string) []stored {
	t.Helper()
	var out []stored
	for r, err := range s.Entries(t.Context(), name) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, stored{r.Key, r.ID, r.Value, r.Labels.Kind})
	}
	return out
}

const (
	md5a = "0cc175b9c0f1b6a831c399e269772661"
	md5b = "92eb5ffee6ae2fec3ad71c777531578f"
	md5c = "4a8a08f09d37b73795649038408b5f33"
	md5d = "8277e0910d750195b448797616e091ad"
)

func md5Entry(id, value, kind string) bank.Entry {
	return bank.Entry{ID: id, Type: bank.MD5, Value: value, Opinion: bank.Positive, Labels: bank.Labels{Kind: kind}}
}

// TestImportRules runs the upsert and conflict rules on both write paths:
// rows inserted under live indexes, and the bulk path that drops the
// indexes and rebuilds them.
func TestImportRules(t *testing.T) {
	start := []bank.Entry{md5Entry("a", md5a, "logo"), md5Entry("b", md5b, "logo")}
	tests := []struct {
		name           string
		in             []bank.Entry
		code           string // expected error code; "" for success
		added, updated int
		want           []stored // after the import (the start state on error)
	}{
		{
			name:  "re-import replaces labels, keeps key",
			in:    []bank.Entry{md5Entry("a", md5a, "poster")},
			added: 0, updated: 1,
			want: []stored{{1, "a", md5a, "poster"}, {2, "b", md5b, "logo"}},
		},
		{
			name:  "new ids take the next keys in order",
			in:    []bank.Entry{md5Entry("d", md5d, ""), md5Entry("c", md5c, "")},
			added: 2, updated: 0,
			want: []stored{{1, "a", md5a, "logo"}, {2, "b", md5b, "logo"}, {3, "d", md5d, ""}, {4, "c", md5c, ""}},
		},
		{
			name: "value held by another id",
			in:   []bank.Entry{md5Entry("c", md5c, ""), md5Entry("x", md5a, "")},
			code: rampart.ECONFLICT,
		},
		{
			name: "one value under two new ids",
			in:   []bank.Entry{md5Entry("c", md5c, ""), md5Entry("d", md5c, "")},
			code: rampart.ECONFLICT,
		},
		{
			name:  "an id moves off a value another id takes",
			in:    []bank.Entry{md5Entry("a", md5c, ""), md5Entry("x", md5a, "")},
			added: 1, updated: 1,
			want: []stored{{1, "a", md5c, ""}, {2, "b", md5b, "logo"}, {3, "x", md5a, ""}},
		},
		{
			name: "two ids swapping values",
			in:   []bank.Entry{md5Entry("a", md5b, ""), md5Entry("b", md5a, "")},
			code: rampart.ECONFLICT,
		},
		{
			name:  "an id twice takes its last row",
			in:    []bank.Entry{md5Entry("c", md5c, "first"), md5Entry("d", md5d, ""), md5Entry("c", md5c, "second")},
			added: 2, updated: 1,
			want: []stored{{1, "a", md5a, "logo"}, {2, "b", md5b, "logo"}, {3, "c", md5c, "second"}, {4, "d", md5d, ""}},
		},
		{
			name:  "an id twice leaves its first value to another id",
			in:    []bank.Entry{md5Entry("c", md5c, ""), md5Entry("d", md5c, ""), md5Entry("c", md5d, "")},
			added: 2, updated: 1,
			want: []stored{{1, "a", md5a, "logo"}, {2, "b", md5b, "logo"}, {3, "c", md5d, ""}, {4, "d", md5c, ""}},
		},
	}
	for _, path := range []struct {
		name    string
		minRows int
	}{{"row by row", 1 << 30}, {"bulk", -1}} {
		t.Run(path.name, func(t *testing.T) {
			defer bank.SetBulkMinRows(path.minRows)()
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					s := openStore(t)
					createBank(t, s, bank.NewBank("b"))
					if _, err := s.Import(t.Context(), "b", start); err != nil {
						t.Fatal(err)
					}
					before := storedEntries(t, s, "b")
					in := tc.in
					res, err := s.Import(t.Context(), "b", in)
					if got := rampart.ErrorCode(err); got != tc.code && !(tc.code == "" && err == nil) {
						t.Fatalf("error %v (code %q), want code %q", err, got, tc.code)
					}
					want := tc.want
					if tc.code != "" {
						want = before
					} else if res.Added != tc.added || res.Updated != tc.updated || len(res.Records) != len(in) {
						t.Errorf("added %d updated %d records %d, want %d, %d, %d", res.Added, res.Updated, len(res.Records), tc.added, tc.updated, len(in))
					}
					if diff := cmp.Diff(want, storedEntries(t, s, "b")); diff != "" {
						t.Errorf("stored (-want +got):\n%s", diff)
					}
					for i, r := range res.Records {
						if r.ID != in[i].ID || r.Key == 0 || !r.AddedAt.Equal(fixedNow) {
							t.Errorf("record %d: %+v", i, r)
						}
					}
					// The unique indexes exist after either path: a
					// conflicting row is still refused by the database.
					if _, err := s.Import(t.Context(), "b", []bank.Entry{md5Entry("zz", md5b, "")}); rampart.ErrorCode(err) != rampart.ECONFLICT {
						t.Errorf("after import, a repeated value gives %v, want a conflict", err)
					}
				})
			}
		})
	}
}

// TestBulkImportMatchesRowByRow imports the same file through both paths
// and compares everything stored.
func TestBulkImportMatchesRowByRow(t *testing.T) {
	var got [2][]bank.Record
	for i, minRows := range []int{1 << 30, -1} {
		restore := bank.SetBulkMinRows(minRows)
		s := openStore(t)
		createBank(t, s, bank.NewBank("gifct"))
		if _, err := s.Import(t.Context(), "gifct", readCSVFile(t, "hma.csv")); err != nil {
			t.Fatal(err)
		}
		for r, err := range s.Entries(t.Context(), "gifct") {
			if err != nil {
				t.Fatal(err)
			}
			got[i] = append(got[i], r)
		}
		restore()
	}
	if len(got[0]) == 0 {
		t.Fatal("nothing imported")
	}
	if diff := cmp.Diff(got[0], got[1]); diff != "" {
		t.Errorf("row by row (-) and bulk (+) differ:\n%s", diff)
	}
}

// v1Schema is the bank_entries table as Rampart created it before
// schema version 2, with its uniqueness inside CREATE TABLE.
const v1Schema = `
CREATE TABLE bank_banks (
	name TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '', threshold INTEGER NOT NULL, enabled INTEGER NOT NULL,
	ratio REAL NOT NULL, suppress INTEGER NOT NULL, created_at TEXT NOT NULL, checkpoint TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE bank_entries (
	rowid INTEGER PRIMARY KEY,
	bank TEXT NOT NULL REFERENCES bank_banks(name) ON DELETE CASCADE,
	entry_id TEXT NOT NULL, signal_type TEXT NOT NULL, value TEXT NOT NULL,
	grp TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '',
	opinion TEXT NOT NULL, added_at TEXT NOT NULL, disabled_at TEXT NOT NULL DEFAULT '',
	UNIQUE (bank, entry_id),
	UNIQUE (bank, signal_type, value)
) STRICT;
INSERT INTO bank_banks VALUES ('old', '', 31, 1, 1.0, 0, '2024-01-01T00:00:00Z', 'cp-7');
INSERT INTO bank_entries VALUES (5, 'old', 'a', 'md5', '0cc175b9c0f1b6a831c399e269772661', 'isis', 'logo', 'gifct', 'x y', 'positive', '2024-01-02T00:00:00Z', '');
INSERT INTO bank_entries VALUES (9, 'old', 'b', 'md5', '92eb5ffee6ae2fec3ad71c777531578f', '', '', '', '', 'negative', '2024-01-03T00:00:00Z', '2024-02-01T00:00:00Z');
`

func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestUpgradeFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rampart.db")
	db := rawDB(t, path)
	if _, err := db.ExecContext(t.Context(), v1Schema); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for round := range 2 { // the second open finds version 2 and changes nothing
		s, err := bank.OpenSQLite(t.Context(), path, bank.Options{Now: func() time.Time { return fixedNow }})
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		want := []stored{{5, "a", md5a, "logo"}, {9, "b", md5b, ""}}
		if round == 1 {
			want = append(want, stored{10, "c", md5c, ""})
		}
		if diff := cmp.Diff(want, storedEntries(t, s, "old")); diff != "" {
			t.Errorf("open %d: entries (-want +got):\n%s", round, diff)
		}
		if cp, err := s.Checkpoint(t.Context(), "old"); err != nil || cp != "cp-7" {
			t.Errorf("checkpoint %q, %v; want cp-7", cp, err)
		}
		if round == 0 {
			if _, err := s.Import(t.Context(), "old", []bank.Entry{md5Entry("x", md5a, "")}); rampart.ErrorCode(err) != rampart.ECONFLICT {
				t.Errorf("repeated value after upgrade: %v, want a conflict", err)
			}
			res, err := s.Import(t.Context(), "old", []bank.Entry{md5Entry("c", md5c, "")})
			if err != nil || res.Records[0].Key != 10 {
				t.Errorf("import after upgrade: %+v, %v; want key 10", res, err)
			}
		}
		s.Close()
	}
	var version string
	if err := rawDB(t, path).QueryRowContext(t.Context(), `SELECT value FROM bank_meta WHERE key = 'schema_version'`).Scan(&version); err != nil || version != "2" {
		t.Errorf("schema version %q, %v; want 2", version, err)
	}
}

func TestRefuseNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rampart.db")
	s, err := bank.OpenSQLite(t.Context(), path, bank.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := rawDB(t, path).ExecContext(t.Context(), `UPDATE bank_meta SET value = '3' WHERE key = 'schema_version'`); err != nil {
		t.Fatal(err)
	}
	_, err = bank.OpenSQLite(t.Context(), path, bank.Options{})
	if err == nil || !strings.Contains(err.Error(), "version 3") {
		t.Errorf("opening a version 3 database: %v, want a refusal naming version 3", err)
	}
}
