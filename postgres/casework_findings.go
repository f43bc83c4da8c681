package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/rampart-tt/rampart"
)

// recordsSelect is findingsSelect in id order: casework pages findings by
// id, not by time.
const recordsSelect = `SELECT f.id, f.platform, f.kind, f.subject_id, f.account_id, f.action, f.score, f.rule,
	f.reason, f.basis, f.versions, f.shadow, f.origin, f.created_at, f.incidents, f.priority,
	s.detector, s.kind, s.entity, s.grp, s.score, s.jurisdictions, s.attrs, s.evidence
FROM (%s) f LEFT JOIN signals s ON s.finding_id = f.id
ORDER BY f.id, s.ord`

// FindingRecords returns the stored findings matching f with their ids, in
// id order. Entity matches a signal's entity or group, Cluster the
// "cluster" attribute of a coordination signal.
func (c *Casework) FindingRecords(ctx context.Context, f rampart.FindingRecordFilter) ([]rampart.FindingRecord, error) {
	inner, args, err := recordQuery(f)
	if err != nil {
		return nil, err
	}
	rows, err := c.s.pool.Query(ctx, fmt.Sprintf(recordsSelect, inner), args...)
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
		if r.sigDetector != nil {
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

// recordQuery selects the findings rows matching f, limited to f.Limit
// findings in id order.
func recordQuery(f rampart.FindingRecordFilter) (string, []any, error) {
	if f.Limit < 0 {
		return "", nil, rampart.Errorf(rampart.EINVALID, "finding filter: limit %d is negative; use 0 for no limit", f.Limit)
	}
	var (
		conds []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if len(f.Actions) > 0 {
		var (
			or    []string
			exact []string
		)
		for _, a := range f.Actions {
			if a == "withhold" {
				or = append(or, `(action >= 'withhold:' AND action < 'withhold;')`)
				continue
			}
			if _, err := rampart.ParseAction(string(a)); err != nil {
				return "", nil, rampart.Errorf(rampart.EINVALID, "finding filter: %v (or \"withhold\" for every country)", err)
			}
			exact = append(exact, string(a))
		}
		if len(exact) > 0 {
			or = append(or, `action = ANY(`+arg(exact)+`::text[])`)
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if len(f.IDs) > 0 {
		conds = append(conds, "id = ANY("+arg(f.IDs)+"::bigint[])")
	}
	if f.Platform != "" {
		conds = append(conds, "platform = "+arg(f.Platform))
	}
	if f.AccountID != "" {
		conds = append(conds, "account_id = "+arg(f.AccountID))
	}
	if f.Entity != "" {
		p := arg(f.Entity)
		conds = append(conds, `id IN (SELECT finding_id FROM signals WHERE entity = `+p+` UNION SELECT finding_id FROM signals WHERE grp = `+p+`)`)
	}
	if f.Cluster != "" {
		// The same expression as the signals_cluster index (0003); ->>
		// renders a string or a number as text, as sqlite's CAST does.
		conds = append(conds, `id IN (SELECT finding_id FROM signals WHERE kind = '`+rampart.SignalCoordinated+`'`+
			` AND (attrs::jsonb ->> 'cluster') = `+arg(f.Cluster)+`)`)
	}
	if f.MediaHash != "" {
		// Containment matches any element of the evidence array whose
		// text is the hash.
		conds = append(conds, `id IN (SELECT finding_id FROM signals WHERE kind = '`+rampart.SignalHashMatch+
			`' AND evidence::jsonb @> jsonb_build_array(jsonb_build_object('text', `+arg(f.MediaHash)+`::text)))`)
	}
	if f.IncidentID != 0 {
		conds = append(conds, incidentCond(arg(f.IncidentID)))
	}
	if !f.Since.IsZero() {
		if y := f.Since.Year(); y < 0 || y > 9999 {
			return "", nil, rampart.Errorf(rampart.EINVALID, "finding filter: since year %d is outside 0–9999", y)
		}
		conds = append(conds, "created_at >= "+arg(formatTime(f.Since)))
	}
	if f.AfterID > 0 {
		conds = append(conds, "id > "+arg(f.AfterID))
	}
	q := "SELECT * FROM findings"
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	q += " ORDER BY id"
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	return q, args, nil
}
