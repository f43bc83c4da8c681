package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
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
// number alone says which schema a database has.
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

// migrateLock is the key of the transaction-scoped advisory lock taken while
// migrating, so that processes opening a new database at once apply each
// migration exactly once. The value is arbitrary but fixed ("rmprt" in
// ASCII).
const migrateLock int64 = 0x726d707274

// ownTables are the tables the migrations make; finding one of them in a
// schema without schema_migrations means another program owns the schema.
var ownTables = []string{"items", "findings", "signals", "audit_log"}

// migrate brings the current schema up to date in one transaction (DDL is
// transactional in PostgreSQL, so a failed migration leaves nothing half
// made) and refuses schemas from a newer build or made by another program.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		return err
	}
	return s.inTx(ctx, "migrate", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock); err != nil {
			return err
		}
		var schema *string
		if err := tx.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return err
		}
		if schema == nil {
			return errors.New("the connection's search_path names no existing schema; create the schema or fix search_path in the URL")
		}
		have, err := schemaVersion(ctx, tx, *schema)
		if err != nil {
			return err
		}
		if have > len(ms) {
			return fmt.Errorf("%w: schema %q at %s has version %d and this rampart knows up to %d; upgrade rampart or use another database or schema",
				ErrNewerSchema, *schema, s.where, have, len(ms))
		}
		for _, m := range ms[have:] {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("apply %s: %w", m.name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.version, m.name, formatTime(s.now())); err != nil {
				return fmt.Errorf("record %s: %w", m.name, err)
			}
		}
		return nil
	})
}

// schemaVersion returns the highest applied migration in schema, 0 for an
// empty schema, creating schema_migrations when missing. A schema that has
// Rampart's table names but no schema_migrations is refused rather than
// written into.
func schemaVersion(ctx context.Context, tx pgx.Tx, schema string) (int, error) {
	var found []string
	if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(tablename::text ORDER BY tablename), '{}') FROM pg_tables
		WHERE schemaname = $1 AND tablename = ANY($2)`, schema, append([]string{"schema_migrations"}, ownTables...)).Scan(&found); err != nil {
		return 0, err
	}
	hasMigrations := false
	for _, t := range found {
		if t == "schema_migrations" {
			hasMigrations = true
		}
	}
	if !hasMigrations {
		if len(found) > 0 {
			return 0, fmt.Errorf("schema %q has tables %s but no schema_migrations: rampart did not make it; use another schema (search_path) or database",
				schema, strings.Join(found, ", "))
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE schema_migrations (
			version    integer PRIMARY KEY,
			name       text NOT NULL,
			applied_at text NOT NULL)`); err != nil {
			return 0, fmt.Errorf("create schema_migrations: %w", err)
		}
		return 0, nil
	}
	var v *int
	if err := tx.QueryRow(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema_migrations: %w", err)
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}
