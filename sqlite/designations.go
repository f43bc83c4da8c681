package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/rampart-tt/rampart"
)

// DesignationVersion describes one stored import of a designation list.
type DesignationVersion struct {
	ID         int64     `json:"id"`
	List       string    `json:"list"`
	ImportedAt time.Time `json:"imported_at"`
	Published  time.Time `json:"published,omitzero"`
	Source     string    `json:"source"`
	SHA256     string    `json:"sha256"`
	Entities   int       `json:"entities"`
}

// DesignationEntity is one entity of a stored list version with the list's
// note on it.
type DesignationEntity struct {
	Entity rampart.Entity
	Note   string
}

// PutDesignationVersion stores one version of a list with all its entities
// in a single transaction: either the whole version is stored or nothing is.
// When the list's latest version has the same SHA-256, nothing is stored
// and that version is returned with added false, so importing an unchanged
// file twice makes no new version. v.ID, v.ImportedAt and v.Entities are
// set by the store.
func (s *Store) PutDesignationVersion(ctx context.Context, v DesignationVersion, ents []DesignationEntity) (DesignationVersion, bool, error) {
	if v.List == "" || v.SHA256 == "" {
		return DesignationVersion{}, false, rampart.Errorf(rampart.EINVALID, "designation version: list and sha256 must be set")
	}
	if len(ents) == 0 {
		return DesignationVersion{}, false, rampart.Errorf(rampart.EINVALID, "designation version of %s: no entities", v.List)
	}
	bodies := make([]string, len(ents))
	for i, e := range ents {
		b, err := json.Marshal(e.Entity)
		if err != nil {
			return DesignationVersion{}, false, fmt.Errorf("designation version of %s: entity %q: %w", v.List, e.Entity.ID, err)
		}
		bodies[i] = string(b)
	}
	added := false
	err := s.inTx(ctx, "put designation version", func(tx *sql.Tx) error {
		last, err := latestVersion(ctx, tx, v.List)
		if err != nil {
			return err
		}
		if last != nil && last.SHA256 == v.SHA256 {
			v = *last
			return nil
		}
		now := formatTime(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO designation_lists (list, first_imported) VALUES (?, ?) ON CONFLICT (list) DO NOTHING`, v.List, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO designation_versions (list, imported_at, published, source, sha256, entity_count)
			VALUES (?, ?, ?, ?, ?, ?)`, v.List, now, formatTime(v.Published), v.Source, v.SHA256, len(ents))
		if err != nil {
			return err
		}
		if v.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO version_entities (version_id, ord, entity_id, entity, note) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, e := range ents {
			if _, err := stmt.ExecContext(ctx, v.ID, i, e.Entity.ID, bodies[i], e.Note); err != nil {
				return fmt.Errorf("entity %q: %w", e.Entity.ID, err)
			}
		}
		v.ImportedAt, _ = parseTime("imported_at", now)
		v.Entities = len(ents)
		added = true
		return nil
	})
	if err != nil {
		return DesignationVersion{}, false, err
	}
	return v, added, nil
}

const versionColumns = `id, list, imported_at, published, source, sha256, entity_count`

type rowScanner interface{ Scan(dest ...any) error }

func scanVersion(r rowScanner) (DesignationVersion, error) {
	var v DesignationVersion
	var imported, published string
	if err := r.Scan(&v.ID, &v.List, &imported, &published, &v.Source, &v.SHA256, &v.Entities); err != nil {
		return v, err
	}
	var err error
	if v.ImportedAt, err = parseTime("imported_at", imported); err != nil {
		return v, err
	}
	v.Published, err = parseTime("published", published)
	return v, err
}

func latestVersion(ctx context.Context, tx *sql.Tx, list string) (*DesignationVersion, error) {
	v, err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM designation_versions WHERE list = ? ORDER BY id DESC LIMIT 1`, list))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// DesignationVersions returns the stored versions of list (every list when
// list is ""), oldest first.
func (s *Store) DesignationVersions(ctx context.Context, list string) ([]DesignationVersion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+versionColumns+` FROM designation_versions
		WHERE ? = '' OR list = ? ORDER BY id`, list, list)
	if err != nil {
		return nil, s.wrap(ctx, "designation versions", err)
	}
	defer rows.Close()
	var out []DesignationVersion
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, s.wrap(ctx, "designation versions", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(ctx, "designation versions", err)
	}
	return out, nil
}

// DesignationVersion returns one stored version with its entities in the
// order they were read. A missing id is an ENOTFOUND error.
func (s *Store) DesignationVersion(ctx context.Context, id int64) (DesignationVersion, []DesignationEntity, error) {
	v, err := scanVersion(s.db.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM designation_versions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, nil, rampart.Errorf(rampart.ENOTFOUND, "no designation list version %d (see 'rampart designations history')", id)
	}
	if err != nil {
		return v, nil, s.wrap(ctx, "designation version", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT entity, note FROM version_entities WHERE version_id = ? ORDER BY ord`, id)
	if err != nil {
		return v, nil, s.wrap(ctx, "designation version entities", err)
	}
	defer rows.Close()
	var ents []DesignationEntity
	for rows.Next() {
		var body string
		var de DesignationEntity
		if err := rows.Scan(&body, &de.Note); err != nil {
			return v, nil, s.wrap(ctx, "designation version entities", err)
		}
		if err := json.Unmarshal([]byte(body), &de.Entity); err != nil {
			return v, nil, fmt.Errorf("designation version %d: stored entity %d: %w", id, len(ents), err)
		}
		ents = append(ents, de)
	}
	if err := rows.Err(); err != nil {
		return v, nil, s.wrap(ctx, "designation version entities", err)
	}
	return v, ents, nil
}
