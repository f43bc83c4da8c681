// Package audit is Rampart's tamper-evident audit log: an append-only chain
// of records, each naming the SHA-256 of the one before it, with checkpoints
// signed by ed25519 keys at intervals and on demand.
//
// A Chain appends records through a small Store interface, which the SQLite
// store here (SQLite) and the PostgreSQL one (package postgres) implement,
// also inside a caller's transaction so that a state change and its record
// commit together. Verify walks a store and names the first record that was
// edited, deleted, reordered or inserted, and checks every checkpoint
// signature against trusted keys; Export writes a bundle that VerifyBundle
// checks without database access. See README.md for the record format, the
// canonical form that is hashed, and what is and is not detected.
package audit
