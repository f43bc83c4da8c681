package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/internal/storable"
)

const insertItem = `INSERT INTO items (platform, kind, item_id, account_id, created_at, ingested_at, sha256, body,
	origin_file, origin_line, origin_path, origin_format, flags)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (platform, kind, item_id) DO NOTHING`

// PutItems stores items in one transaction and returns how many were new.
// An item already stored under the same (platform, kind, id), in an earlier
// batch or earlier in this one, is skipped: the first copy stays. A batch
// with an item the store cannot keep exactly (no identity, invalid UTF-8,
// NaN) is refused whole with an EINVALID error naming the item; a failed or
// cancelled batch leaves nothing behind.
func (s *Store) PutItems(ctx context.Context, items []rampart.Item) (added int, err error) {
	for i, it := range items {
		if err := checkItem(i, it); err != nil {
			return 0, err
		}
	}
	if len(items) == 0 {
		return 0, ctx.Err()
	}
	err = s.inTx(ctx, "put items", func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, insertItem)
		if err != nil {
			return err
		}
		defer stmt.Close()
		ingested := formatTime(s.now())
		// Rows are short statements: checking ctx before each one honours
		// cancellation as well as the driver's per-statement watcher
		// goroutine would, at a fraction of the cost.
		ectx := context.WithoutCancel(ctx)
		for i, it := range items {
			if err := ctx.Err(); err != nil {
				return err
			}
			// Marshal inside the loop so that a large batch is never held
			// twice in memory.
			body, err := it.MarshalJSON()
			if err != nil {
				return rampart.Errorf(rampart.EINVALID, "items[%d]: %v", i, err)
			}
			sum := sha256.Sum256(body)
			flags, err := jsonOrNull(it.Flags)
			if err != nil {
				return fmt.Errorf("items[%d].flags: %w", i, err)
			}
			created := itemCreatedAt(it)
			subj := it.Subject()
			res, err := stmt.ExecContext(ectx, subj.Platform, subj.Kind, subj.ID, it.AccountID(),
				formatTime(created), ingested, hex.EncodeToString(sum[:]), string(body),
				it.Origin.File, it.Origin.Line, it.Origin.Path, it.Origin.Format, flags)
			if err != nil {
				return fmt.Errorf("items[%d] %s: %w", i, subj, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return fmt.Errorf("items[%d] %s: %w", i, subj, err)
			}
			added += int(n)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
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
	return storable.Check(root+".flags", it.Flags)
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
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM items`).Scan(&n); err != nil {
		return 0, s.wrap(ctx, "count items", err)
	}
	return n, nil
}

// Item returns the stored item with subj's identity, with its origin and
// flags. A missing item is an ENOTFOUND *rampart.Error.
func (s *Store) Item(ctx context.Context, subj rampart.Subject) (rampart.Item, error) {
	var (
		body, file, path, format string
		line                     int
		flags                    sql.NullString
	)
	err := s.db.QueryRowContext(ctx, `SELECT body, origin_file, origin_line, origin_path, origin_format, flags
		FROM items WHERE platform = ? AND kind = ? AND item_id = ?`, subj.Platform, subj.Kind, subj.ID).
		Scan(&body, &file, &line, &path, &format, &flags)
	if errors.Is(err, sql.ErrNoRows) {
		return rampart.Item{}, rampart.Errorf(rampart.ENOTFOUND, "item %s not found", subj)
	}
	if err != nil {
		return rampart.Item{}, s.wrap(ctx, "get item "+subj.String(), err)
	}
	var it rampart.Item
	if err := json.Unmarshal([]byte(body), &it); err != nil {
		return rampart.Item{}, fmt.Errorf("get item %s: stored body: %w", subj, err)
	}
	it.Origin = rampart.Origin{File: file, Line: line, Path: path, Format: format}
	if flags.Valid {
		if err := json.Unmarshal([]byte(flags.String), &it.Flags); err != nil {
			return rampart.Item{}, fmt.Errorf("get item %s: stored flags: %w", subj, err)
		}
	}
	return it, nil
}

// jsonOrNull encodes v as JSON, or SQL NULL when v is empty, so that an empty
// list or map reads back as nil.
func jsonOrNull[T any](v []T) (sql.NullString, error) {
	if len(v) == 0 {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return sql.NullString{}, err
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}

// inTx runs fn in one write transaction, committing when it returns nil and
// rolling back otherwise (including on a cancelled ctx).
func (s *Store) inTx(ctx context.Context, op string, fn func(*sql.Tx) error) (err error) {
	if err := s.lockWrite(ctx); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer s.unlockWrite()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(ctx, op, err)
	}
	if err := fn(tx); err != nil {
		if rbErr := ignoreDone(tx.Rollback()); rbErr != nil {
			err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		var re *rampart.Error
		if errors.As(err, &re) && ctx.Err() == nil {
			return err
		}
		return s.wrap(ctx, op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.wrap(ctx, op+": commit", err)
	}
	return nil
}
