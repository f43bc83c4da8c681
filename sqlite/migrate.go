package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the embedded migrations, named NNNN_what.sql, and
// checks that they are numbered 1, 2, 3… without gaps, so that a version
// number alone says which schema a file has.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var ms []migration
	for _, n := range names { // fs.Glob returns names in lexical order
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_description.sql", base)
		}
		if v != len(ms)+1 {
			return nil, fmt.Errorf("migration %s: want version %d next, got %d", base, len(ms)+1, v)
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", base, err)
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(b)})
	}
	return ms, nil
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int {
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		return 0
	}
	return len(ms)
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
) STRICT`

// migrate brings the schema up to date, one transaction per migration, and
// refuses files from a newer build or files that some other program made.
func (s *Store) migrate(ctx context.Context, readOnly bool) error {
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		return err
	}
	have, err := s.schemaVersion(ctx)
	if err != nil {
		return err
	}
	if have > len(ms) {
		return fmt.Errorf("open %s: %w: the file has schema version %d and this rampart knows up to %d; upgrade rampart or use another database file",
			s.path, ErrNewerSchema, have, len(ms))
	}
	if have == len(ms) {
		return nil
	}
	if readOnly {
		return fmt.Errorf("open %s: %w: schema version %d needs migrating to %d, which a read-only store cannot do; open it writable once",
			s.path, ErrReadOnly, have, len(ms))
	}
	if err := s.lockWrite(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", s.path, err)
	}
	defer s.unlockWrite()
	for _, m := range ms[have:] {
		if err := s.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// schemaVersion returns the highest applied migration, 0 for an empty file.
// A file with tables but no schema_migrations was not made by Rampart and is
// refused rather than written into. The tables that Rampart's companions
// create for themselves in the same file (hash banks, bank_*; the audit
// log, audit_log) do not count: any of them may open the file first.
func (s *Store) schemaVersion(ctx context.Context) (int, error) {
	// One query, so both counts come from the same snapshot: another
	// process may commit the first migration between two queries.
	var hasTable, others int
	err := s.db.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE type = 'table' AND name = 'schema_migrations'),
		count(*) FILTER (WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'
			AND tbl_name NOT LIKE 'bank\_%' ESCAPE '\' AND tbl_name <> 'audit_log')
		FROM sqlite_schema`).Scan(&hasTable, &others)
	if err != nil {
		return 0, s.wrap(ctx, "read schema version", err)
	}
	if hasTable == 0 {
		if others > 0 {
			return 0, fmt.Errorf("open %s: the file is a SQLite database that rampart did not make (it has tables but no schema_migrations); use another file", s.path)
		}
		return 0, nil
	}
	var v sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, s.wrap(ctx, "read schema version", err)
	}
	return int(v.Int64), nil
}

// apply runs one migration in its own transaction. It re-checks inside the
// transaction, whose write lock excludes other processes, so that two
// processes opening a new file at once apply each migration exactly once.
func (s *Store) apply(ctx context.Context, m migration) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(ctx, "migrate "+m.name, err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	if _, err := tx.ExecContext(ctx, createMigrationsTable); err != nil {
		return s.wrap(ctx, "migrate "+m.name, err)
	}
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&done); err != nil {
		return s.wrap(ctx, "migrate "+m.name, err)
	}
	if done > 0 {
		return tx.Commit()
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return s.wrap(ctx, "migrate "+m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, formatTime(s.now())); err != nil {
		return s.wrap(ctx, "migrate "+m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return s.wrap(ctx, "migrate "+m.name, err)
	}
	return nil
}

// ignoreDone drops the error Rollback reports for a transaction that already
// ended (the driver rolls back on a cancelled context by itself).
func ignoreDone(err error) error {
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}
