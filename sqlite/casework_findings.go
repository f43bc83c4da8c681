package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/rampart-tt/rampart"
)

// FindingRecords returns the stored findings matching f with their ids, in
// id order. Entity matches a signal's entity or group, Cluster the
// "cluster" attribute of a coordination signal.
func (c *Casework) FindingRecords(ctx context.Context, f rampart.FindingRecordFilter) ([]rampart.FindingRecord, error) {
	idq, args, err := findingIDQuery(f)
	if err != nil {
		return nil, err
	}
	// The ids are chosen in a subquery so that LIMIT counts findings, not
	// finding × signal rows.
	q := findingsSelect + "\nWHERE f.id IN (" + idq + ")\nORDER BY f.id, s.ord"
	rows, err := c.s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, c.s.wrap(ctx, "query findings", err)
	}
	defer rows.Close()
	var out []rampart.FindingRecord
	for rows.Next() {
		var r findingRow
		if err := rows.Scan(r.dest()...); err != nil {
			return nil, c.s.wrap(ctx, "read findings", err)
		}
		if len(out) == 0 || out[len(out)-1].ID != r.id {
			fd, err := r.finding()
			if err != nil {
				return nil, fmt.Errorf("read finding %d: %w", r.id, err)
			}
			out = append(out, rampart.FindingRecord{ID: r.id, Finding: fd})
		}
		if r.sigDetector.Valid {
			sig, err := r.signal()
			if err != nil {
				return nil, fmt.Errorf("read finding %d signal: %w", r.id, err)
			}
			last := &out[len(out)-1]
			last.Signals = append(last.Signals, sig)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, c.s.wrap(ctx, "read findings", err)
	}
	return out, nil
}

// findingIDQuery selects the ids of the findings matching f.
func findingIDQuery(f rampart.FindingRecordFilter) (string, []any, error) {
	if f.Limit < 0 {
		return "", nil, rampart.Errorf(rampart.EINVALID, "finding filter: limit %d is negative; use 0 for no limit", f.Limit)
	}
	var (
		conds []string
		args  []any
	)
	add := func(cond string, a ...any) { conds = append(conds, cond); args = append(args, a...) }
	if len(f.Actions) > 0 {
		var or []string
		for _, a := range f.Actions {
			if a == "withhold" {
				or = append(or, `(f.action >= 'withhold:' AND f.action < 'withhold;')`)
				continue
			}
			if _, err := rampart.ParseAction(string(a)); err != nil {
				return "", nil, rampart.Errorf(rampart.EINVALID, "finding filter: %v (or \"withhold\" for every country)", err)
			}
			or = append(or, `f.action = ?`)
			args = append(args, string(a))
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if len(f.IDs) > 0 {
		ids := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			ids[i] = id
		}
		add("f.id IN ("+placeholders(len(f.IDs))+")", ids...)
	}
	if f.Platform != "" {
		add("f.platform = ?", f.Platform)
	}
	if f.AccountID != "" {
		add("f.account_id = ?", f.AccountID)
	}
	if f.Entity != "" {
		add(`f.id IN (SELECT finding_id FROM signals WHERE entity = ? UNION SELECT finding_id FROM signals WHERE grp = ?)`, f.Entity, f.Entity)
	}
	if f.Cluster != "" {
		// The attribute is written by coord as a string or a number;
		// comparing text covers both.
		add(`f.id IN (SELECT finding_id FROM signals WHERE kind = ? AND CAST(json_extract(attrs, '$.cluster') AS TEXT) = ?)`,
			rampart.SignalCoordinated, f.Cluster)
	}
	if f.MediaHash != "" {
		add(`f.id IN (SELECT s.finding_id FROM signals s, json_each(s.evidence) e
			WHERE s.kind = ? AND json_extract(e.value, '$.text') = ?)`, rampart.SignalHashMatch, f.MediaHash)
	}
	if f.IncidentID != 0 {
		add(incidentCond, f.IncidentID)
	}
	if !f.Since.IsZero() {
		if y := f.Since.Year(); y < 0 || y > 9999 {
			return "", nil, rampart.Errorf(rampart.EINVALID, "finding filter: since year %d is outside 0–9999", y)
		}
		add("f.created_at >= ?", formatTime(f.Since))
	}
	if f.AfterID > 0 {
		add("f.id > ?", f.AfterID)
	}
	q := "SELECT f.id FROM findings f"
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	q += " ORDER BY f.id"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return q, args, nil
}
