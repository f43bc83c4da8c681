package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/rampart-tt/rampart"
)

// itemsPage is how many items one query of Items reads. Reading in pages
// keyed by row id keeps no read transaction open between pages, so a caller
// may write (findings of a rescan) while it iterates.
const itemsPage = 1000

// Items yields every stored item in the order it was first ingested, with
// its origin and flags, for re-scanning under a new registry or policy.
func (s *Store) Items(ctx context.Context) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		var after int64
		for {
			page, last, err := s.itemsPage(ctx, after)
			if err != nil {
				yield(rampart.Item{}, err)
				return
			}
			for _, it := range page {
				if !yield(it, nil) {
					return
				}
			}
			if len(page) < itemsPage {
				return
			}
			after = last
		}
	}
}

func (s *Store) itemsPage(ctx context.Context, after int64) ([]rampart.Item, int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, body, origin_file, origin_line, origin_path, origin_format, flags
		FROM items WHERE id > ? ORDER BY id LIMIT ?`, after, itemsPage)
	if err != nil {
		return nil, 0, s.wrap(ctx, "list items", err)
	}
	defer rows.Close()
	var (
		out  []rampart.Item
		last int64
	)
	for rows.Next() {
		var (
			body, file, path, format string
			line                     int
			flags                    sql.NullString
		)
		if err := rows.Scan(&last, &body, &file, &line, &path, &format, &flags); err != nil {
			return nil, 0, s.wrap(ctx, "list items", err)
		}
		var it rampart.Item
		if err := json.Unmarshal([]byte(body), &it); err != nil {
			return nil, 0, fmt.Errorf("list items: stored body of row %d: %w", last, err)
		}
		it.Origin = rampart.Origin{File: file, Line: line, Path: path, Format: format}
		if flags.Valid {
			if err := json.Unmarshal([]byte(flags.String), &it.Flags); err != nil {
				return nil, 0, fmt.Errorf("list items: stored flags of row %d: %w", last, err)
			}
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, s.wrap(ctx, "list items", err)
	}
	return out, last, nil
}
