package bank

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// schemaVersion is the layout of the bank tables this code reads and
// writes, kept in bank_meta so that a database made by an older Rampart is
// upgraded once, when a bank store first opens it.
//
//	1  unique constraints inside CREATE TABLE bank_entries (no bank_meta row)
//	2  the same columns; uniqueness by two named indexes, which a bulk
//	   import drops and rebuilds (see sqlite_import.go)
const schemaVersion = 2

// schemaBanks is the bank settings table, unchanged since version 1.
const schemaBanks = `
CREATE TABLE IF NOT EXISTS bank_banks (
	name        TEXT PRIMARY KEY,
	description TEXT NOT NULL DEFAULT '',
	threshold   INTEGER NOT NULL,
	enabled     INTEGER NOT NULL,
	ratio       REAL NOT NULL,
	suppress    INTEGER NOT NULL,
	created_at  TEXT NOT NULL,
	checkpoint  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE IF NOT EXISTS bank_meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
`

// schemaEntries creates the entries table under the given name. Entries are
// never deleted by an import or an exchange: a delete disables the entry
// (disabled_at), so an audit can still say what a bank held when a finding
// was made.
func schemaEntries(table string) string {
	return `CREATE TABLE IF NOT EXISTS ` + table + ` (
	rowid       INTEGER PRIMARY KEY,
	bank        TEXT NOT NULL REFERENCES bank_banks(name) ON DELETE CASCADE,
	entry_id    TEXT NOT NULL,
	signal_type TEXT NOT NULL,
	value       TEXT NOT NULL,
	grp         TEXT NOT NULL DEFAULT '',
	kind        TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT '',
	tags        TEXT NOT NULL DEFAULT '',
	opinion     TEXT NOT NULL,
	added_at    TEXT NOT NULL,
	disabled_at TEXT NOT NULL DEFAULT ''
) STRICT;`
}

// schemaIndexes are the two uniqueness rules of a bank: one entry per id,
// and one entry per (type, value). The id index leads with the bank, so it
// also serves "every entry of bank B". The value index leads with the value:
// it is only ever probed with all three columns, and SQLite's sorter
// compares the first column with a fast path, which a first column equal in
// every row (the bank) defeats; leading with the value made CREATE INDEX
// after a bulk load cheaper.
const schemaIndexes = `
CREATE UNIQUE INDEX IF NOT EXISTS bank_entries_id ON bank_entries (bank, entry_id);
CREATE UNIQUE INDEX IF NOT EXISTS bank_entries_value ON bank_entries (value, signal_type, bank);
`

const dropIndexes = `
DROP INDEX IF EXISTS bank_entries_id;
DROP INDEX IF EXISTS bank_entries_value;
`

// migrate brings the bank tables to schemaVersion in one transaction: it
// creates them in a new database and upgrades a version 1 database by
// copying its entries (keys included) into a table without the inline
// constraints. A database written by a newer Rampart is refused rather than
// guessed at.
func (s *Store) migrate(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, schemaBanks); err != nil {
			return fmt.Errorf("create tables: %w", err)
		}
		var v string
		err := tx.QueryRowContext(ctx, `SELECT value FROM bank_meta WHERE key = 'schema_version'`).Scan(&v)
		version := 0
		switch {
		case err == sql.ErrNoRows:
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'bank_entries'`).Scan(&n); err != nil {
				return fmt.Errorf("read schema: %w", err)
			}
			if n > 0 {
				version = 1
			}
		case err != nil:
			return fmt.Errorf("read schema version: %w", err)
		default:
			if version, err = strconv.Atoi(v); err != nil {
				return fmt.Errorf("bank_meta schema_version %q is not a number", v)
			}
		}
		if version > schemaVersion {
			return fmt.Errorf("bank tables are schema version %d, newer than this Rampart's %d: upgrade Rampart", version, schemaVersion)
		}
		if version == 1 {
			if err := upgradeV1(ctx, tx); err != nil {
				return fmt.Errorf("upgrade bank tables from version 1: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, schemaEntries("bank_entries")+schemaIndexes); err != nil {
			return fmt.Errorf("create tables: %w", err)
		}
		if version != schemaVersion {
			if _, err := tx.ExecContext(ctx, `INSERT INTO bank_meta (key, value) VALUES ('schema_version', ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(schemaVersion)); err != nil {
				return fmt.Errorf("record schema version: %w", err)
			}
		}
		return nil
	})
}

// upgradeV1 rebuilds bank_entries without its inline UNIQUE constraints
// (SQLite cannot drop a constraint in place), keeping every row and rowid, so
// keys held elsewhere stay valid.
func upgradeV1(ctx context.Context, tx *sql.Tx) error {
	const cols = `rowid, bank, entry_id, signal_type, value, grp, kind, source, tags, opinion, added_at, disabled_at`
	for _, q := range []string{
		schemaEntries("bank_entries_v2"),
		`INSERT INTO bank_entries_v2 (` + cols + `) SELECT ` + cols + ` FROM bank_entries ORDER BY rowid`,
		`DROP TABLE bank_entries`,
		`ALTER TABLE bank_entries_v2 RENAME TO bank_entries`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
