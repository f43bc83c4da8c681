package bank

// schema is the bank tables, created beside the store's own tables in the
// shared Rampart database. Entries are never deleted by an import or an
// exchange: a delete disables the entry (disabled_at), so an audit can still
// say what a bank held when a finding was made.
const schema = `
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
CREATE TABLE IF NOT EXISTS bank_entries (
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
	disabled_at TEXT NOT NULL DEFAULT '',
	UNIQUE (bank, entry_id),
	UNIQUE (bank, signal_type, value)
) STRICT;
`
