package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
	"strings"

	"github.com/rampart-tt/rampart"
)

// findingsSelect joins each finding with its signals in order; rows of one
// finding are adjacent, so the iterator assembles findings as they stream
// and never holds more than one. The findings_created index (created_at, id)
// and signals' (finding_id, ord) key give this order without a sort.
const findingsSelect = `SELECT f.id, f.platform, f.kind, f.subject_id, f.account_id, f.action, f.score, f.rule,
	f.reason, f.basis, f.versions, f.shadow, f.origin, f.created_at, f.incidents, f.priority,
	s.detector, s.kind, s.entity, s.grp, s.score, s.jurisdictions, s.attrs, s.evidence
FROM findings f LEFT JOIN signals s ON s.finding_id = f.id`

// Findings streams the findings that match flt, oldest first (by created_at,
// then in the order they were stored). Actions match any of the listed
// actions, and "withhold" matches every withhold:<CC>; Entity matches a
// signal's entity or group; Since is inclusive; Limit 0 means no limit.
// A negative Limit or an unknown action yields one EINVALID error. An error
// is always the last value. Breaking out of the loop early releases the
// query.
func (s *Store) Findings(ctx context.Context, flt rampart.FindingFilter) iter.Seq2[rampart.Finding, error] {
	return func(yield func(rampart.Finding, error) bool) {
		query, args, err := buildFindingsQuery(flt)
		if err != nil {
			yield(rampart.Finding{}, err)
			return
		}
		rows, err := s.db.QueryContext(ctx, query, args...)
		if err != nil {
			yield(rampart.Finding{}, s.wrap(ctx, "query findings", err))
			return
		}
		defer rows.Close()
		var (
			cur    rampart.Finding
			curID  int64
			have   bool
			served int
		)
		for rows.Next() {
			// The driver notices a cancelled ctx only between its own
			// steps; checking here ends the stream at the next finding.
			if err := ctx.Err(); err != nil {
				yield(rampart.Finding{}, fmt.Errorf("read findings: %w", err))
				return
			}
			var r findingRow
			if err := rows.Scan(r.dest()...); err != nil {
				yield(rampart.Finding{}, s.wrap(ctx, "read findings", err))
				return
			}
			if !have || r.id != curID {
				if have {
					if !yield(cur, nil) {
						return
					}
					if served++; flt.Limit > 0 && served >= flt.Limit {
						return
					}
				}
				cur, err = r.finding()
				if err != nil {
					yield(rampart.Finding{}, fmt.Errorf("read finding %d: %w", r.id, err))
					return
				}
				curID, have = r.id, true
			}
			if r.sigDetector.Valid {
				sig, err := r.signal()
				if err != nil {
					yield(rampart.Finding{}, fmt.Errorf("read finding %d signal: %w", r.id, err))
					return
				}
				cur.Signals = append(cur.Signals, sig)
			}
		}
		if err := rows.Err(); err != nil {
			yield(rampart.Finding{}, s.wrap(ctx, "read findings", err))
			return
		}
		if have {
			yield(cur, nil)
		}
	}
}

// buildFindingsQuery turns a filter into SQL with bound arguments.
func buildFindingsQuery(flt rampart.FindingFilter) (string, []any, error) {
	if flt.Limit < 0 {
		return "", nil, rampart.Errorf(rampart.EINVALID, "finding filter: limit %d is negative; use 0 for no limit", flt.Limit)
	}
	var (
		conds []string
		args  []any
	)
	if len(flt.Actions) > 0 {
		var or []string
		for _, a := range flt.Actions {
			if a == "withhold" {
				// Every "withhold:XX" sorts in [withhold:, withhold;) — ';'
				// follows ':' in ASCII — so the action index serves it.
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
	if flt.Platform != "" {
		conds = append(conds, `f.platform = ?`)
		args = append(args, flt.Platform)
	}
	if flt.Entity != "" {
		conds = append(conds, `f.id IN (SELECT finding_id FROM signals WHERE entity = ? UNION SELECT finding_id FROM signals WHERE grp = ?)`)
		args = append(args, flt.Entity, flt.Entity)
	}
	if flt.IncidentID != 0 {
		conds = append(conds, incidentCond)
		args = append(args, flt.IncidentID)
	}
	if !flt.Since.IsZero() {
		if y := flt.Since.Year(); y < 0 || y > 9999 {
			return "", nil, rampart.Errorf(rampart.EINVALID, "finding filter: since year %d is outside 0–9999", y)
		}
		conds = append(conds, `f.created_at >= ?`)
		args = append(args, formatTime(flt.Since))
	}
	q := findingsSelect
	if len(conds) > 0 {
		q += "\nWHERE " + strings.Join(conds, " AND ")
	}
	q += "\nORDER BY f.created_at, f.id, s.ord"
	return q, args, nil
}

// incidentCond matches a finding tagged with the incident bound to "?";
// the first test lets the findings_tagged partial index skip untagged rows.
const incidentCond = `(f.incidents IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(f.incidents) WHERE value = ?))`

// findingRow is one row of findingsSelect: a finding and one of its signals
// (all signal columns NULL for a finding without signals).
type findingRow struct {
	id                                                            int64
	platform, kind, subject, account, action, rule, reason, basis string
	score                                                         float64
	versions, created                                             string
	shadow, origin, incidents                                     sql.NullString
	priority                                                      int
	sigDetector, sigKind, sigEntity, sigGroup                     sql.NullString
	sigScore                                                      sql.NullFloat64
	sigJur, sigAttrs, sigEvidence                                 sql.NullString
}

func (r *findingRow) dest() []any {
	return []any{&r.id, &r.platform, &r.kind, &r.subject, &r.account, &r.action, &r.score, &r.rule,
		&r.reason, &r.basis, &r.versions, &r.shadow, &r.origin, &r.created, &r.incidents, &r.priority,
		&r.sigDetector, &r.sigKind, &r.sigEntity, &r.sigGroup, &r.sigScore, &r.sigJur, &r.sigAttrs, &r.sigEvidence}
}

func (r *findingRow) finding() (rampart.Finding, error) {
	f := rampart.Finding{
		Platform: r.platform, Kind: r.kind, ID: r.subject, AccountID: r.account,
		Action: rampart.Action(r.action), Score: r.score, Rule: r.rule, Reason: r.reason, Basis: r.basis,
		Priority: r.priority,
	}
	if err := unmarshalNull("incidents", r.incidents, &f.Incidents); err != nil {
		return f, err
	}
	if err := json.Unmarshal([]byte(r.versions), &f.Versions); err != nil {
		return f, fmt.Errorf("column versions: %w", err)
	}
	if err := unmarshalNull("shadow", r.shadow, &f.Shadow); err != nil {
		return f, err
	}
	if r.origin.Valid {
		f.Origin = new(rampart.Origin)
		if err := json.Unmarshal([]byte(r.origin.String), f.Origin); err != nil {
			return f, fmt.Errorf("column origin: %w", err)
		}
	}
	t, err := parseTime("created_at", r.created)
	if err != nil {
		return f, err
	}
	f.CreatedAt = t
	return f, nil
}

func (r *findingRow) signal() (rampart.Signal, error) {
	sig := rampart.Signal{
		Detector: r.sigDetector.String, Kind: r.sigKind.String, Entity: r.sigEntity.String,
		Group: r.sigGroup.String, Score: r.sigScore.Float64,
	}
	if err := unmarshalNull("jurisdictions", r.sigJur, &sig.Jurisdictions); err != nil {
		return sig, err
	}
	if err := unmarshalNull("attrs", r.sigAttrs, &sig.Attrs); err != nil {
		return sig, err
	}
	if err := unmarshalNull("evidence", r.sigEvidence, &sig.Evidence); err != nil {
		return sig, err
	}
	return sig, nil
}

// unmarshalNull decodes a nullable JSON column; NULL leaves v at its zero
// value (nil).
func unmarshalNull(col string, s sql.NullString, v any) error {
	if !s.Valid {
		return nil
	}
	if err := json.Unmarshal([]byte(s.String), v); err != nil {
		return fmt.Errorf("column %s: %w", col, err)
	}
	return nil
}
