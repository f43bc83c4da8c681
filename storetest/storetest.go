// Package storetest is the conformance suite for Rampart's stores: every
// implementation of the root store interfaces (the embedded SQLite store, the
// PostgreSQL store) runs Run from its own tests and must pass all of it.
//
// The suite tests the contracts written on rampart.ItemStore and
// rampart.FindingStore, made precise here where they leave room:
//
//   - Identity. Items are identified by (platform, kind, id) and findings by
//     (platform, kind, id, versions). Ids are opaque strings echoed byte for
//     byte: long numbers, leading zeros, any script, ':' and '/'.
//   - Idempotence. Putting what is already stored adds nothing and changes
//     nothing: the first copy stays. added counts only new rows, also when a
//     batch repeats an entry or several goroutines put overlapping batches.
//   - Atomic batches. A batch is stored whole or not at all: a refused, failed
//     or cancelled batch leaves no rows behind.
//   - Exact round-trip, in the sense of JSON. What comes back equals what was
//     put, with these rules: empty and nil slices and maps are equal; times
//     are equal as instants, to the nanosecond, whatever their location; in
//     Attrs and Extra (map[string]any) numbers come back as float64, objects
//     as map[string]any and lists as []any, exactly as encoding/json decodes
//     them. A value that cannot come back exactly (invalid UTF-8, NaN or
//     infinity, a year outside 0–9999, an item without platform or id) is
//     refused with an EINVALID *rampart.Error whose message names the field,
//     as in "items[3].text".
//   - Findings order. Findings come oldest first by CreatedAt; equal times
//     keep the order in which they were stored.
//   - Filters. Zero fields do not filter; Actions match any listed action and
//     "withhold" matches every withhold:<CC>; Entity matches a signal's entity
//     or group; Since is inclusive; a negative Limit or an unknown action is
//     EINVALID.
//   - Lookups. Item of an unknown subject is an ENOTFOUND *rampart.Error.
//   - Context. A cancelled context fails every call with an error that
//     errors.Is context.Canceled; a stream whose context is cancelled ends
//     with such an error at its next step. An error is always a stream's last
//     value. Breaking out of a stream early releases what it held.
package storetest

import (
	"context"
	"testing"

	"github.com/rampart-tt/rampart"
)

// Store is what the suite tests: both root store interfaces plus a lookup of
// one item by subject.
type Store interface {
	rampart.ItemStore
	rampart.FindingStore
	Item(ctx context.Context, subj rampart.Subject) (rampart.Item, error)
}

// Run runs the whole suite. open must return a new, empty store for the
// calling test and arrange its cleanup with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s Store)
	}{
		{"ItemsIdempotent", testItemsIdempotent},
		{"ItemsRoundTrip", testItemsRoundTrip},
		{"ItemIDsEchoed", testItemIDsEchoed},
		{"ItemIdentity", testItemIdentity},
		{"ItemNotFound", testItemNotFound},
		{"ItemsRefused", testItemsRefused},
		{"FindingsRoundTrip", testFindingsRoundTrip},
		{"FindingAttrsNumbers", testFindingAttrsNumbers},
		{"FindingsIdempotentPerVersions", testFindingsIdempotentPerVersions},
		{"FindingsRefused", testFindingsRefused},
		{"FindingsOrder", testFindingsOrder},
		{"FindingsFilter", testFindingsFilter},
		{"FindingsFilterRefused", testFindingsFilterRefused},
		{"FindingsEarlyBreak", testFindingsEarlyBreak},
		{"ConcurrentPutItems", testConcurrentPutItems},
		{"ConcurrentPutFindings", testConcurrentPutFindings},
		{"CancelledContext", testCancelledContext},
		{"CancelMidBatch", testCancelMidBatch},
		{"CancelMidStream", testCancelMidStream},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, open(t))
		})
	}
}
