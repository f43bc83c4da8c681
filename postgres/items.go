package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/internal/storable"
)

// insertItems inserts a whole batch in one statement: each column travels as
// one array, unnest turns the arrays back into rows, and ON CONFLICT skips
// items already stored, so the affected row count is the number added.
const insertItems = `INSERT INTO items (platform, kind, item_id, account_id, created_at, ingested_at, sha256, body,
	origin_file, origin_line, origin_path, origin_format, flags)
SELECT p, k, i, a, c, $13, h, b, ofile, oline, opath, oformat, fl
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
	$8::text[], $9::bigint[], $10::text[], $11::text[], $12::text[])
	AS t(p, k, i, a, c, h, b, ofile, oline, opath, oformat, fl)
ON CONFLICT (platform, kind, item_id) DO NOTHING`

// itemColumns are the arrays of one batch, in insertItems' order.
type itemColumns struct {
	platform, kind, id, account, created, sum, body []string
	file                                            []string
	line                                            []int64
	path, format                                    []string
	flags                                           []*string
}

// PutItems stores items in one transaction and returns how many were new.
// An item already stored under the same (platform, kind, id), in an earlier
// batch or earlier in this one, is skipped: the first copy stays. A batch
// with an item the store cannot keep exactly (no identity, invalid UTF-8,
// NaN, NUL in an id) is refused whole with an EINVALID error naming the
// item; a failed or cancelled batch leaves nothing behind.
func (s *Store) PutItems(ctx context.Context, items []rampart.Item) (added int, err error) {
	for i, it := range items {
		if err := checkItem(i, it); err != nil {
			return 0, err
		}
	}
	if len(items) == 0 {
		return 0, ctx.Err()
	}
	cols, err := encodeItems(ctx, items)
	if err != nil {
		return 0, err
	}
	ingested := formatTime(s.now())
	err = s.inTx(ctx, "put items", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, insertItems, cols.platform, cols.kind, cols.id, cols.account, cols.created, cols.sum,
			cols.body, cols.file, cols.line, cols.path, cols.format, cols.flags, ingested)
		if err != nil {
			return err
		}
		added = int(tag.RowsAffected())
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// encodeItems builds the column arrays, leaving out repeats of an identity
// within the batch (the first copy is the one kept, as in the store). It
// checks ctx between items, so a cancelled batch stops before any write.
func encodeItems(ctx context.Context, items []rampart.Item) (itemColumns, error) {
	var c itemColumns
	seen := make(map[rampart.Subject]bool, len(items))
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			return c, fmt.Errorf("put items: %w", err)
		}
		subj := it.Subject()
		if seen[subj] {
			continue
		}
		seen[subj] = true
		body, err := it.MarshalJSON()
		if err != nil {
			return c, rampart.Errorf(rampart.EINVALID, "items[%d]: %v", i, err)
		}
		sum := sha256.Sum256(body)
		var flags *string
		if len(it.Flags) > 0 {
			b, err := json.Marshal(it.Flags)
			if err != nil {
				return c, fmt.Errorf("items[%d].flags: %w", i, err)
			}
			fs := string(b)
			flags = &fs
		}
		c.platform = append(c.platform, subj.Platform)
		c.kind = append(c.kind, subj.Kind)
		c.id = append(c.id, subj.ID)
		c.account = append(c.account, it.AccountID())
		c.created = append(c.created, formatTime(itemCreatedAt(it)))
		c.sum = append(c.sum, hex.EncodeToString(sum[:]))
		c.body = append(c.body, string(body))
		c.file = append(c.file, it.Origin.File)
		c.line = append(c.line, int64(it.Origin.Line))
		c.path = append(c.path, it.Origin.Path)
		c.format = append(c.format, it.Origin.Format)
		c.flags = append(c.flags, flags)
	}
	// The last item's encoding may itself have cancelled ctx.
	if err := ctx.Err(); err != nil {
		return c, fmt.Errorf("put items: %w", err)
	}
	return c, nil
}

// checkItem refuses items without an identity and values the store could
// not give back exactly.
func checkItem(i int, it rampart.Item) error {
	if it.Account != nil && it.Post != nil {
		return rampart.Errorf(rampart.EINVALID, "items[%d]: both account and post are set; an item is one or the other", i)
	}
	subj := it.Subject()
	switch {
	case subj.Kind == "":
		return rampart.Errorf(rampart.EINVALID, "items[%d]: neither account nor post is set", i)
	case subj.Platform == "":
		return rampart.Errorf(rampart.EINVALID, "items[%d] (%s id %q): platform is empty", i, subj.Kind, subj.ID)
	case subj.ID == "":
		return rampart.Errorf(rampart.EINVALID, "items[%d] (%s on %s): id is empty", i, subj.Kind, subj.Platform)
	}
	root := fmt.Sprintf("items[%d]", i)
	if err := storable.Check(root, it.Account); err != nil {
		return err
	}
	if err := storable.Check(root, it.Post); err != nil {
		return err
	}
	if err := storable.Check(root+".origin", it.Origin); err != nil {
		return err
	}
	if err := storable.Check(root+".flags", it.Flags); err != nil {
		return err
	}
	return checkColumns(root+".platform", subj.Platform, root+".id", subj.ID, root+".account_id", it.AccountID(),
		root+".origin.file", it.Origin.File, root+".origin.path", it.Origin.Path, root+".origin.format", it.Origin.Format)
}

func itemCreatedAt(it rampart.Item) time.Time {
	switch {
	case it.Account != nil:
		return it.Account.CreatedAt
	case it.Post != nil:
		return it.Post.CreatedAt
	}
	return time.Time{}
}

// CountItems returns how many items are stored.
func (s *Store) CountItems(ctx context.Context) (int64, error) {
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM items`).Scan(&n); err != nil {
		return 0, s.wrap(ctx, "count items", err)
	}
	return n, nil
}

// Item returns the stored item with subj's identity, with its origin and
// flags. A missing item is an ENOTFOUND *rampart.Error.
func (s *Store) Item(ctx context.Context, subj rampart.Subject) (rampart.Item, error) {
	if err := checkColumns("subject.platform", subj.Platform, "subject.kind", subj.Kind, "subject.id", subj.ID); err != nil {
		// No stored item can have a NUL in its identity.
		return rampart.Item{}, rampart.Errorf(rampart.ENOTFOUND, "item %q not found", subj.String())
	}
	var (
		body, file, path, format string
		line                     int64
		flags                    *string
	)
	err := s.pool.QueryRow(ctx, `SELECT body, origin_file, origin_line, origin_path, origin_format, flags
		FROM items WHERE platform = $1 AND kind = $2 AND item_id = $3`, subj.Platform, subj.Kind, subj.ID).
		Scan(&body, &file, &line, &path, &format, &flags)
	if errors.Is(err, pgx.ErrNoRows) {
		return rampart.Item{}, rampart.Errorf(rampart.ENOTFOUND, "item %s not found", subj)
	}
	if err != nil {
		return rampart.Item{}, s.wrap(ctx, "get item "+subj.String(), err)
	}
	var it rampart.Item
	if err := json.Unmarshal([]byte(body), &it); err != nil {
		return rampart.Item{}, fmt.Errorf("get item %s: stored body: %w", subj, err)
	}
	it.Origin = rampart.Origin{File: file, Line: int(line), Path: path, Format: format}
	if flags != nil {
		if err := json.Unmarshal([]byte(*flags), &it.Flags); err != nil {
			return rampart.Item{}, fmt.Errorf("get item %s: stored flags: %w", subj, err)
		}
	}
	return it, nil
}
