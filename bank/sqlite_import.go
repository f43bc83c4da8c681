package bank

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// bulkMinRows is the smallest number of new rows for which an import drops
// the two unique indexes and rebuilds them after inserting (when the new rows
// also outnumber the rows already stored). Inserting N random keys into a
// B-tree touches N random pages, and once the index outgrows the page cache
// every touch is a read and a later write: 1M PDQ rows took 390 s that way.
// CREATE INDEX instead sorts the keys and writes each page once. A variable
// so that tests can exercise both paths with small files (-1: always bulk).
var bulkMinRows = 20_000

// insertChunk is the number of rows per multi-row INSERT: 12 parameters a
// row stays well under SQLite's 32,766-parameter limit, and one statement
// per chunk takes the per-call cost of database/sql and the driver off the
// per-row path.
const insertChunk = 256

// valueKey is what must be unique in a bank besides the id.
type valueKey struct {
	typ   SignalType
	value string
}

// stored is what an import needs to know about an entry already in the bank.
type stored struct {
	key   int64
	added string
}

// importTx stores entries in bank within tx. Duplicates and conflicts are
// found in memory first, so the database sees one UPDATE per changed entry
// and one multi-row INSERT per chunk of new ones, instead of an upsert with
// RETURNING per row. The unique indexes still hold, and any conflict they
// catch (two existing entries swapping values, say) is reported as one.
//
// The rules are those of upserting the entries one by one: an id already in
// the bank is replaced, keeping its key and added time; a value held by
// another id is a conflict, unless this import moves that id to another
// value; an id given twice in one import takes its last row.
func (s *Store) importTx(ctx context.Context, tx *sql.Tx, bank string, entries []Entry) (ImportResult, error) {
	if err := bankExists(ctx, tx, bank); err != nil {
		return ImportResult{}, err
	}
	lastOf := lastIndexes(entries)
	if err := checkValues(entries, lastOf); err != nil {
		return ImportResult{}, err
	}
	existing, err := lookupExisting(ctx, tx, bank, entries, lastOf)
	if err != nil {
		return ImportResult{}, err
	}
	now := formatTime(s.now())
	if err := updateExisting(ctx, tx, entries, lastOf, existing); err != nil {
		return ImportResult{}, conflictOr(err, bank)
	}
	var base int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(rowid), 0) FROM bank_entries`).Scan(&base); err != nil {
		return ImportResult{}, fmt.Errorf("read last key: %w", err)
	}
	// Keys follow the order in which ids first appear, as they did when
	// rows were upserted one by one; a row's fields come from the id's
	// last appearance. key and added are indexed by that last appearance.
	key := make([]int64, len(entries))
	added := make([]string, len(entries))
	var fresh []int // indexes into entries of the rows to insert
	for i, e := range entries {
		j := lastOf[i]
		if key[j] != 0 {
			continue
		}
		if st, ok := existing[e.ID]; ok {
			key[j], added[j] = st.key, st.added
			continue
		}
		key[j] = base + int64(len(fresh)) + 1
		if added[j] = formatTime(entries[j].AddedAt); added[j] == "" {
			added[j] = now
		}
		fresh = append(fresh, j)
	}
	bulk := len(fresh) > 0 && (bulkMinRows < 0 || len(fresh) >= bulkMinRows && int64(len(fresh)) >= base)
	if bulk {
		if _, err := tx.ExecContext(ctx, dropIndexes); err != nil {
			return ImportResult{}, fmt.Errorf("drop indexes for bulk load: %w", err)
		}
	}
	if err := insertNew(ctx, tx, bank, entries, fresh, key, added); err != nil {
		return ImportResult{}, conflictOr(err, bank)
	}
	if bulk {
		if _, err := tx.ExecContext(ctx, schemaIndexes); err != nil {
			return ImportResult{}, conflictOr(fmt.Errorf("rebuild indexes after bulk load: %w", err), bank)
		}
	}
	recs := make([]Record, len(entries))
	var lastAdded string
	var lastTime time.Time
	for i, e := range entries {
		j := lastOf[i]
		if added[j] != lastAdded {
			lastAdded = added[j]
			lastTime, _ = time.Parse(time.RFC3339Nano, lastAdded)
		}
		e.AddedAt = lastTime
		recs[i] = Record{Key: uint64(key[j]), Bank: bank, Entry: e}
	}
	return ImportResult{Added: len(fresh), Updated: len(entries) - len(fresh), Records: recs}, nil
}

// conflictOr reports a unique-index violation as a conflict the user can act
// on and passes other errors through.
func conflictOr(err error, bank string) error {
	if strings.Contains(err.Error(), "UNIQUE") {
		return rampart.Errorf(rampart.ECONFLICT, "%v: an entry's value is already in bank %s under another id", err, bank)
	}
	return err
}

// lookupExisting finds which of the import's ids are already in the bank and
// checks that no value is held by an id this import leaves in place. An empty
// bank (every first import) needs no lookups at all.
func lookupExisting(ctx context.Context, tx *sql.Tx, bank string, entries []Entry, lastOf []int) (map[string]stored, error) {
	existing := map[string]stored{}
	var nonEmpty bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM bank_entries WHERE bank = ?)`, bank).Scan(&nonEmpty); err != nil {
		return nil, fmt.Errorf("read bank %s: %w", bank, err)
	}
	if !nonEmpty {
		return existing, nil
	}
	byID, err := tx.PrepareContext(ctx, `SELECT rowid, added_at FROM bank_entries WHERE bank = ? AND entry_id = ?`)
	if err != nil {
		return nil, err
	}
	defer byID.Close()
	byValue, err := tx.PrepareContext(ctx, `SELECT entry_id FROM bank_entries WHERE bank = ? AND signal_type = ? AND value = ?`)
	if err != nil {
		return nil, err
	}
	defer byValue.Close()
	inImport := make(map[string]struct{}, len(entries))
	for _, e := range entries {
		inImport[e.ID] = struct{}{}
	}
	for i, e := range entries {
		if lastOf[i] != i {
			continue
		}
		var st stored
		switch err := byID.QueryRowContext(ctx, bank, e.ID).Scan(&st.key, &st.added); err {
		case nil:
			existing[e.ID] = st
		case sql.ErrNoRows:
		default:
			return nil, fmt.Errorf("entry %s: %w", e.ID, err)
		}
		var holder string
		switch err := byValue.QueryRowContext(ctx, bank, string(e.Type), e.Value).Scan(&holder); err {
		case nil:
			if _, moving := inImport[holder]; holder != e.ID && !moving {
				return nil, rampart.Errorf(rampart.ECONFLICT, "entry %s: its %s value is already in bank %s under another id (%s)", e.ID, e.Type, bank, holder)
			}
		case sql.ErrNoRows:
		default:
			return nil, fmt.Errorf("entry %s: %w", e.ID, err)
		}
	}
	return existing, nil
}

// updateExisting rewrites the entries whose ids are already stored. A
// re-imported entry takes the file's labels, opinion and disabled time; its
// key and added time stay.
func updateExisting(ctx context.Context, tx *sql.Tx, entries []Entry, lastOf []int, existing map[string]stored) error {
	if len(existing) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE bank_entries SET signal_type = ?, value = ?, grp = ?, kind = ?, source = ?,
		tags = ?, opinion = ?, disabled_at = ? WHERE rowid = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, e := range entries {
		st, ok := existing[e.ID]
		if !ok || lastOf[i] != i {
			continue
		}
		if _, err := stmt.ExecContext(ctx, string(e.Type), e.Value, e.Labels.Group, e.Labels.Kind, e.Labels.Source,
			strings.Join(e.Labels.Tags, " "), string(e.Opinion), formatTime(e.DisabledAt), st.key); err != nil {
			return fmt.Errorf("entry %s: %w", e.ID, err)
		}
	}
	return nil
}

// insertNew writes the rows entries[j] for j in fresh under key[j], in key
// order so that the table's B-tree is only ever appended to.
func insertNew(ctx context.Context, tx *sql.Tx, bank string, entries []Entry, fresh []int, key []int64, added []string) error {
	const cols = 12
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, insertChunk*cols)
	// Putting a string in an interface allocates; the columns other than
	// the key, id and value mostly repeat the previous row, so each reuses
	// its previous row's boxed value when the string is the same. That
	// removes most of the 12 allocations a row would cost.
	var boxes [cols]box
	for start := 0; start < len(fresh); start += insertChunk {
		chunk := fresh[start:min(start+insertChunk, len(fresh))]
		args = args[:0]
		for _, i := range chunk {
			e := &entries[i]
			args = append(args, key[i], boxes[1].of(bank), e.ID, boxes[3].of(string(e.Type)), e.Value,
				boxes[5].of(e.Labels.Group), boxes[6].of(e.Labels.Kind), boxes[7].of(e.Labels.Source),
				boxes[8].of(strings.Join(e.Labels.Tags, " ")), boxes[9].of(string(e.Opinion)), boxes[10].of(added[i]),
				boxes[11].of(formatTime(e.DisabledAt)))
		}
		var err error
		if len(chunk) == insertChunk {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, insertSQL(insertChunk)); err != nil {
					return fmt.Errorf("prepare insert: %w", err)
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, insertSQL(len(chunk)), args...)
		}
		if err != nil {
			return fmt.Errorf("insert entries %s to %s: %w", entries[chunk[0]].ID, entries[chunk[len(chunk)-1]].ID, err)
		}
	}
	return nil
}

// insertSQL is an INSERT of n rows.
func insertSQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO bank_entries (rowid, bank, entry_id, signal_type, value, grp, kind, source, tags, opinion, added_at, disabled_at) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	return b.String()
}

// box holds a string and the interface value made from it, so that a run
// of equal strings is boxed once.
type box struct {
	s string
	v any
}

func (b *box) of(s string) any {
	if b.v == nil || s != b.s {
		b.s, b.v = s, s
	}
	return b.v
}
