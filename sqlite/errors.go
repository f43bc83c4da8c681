package sqlite

import (
	"context"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors a caller may test for with errors.Is.
var (
	// ErrLocked: another connection held the write lock longer than the
	// busy timeout.
	ErrLocked = errors.New("database is locked")
	// ErrReadOnly: the file, its directory or the store is not writable.
	ErrReadOnly = errors.New("database is read-only")
	// ErrNewerSchema: the file was written by a newer Rampart.
	ErrNewerSchema = errors.New("database schema is newer than this build")
)

// wrap turns a driver error into one that says what to do about it. A
// cancelled or expired ctx is reported as such (the driver reports an
// interrupted statement), so errors.Is(err, context.Canceled) holds.
func (s *Store) wrap(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	if ctx != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("%s: %w (%v)", op, ctx.Err(), err)
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("%s: %w", op, err)
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return fmt.Errorf("%s: %w: %s is held by another writer; stop the other rampart process using it or retry later (%w)",
			op, ErrLocked, s.path, err)
	case sqlite3.SQLITE_READONLY:
		return fmt.Errorf("%s: %w: %s cannot be written; check the permissions of the file and its directory, or open it without read-only (%w)",
			op, ErrReadOnly, s.path, err)
	case sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("%s: %s is not a SQLite database; point the store at a rampart database or a new file name (%w)", op, s.path, err)
	case sqlite3.SQLITE_CANTOPEN:
		return fmt.Errorf("%s: cannot open %s; check that its directory exists and is writable (%w)", op, s.path, err)
	case sqlite3.SQLITE_CORRUPT:
		return fmt.Errorf("%s: %s is corrupt; restore it from a backup (%w)", op, s.path, err)
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("%s: disk full while writing %s; free space and retry (%w)", op, s.path, err)
	}
	return fmt.Errorf("%s: %s: %w", op, s.path, err)
}
