package audit

import (
	"context"
	"errors"
	"iter"
)

// Store keeps the records of one chain. Implementations must keep Seq
// unique (a primary key), so that two writers can never both add record n
// and the chain cannot fork; Insert of a Seq already present fails with an
// error that errors.Is ErrConflict.
type Store interface {
	// Last returns the record with the highest Seq, or the zero Record
	// (Seq 0) when the store is empty. A store bound to a transaction
	// should lock the log here until the transaction ends, so that
	// concurrent transactions append one after the other.
	Last(ctx context.Context) (Record, error)
	// Insert adds one record.
	Insert(ctx context.Context, r Record) error
	// Scan yields the records with Seq >= from in Seq order. An error is
	// the last value; breaking out early releases what the scan holds.
	Scan(ctx context.Context, from int64) iter.Seq2[Record, error]
}

// Log is what the rest of Rampart writes to: Chain implements it.
type Log interface {
	Append(ctx context.Context, actor, action, subject string, data any) (Record, error)
}

// ErrConflict: a record with that Seq is already stored (another writer
// appended first).
var ErrConflict = errors.New("audit record with that seq already exists")
