package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"path/filepath"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLiteTable creates the audit table in a SQLite database when missing.
// The sqlite store's migrations may carry the same statement; it is safe to
// run on every open.
const SQLiteTable = `CREATE TABLE IF NOT EXISTS audit_log (
	seq     INTEGER PRIMARY KEY CHECK (seq > 0),
	time    TEXT NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	data    TEXT,
	prev    TEXT NOT NULL,
	hash    TEXT NOT NULL
) STRICT`

// SQLQuerier is what SQLite needs: *sql.DB, *sql.Conn and *sql.Tx have it.
type SQLQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// SQLite is an audit Store in a SQLite database through database/sql and
// modernc.org/sqlite. Bound to a *sql.Tx (NewSQLite(tx)), records commit
// with the caller's transaction; SQLite admits one writer at a time, so
// concurrent transactions append one after the other.
type SQLite struct {
	q  SQLQuerier
	db *sql.DB // set when OpenSQLite opened it
}

var _ Store = (*SQLite)(nil)

// NewSQLite returns a store using q, whose database must already have the
// table (EnsureSQLiteTable).
func NewSQLite(q SQLQuerier) *SQLite { return &SQLite{q: q} }

// EnsureSQLiteTable creates the audit table when missing.
func EnsureSQLiteTable(ctx context.Context, q SQLQuerier) error {
	if _, err := q.ExecContext(ctx, SQLiteTable); err != nil {
		return fmt.Errorf("create audit_log table: %w", err)
	}
	return nil
}

// OpenSQLite opens (creating when missing) the SQLite file at path, which
// may be the rampart database itself, with WAL and a busy timeout, and
// makes sure it has the audit table.
func OpenSQLite(ctx context.Context, path string) (*SQLite, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open audit log %s: %w", path, err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("open audit log %s: %w", path, err)
	}
	if err := EnsureSQLiteTable(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open audit log %s: %w", path, err)
	}
	return &SQLite{q: db, db: db}, nil
}

// DB returns the database OpenSQLite opened, nil for NewSQLite.
func (s *SQLite) DB() *sql.DB { return s.db }

// Tx returns a store bound to tx, for appends that commit with it.
func (s *SQLite) Tx(tx *sql.Tx) *SQLite { return &SQLite{q: tx} }

// Close closes the database if OpenSQLite opened it.
func (s *SQLite) Close() error {
	if s.db == nil {
		return nil
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close audit log: %w", err)
	}
	return nil
}

const selectRecord = `SELECT seq, time, actor, action, subject, data, prev, hash FROM audit_log`

// Last returns the record with the highest seq, or the zero Record.
func (s *SQLite) Last(ctx context.Context) (Record, error) {
	r, err := scanRecord(s.q.QueryRowContext(ctx, selectRecord+` ORDER BY seq DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, nil
	}
	if err != nil {
		return Record{}, fmt.Errorf("read last audit record: %w", err)
	}
	return r, nil
}

// Insert adds r; a taken seq is ErrConflict.
func (s *SQLite) Insert(ctx context.Context, r Record) error {
	var data sql.NullString
	if len(r.Data) > 0 {
		data = sql.NullString{String: string(r.Data), Valid: true}
	}
	_, err := s.q.ExecContext(ctx, `INSERT INTO audit_log (seq, time, actor, action, subject, data, prev, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.Seq, r.Time.UTC().Format(TimeLayout), r.Actor, r.Action, r.Subject, data, r.Prev, r.Hash)
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT {
		return fmt.Errorf("insert audit record %d: %w", r.Seq, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("insert audit record %d: %w", r.Seq, err)
	}
	return nil
}

// Scan yields the records from seq from on, in seq order.
func (s *SQLite) Scan(ctx context.Context, from int64) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		rows, err := s.q.QueryContext(ctx, selectRecord+` WHERE seq >= ? ORDER BY seq`, from)
		if err != nil {
			yield(Record{}, fmt.Errorf("scan audit log: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			if err := ctx.Err(); err != nil {
				yield(Record{}, fmt.Errorf("scan audit log: %w", err))
				return
			}
			r, err := scanRecord(rows)
			if err != nil {
				yield(Record{}, fmt.Errorf("scan audit log: %w", err))
				return
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(Record{}, fmt.Errorf("scan audit log: %w", err))
		}
	}
}

type rowScanner interface{ Scan(dest ...any) error }

func scanRecord(row rowScanner) (Record, error) {
	var (
		r    Record
		t    string
		data sql.NullString
	)
	if err := row.Scan(&r.Seq, &t, &r.Actor, &r.Action, &r.Subject, &data, &r.Prev, &r.Hash); err != nil {
		return Record{}, err
	}
	tm, err := ParseTime(t)
	if err != nil {
		return Record{}, fmt.Errorf("record %d: %w", r.Seq, err)
	}
	r.Time = tm
	if data.Valid {
		r.Data = []byte(data.String)
	}
	return r, nil
}

// ParseTime reads a time stored in TimeLayout.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(TimeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}
