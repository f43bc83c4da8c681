package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/rampart-tt/rampart"
)

var _ rampart.ReferralStore = (*Casework)(nil)

// docTable describes one table of whole-record JSON documents (migration
// 0005): the record type T, what it is called in messages and audit
// subjects, and how to read the columns lists filter on.
type docTable[T any] struct {
	table, noun string
	id          func(*T) *int64
	cols        func(*T) (platform, status string, incident int64)
}

var (
	referralTable = docTable[rampart.Referral]{"referrals", "referral",
		func(r *rampart.Referral) *int64 { return &r.ID },
		func(r *rampart.Referral) (string, string, int64) { return r.Platform, string(r.Status), r.IncidentID }}
	orderTable = docTable[rampart.Order]{"orders", "order",
		func(r *rampart.Order) *int64 { return &r.ID },
		func(r *rampart.Order) (string, string, int64) { return r.Platform, string(r.Status), r.IncidentID }}
	preservationTable = docTable[rampart.Preservation]{"preservations", "preservation",
		func(r *rampart.Preservation) *int64 { return &r.ID },
		func(r *rampart.Preservation) (string, string, int64) {
			return r.Platform, string(r.Status), r.IncidentID
		}}
	appealTable = docTable[rampart.Appeal]{"appeals", "appeal",
		func(r *rampart.Appeal) *int64 { return &r.ID },
		func(r *rampart.Appeal) (string, string, int64) { return r.Platform, string(r.Status), 0 }}
	incidentTable = docTable[rampart.Incident]{"incidents", "incident",
		func(r *rampart.Incident) *int64 { return &r.ID },
		func(r *rampart.Incident) (string, string, int64) { return "", "", r.ID }}
)

// create inserts v, sets its id, and writes e with Subject noun/id and the
// stored record as Data.
func (d docTable[T]) create(ctx context.Context, c *Casework, v T, e rampart.AuditEntry) (T, error) {
	err := c.inTx(ctx, "create "+d.noun, func(tx *sql.Tx) (rampart.AuditEntry, error) {
		if err := d.insert(ctx, tx, c, &v); err != nil {
			return e, err
		}
		e.Subject, e.Data = fmt.Sprintf("%s/%d", d.noun, *d.id(&v)), v
		return e, nil
	})
	return v, err
}

// insert adds v as a new row, sets its id and stores its body.
func (d docTable[T]) insert(ctx context.Context, tx *sql.Tx, c *Casework, v *T) error {
	platform, status, incident := d.cols(v)
	res, err := tx.ExecContext(ctx, `INSERT INTO `+d.table+` (platform, status, incident_id, updated_at, body)
		VALUES (?, ?, ?, ?, '{}')`, platform, status, incident, formatTime(c.s.now()))
	if err != nil {
		return err
	}
	if *d.id(v), err = res.LastInsertId(); err != nil {
		return err
	}
	return d.write(ctx, tx, c, v)
}

// write stores the whole of v over its row.
func (d docTable[T]) write(ctx context.Context, tx *sql.Tx, c *Casework, v *T) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", d.noun, err)
	}
	platform, status, incident := d.cols(v)
	_, err = tx.ExecContext(ctx, `UPDATE `+d.table+` SET platform = ?, status = ?, incident_id = ?, updated_at = ?, body = ? WHERE id = ?`,
		platform, status, incident, formatTime(c.s.now()), string(body), *d.id(v))
	return err
}

func (d docTable[T]) read(ctx context.Context, q querier, id int64) (T, error) {
	var (
		v    T
		body string
	)
	err := q.QueryRowContext(ctx, `SELECT body FROM `+d.table+` WHERE id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return v, rampart.Errorf(rampart.ENOTFOUND, "%s %d does not exist", d.noun, id)
	}
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		return v, fmt.Errorf("%s %d: stored body: %w", d.noun, id, err)
	}
	return v, nil
}

func (d docTable[T]) get(ctx context.Context, c *Casework, id int64) (T, error) {
	v, err := d.read(ctx, c.s.db, id)
	if err != nil {
		return v, c.s.wrap(ctx, fmt.Sprintf("read %s %d", d.noun, id), err)
	}
	return v, nil
}

// update reads row id, lets fn change it and writes both the change and
// fn's audit entry (Subject noun/id, Data the new record unless fn set it).
func (d docTable[T]) update(ctx context.Context, c *Casework, id int64, fn func(*T) (rampart.AuditEntry, error)) (T, error) {
	var v T
	err := c.inTx(ctx, fmt.Sprintf("update %s %d", d.noun, id), func(tx *sql.Tx) (rampart.AuditEntry, error) {
		var err error
		if v, err = d.read(ctx, tx, id); err != nil {
			return rampart.AuditEntry{}, err
		}
		e, err := fn(&v)
		if err != nil {
			return e, err
		}
		*d.id(&v) = id // fn may not move the record
		if err := d.write(ctx, tx, c, &v); err != nil {
			return e, err
		}
		e.Subject = fmt.Sprintf("%s/%d", d.noun, id)
		if e.Data == nil {
			e.Data = v
		}
		return e, nil
	})
	return v, err
}

// list returns the rows matching the filter in id order.
func (d docTable[T]) list(ctx context.Context, q querier, platform string, statuses []string, incident, after int64, limit int) ([]T, error) {
	if limit < 0 {
		return nil, rampart.Errorf(rampart.EINVALID, "%s filter: limit %d is negative; use 0 for no limit", d.noun, limit)
	}
	conds, args := []string{"id > ?"}, []any{after}
	if platform != "" {
		conds, args = append(conds, "platform = ?"), append(args, platform)
	}
	if len(statuses) > 0 {
		conds = append(conds, "status IN ("+placeholders(len(statuses))+")")
		for _, s := range statuses {
			args = append(args, s)
		}
	}
	if incident != 0 {
		conds, args = append(conds, "incident_id = ?"), append(args, incident)
	}
	query := `SELECT id, body FROM ` + d.table + ` WHERE ` + strings.Join(conds, " AND ") + ` ORDER BY id`
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var (
			id   int64
			body string
			v    T
		)
		if err := rows.Scan(&id, &body); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			return nil, fmt.Errorf("%s %d: stored body: %w", d.noun, id, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func statusStrings[S ~string](ss []S) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}
