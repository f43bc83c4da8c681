// Package postgres is Rampart's server store: items, findings and the audit
// log kept in PostgreSQL through github.com/jackc/pgx/v5, for deployments
// where several Rampart processes share one database.
//
// It keeps the same contracts as the embedded store in package sqlite and
// passes the same conformance suite (package storetest). The schema is made
// by numbered migrations embedded in the binary and recorded in
// schema_migrations; a schema written by a newer Rampart is refused rather
// than guessed at. All tables live in the connection's current schema (the
// first of its search_path), so one database can hold several independent
// stores, one per schema.
//
// Times are stored as fixed-width RFC 3339 text with nine fractional digits
// in UTC under the "C" collation, because timestamptz keeps only
// microseconds and the contract is nanoseconds; text order is then time
// order. JSON (item bodies, attrs, evidence) is stored as text, not jsonb:
// jsonb reorders keys and drops the exact bytes that were hashed for chain
// of custody.
//
// Batches are one transaction each, written with a single multi-row INSERT
// over unnest'ed arrays (one round trip per batch) with ON CONFLICT DO
// NOTHING for idempotence; a transaction that loses a deadlock to a
// concurrent batch is retried. Findings are streamed through a server-side
// cursor, so a large result is never loaded whole and abandoning a stream
// costs one ROLLBACK.
package postgres
