package bank

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strings"

	"github.com/rampart-tt/rampart"
)

// Delta operations. OpCheckpoint carries no entry: it says that every delta
// before it is complete and that a later pull resumes from Checkpoint.
const (
	OpAdd        = "add"
	OpUpdate     = "update"
	OpDelete     = "delete"
	OpCheckpoint = "checkpoint"
)

// Delta is one change an exchange reports. A delete needs only the entry's
// id, or its type and value (from which the default id is derived).
type Delta struct {
	Op         string `json:"op"`
	Entry      Entry  `json:"entry,omitzero"`
	Checkpoint string `json:"checkpoint,omitempty"`
}

// Exchange pulls a bank's changes from an outside source. Fetch yields the
// deltas after checkpoint ("" for everything), with OpCheckpoint deltas at
// the points where a pull may stop and later resume. An error ends the
// sequence; the deltas since the last checkpoint are then not applied.
type Exchange interface {
	Name() string
	Fetch(ctx context.Context, checkpoint string) iter.Seq2[Delta, error]
}

// PullResult counts what a pull applied.
type PullResult struct {
	Added, Updated, Deleted int
	Checkpoint              string
	// Records are the stored records the pull changed, for Matcher.Apply.
	Records []Record
}

// Pull applies an exchange's deltas to bank: each run of deltas up to a
// checkpoint is validated and written in one transaction together with the
// new checkpoint, so the stored checkpoint never runs ahead of the stored
// entries. On an error the result holds what was committed before it, and
// pulling again resumes from the last committed checkpoint.
func Pull(ctx context.Context, s *Store, bank string, ex Exchange) (PullResult, error) {
	cp, err := s.Checkpoint(ctx, bank)
	if err != nil {
		return PullResult{}, err
	}
	res := PullResult{Checkpoint: cp}
	var pending []Delta
	n := 0
	for d, err := range ex.Fetch(ctx, cp) {
		if err != nil {
			return res, fmt.Errorf("pull %s into bank %s (resume from checkpoint %q): %w", ex.Name(), bank, res.Checkpoint, err)
		}
		n++
		if d.Op != OpCheckpoint {
			nd, err := normalizeDelta(d)
			if err != nil {
				return res, rampart.Errorf(rampart.EINVALID, "pull %s into bank %s: delta %d: %v", ex.Name(), bank, n, err)
			}
			pending = append(pending, nd)
			continue
		}
		if err := s.commitDeltas(ctx, bank, pending, d.Checkpoint, &res); err != nil {
			return res, fmt.Errorf("pull %s into bank %s: %w", ex.Name(), bank, err)
		}
		pending = pending[:0]
	}
	if len(pending) > 0 {
		return res, fmt.Errorf("pull %s into bank %s: the feed ended with %d deltas after its last checkpoint; they were not applied", ex.Name(), bank, len(pending))
	}
	return res, nil
}

func normalizeDelta(d Delta) (Delta, error) {
	switch d.Op {
	case OpAdd, OpUpdate:
		e, err := Normalize(d.Entry)
		if err != nil {
			return Delta{}, err
		}
		d.Entry = e
	case OpDelete:
		if strings.TrimSpace(d.Entry.ID) == "" {
			e, err := Normalize(d.Entry)
			if err != nil {
				return Delta{}, fmt.Errorf("delete names no id and %w", err)
			}
			d.Entry.ID = e.ID
		}
	default:
		return Delta{}, fmt.Errorf("unknown op %q (want add, update, delete or checkpoint)", d.Op)
	}
	return d, nil
}

func (s *Store) commitDeltas(ctx context.Context, bank string, ds []Delta, cp string, res *PullResult) error {
	var recs []Record
	var added, updated, deleted int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, d := range ds {
			switch d.Op {
			case OpDelete:
				r, err := s.disableTx(ctx, tx, bank, d.Entry.ID)
				if rampart.ErrorCode(err) == rampart.ENOTFOUND {
					continue // deleting what was never pulled is a no-op
				}
				if err != nil {
					return err
				}
				recs = append(recs, r)
				deleted++
			default:
				ir, err := s.importTx(ctx, tx, bank, []Entry{d.Entry})
				if err != nil {
					return err
				}
				recs = append(recs, ir.Records...)
				added += ir.Added
				updated += ir.Updated
			}
		}
		r, err := tx.ExecContext(ctx, `UPDATE bank_banks SET checkpoint = ? WHERE name = ?`, cp, bank)
		if err != nil {
			return fmt.Errorf("store checkpoint: %w", err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return notFound(bank)
		}
		return nil
	})
	if err != nil {
		return err
	}
	res.Added += added
	res.Updated += updated
	res.Deleted += deleted
	res.Records = append(res.Records, recs...)
	res.Checkpoint = cp
	return nil
}
