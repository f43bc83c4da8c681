// Package sqlite is Rampart's embedded store: items and findings kept in one
// SQLite file through the pure-Go driver modernc.org/sqlite, so a single
// binary needs no database server.
//
// The schema is created and upgraded by numbered migrations embedded in the
// binary; a file written by a newer Rampart is refused rather than guessed
// at. Connections run in WAL mode with a busy timeout, foreign keys on and
// synchronous=NORMAL (a power cut may lose the last commits but never
// corrupts the file). Writes from
// one process are serialised inside the Store; writers in other processes
// wait up to the busy timeout.
//
// Store implements rampart.ItemStore and rampart.FindingStore and passes the
// conformance suite in package storetest.
package sqlite
