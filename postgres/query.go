package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/rampart-tt/rampart"
)

// fetchSize is how many rows (finding × signal) each FETCH brings: large
// enough that round trips do not dominate, small enough that a stream holds
// little memory.
const fetchSize = 512

// findingsSelect joins the selected findings with their signals in order;
// rows of one finding are adjacent, so the iterator assembles findings as
// they stream and never holds more than one. The filter and limit apply to
// the inner query, so Limit counts findings, not rows.
const findingsSelect = `SELECT f.id, f.platform, f.kind, f.subject_id, f.account_id, f.action, f.score, f.rule,
	f.reason, f.basis, f.versions, f.shadow, f.origin, f.created_at, f.incidents, f.priority,
	s.detector, s.kind, s.entity, s.grp, s.score, s.jurisdictions, s.attrs, s.evidence
FROM (%s) f LEFT JOIN signals s ON s.finding_id = f.id
ORDER BY f.created_at, f.id, s.ord`

// Findings streams the findings that match flt, oldest first (by created_at,
// then in the order they were stored). Actions match any of the listed
// actions, and "withhold" matches every withhold:<CC>; Entity matches a
// signal's entity or group; Since is inclusive; Limit 0 means no limit.
// A negative Limit or an unknown action yields one EINVALID error. An error
// is always the last value.
//
// The stream reads through a server-side cursor in a read-only transaction,
// which holds one pooled connection until the loop ends; breaking out early
// rolls the transaction back and returns the connection.
func (s *Store) Findings(ctx context.Context, flt rampart.FindingFilter) iter.Seq2[rampart.Finding, error] {
	return func(yield func(rampart.Finding, error) bool) {
		query, args, err := buildFindingsQuery(flt)
		if err != nil {
			yield(rampart.Finding{}, err)
			return
		}
		tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
		if err != nil {
			yield(rampart.Finding{}, s.wrap(ctx, "query findings", err))
			return
		}
		defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
		if _, err := tx.Exec(ctx, "DECLARE findings_cursor NO SCROLL CURSOR FOR "+query, args...); err != nil {
			yield(rampart.Finding{}, s.wrap(ctx, "query findings", err))
			return
		}
		st := streamState{yield: yield}
		for {
			n, err := s.fetch(ctx, tx, &st)
			if err != nil {
				yield(rampart.Finding{}, err)
				return
			}
			if st.stopped {
				return
			}
			if n < fetchSize {
				break
			}
		}
		if st.have {
			yield(st.cur, nil)
		}
	}
}

// streamState is the finding being assembled across fetched batches.
type streamState struct {
	yield   func(rampart.Finding, error) bool
	cur     rampart.Finding
	curID   int64
	have    bool
	stopped bool // the consumer broke out of the loop
}

// fetch reads one batch of rows from the cursor into st, yielding each
// finding once its last row has been seen. It returns the number of rows
// read; fewer than fetchSize means the cursor is exhausted.
func (s *Store) fetch(ctx context.Context, tx pgx.Tx, st *streamState) (int, error) {
	rows, err := tx.Query(ctx, "FETCH "+strconv.Itoa(fetchSize)+" FROM findings_cursor")
	if err != nil {
		return 0, s.wrap(ctx, "read findings", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		// Rows already received are served without the driver looking at
		// ctx; checking here ends the stream at the next finding.
		if err := ctx.Err(); err != nil {
			return n, fmt.Errorf("read findings: %w", err)
		}
		var r findingRow
		if err := rows.Scan(r.dest()...); err != nil {
			return n, s.wrap(ctx, "read findings", err)
		}
		if !st.have || r.id != st.curID {
			if st.have && !st.yield(st.cur, nil) {
				st.stopped = true
				return n, nil
			}
			cur, err := r.finding()
			if err != nil {
				return n, fmt.Errorf("read finding %d: %w", r.id, err)
			}
			st.cur, st.curID, st.have = cur, r.id, true
		}
		if r.sigDetector != nil {
			sig, err := r.signal()
			if err != nil {
				return n, fmt.Errorf("read finding %d signal: %w", r.id, err)
			}
			st.cur.Signals = append(st.cur.Signals, sig)
		}
	}
	if err := rows.Err(); err != nil {
		return n, s.wrap(ctx, "read findings", err)
	}
	if err := ctx.Err(); err != nil && n > 0 {
		return n, fmt.Errorf("read findings: %w", err)
	}
	return n, nil
}

// buildFindingsQuery turns a filter into the inner SELECT of findingsSelect
// with bound arguments.
func buildFindingsQuery(flt rampart.FindingFilter) (string, []any, error) {
	if flt.Limit < 0 {
		return "", nil, rampart.Errorf(rampart.EINVALID, "finding filter: limit %d is negative; use 0 for no limit", flt.Limit)
	}
	var (
		conds []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if len(flt.Actions) > 0 {
		var (
			or    []string
			exact []string
		)
		for _, a := range flt.Actions {
			if a == "withhold" {
				// action is COLLATE "C", so every "withhold:XX" lies in
				// [withhold:, withhold;) — ';' follows ':' in ASCII — and
				// the action index serves the range.
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
	if flt.Platform != "" {
		conds = append(conds, `platform = `+arg(flt.Platform))
	}
	if flt.Entity != "" {
		p := arg(flt.Entity)
		conds = append(conds, `id IN (SELECT finding_id FROM signals WHERE entity = `+p+` UNION SELECT finding_id FROM signals WHERE grp = `+p+`)`)
	}
	if flt.IncidentID != 0 {
		conds = append(conds, incidentCond(arg(flt.IncidentID)))
	}
	if !flt.Since.IsZero() {
		if y := flt.Since.Year(); y < 0 || y > 9999 {
			return "", nil, rampart.Errorf(rampart.EINVALID, "finding filter: since year %d is outside 0–9999", y)
		}
		conds = append(conds, `created_at >= `+arg(formatTime(flt.Since)))
	}
	inner := "SELECT * FROM findings"
	if len(conds) > 0 {
		inner += " WHERE " + strings.Join(conds, " AND ")
	}
	if flt.Limit > 0 {
		inner += " ORDER BY created_at, id LIMIT " + strconv.Itoa(flt.Limit)
	}
	return fmt.Sprintf(findingsSelect, inner), args, nil
}

// incidentCond matches a finding tagged with the incident bound to p; the
// first test lets the findings_tagged partial index skip untagged rows.
func incidentCond(p string) string {
	return `(incidents IS NOT NULL AND incidents::jsonb @> jsonb_build_array(` + p + `::bigint))`
}

// findingRow is one row of findingsSelect: a finding and one of its signals
// (all signal columns NULL for a finding without signals).
type findingRow struct {
	id                                                            int64
	platform, kind, subject, account, action, rule, reason, basis string
	score                                                         float64
	versions, created                                             string
	shadow, origin, incidents                                     *string
	priority                                                      int32
	sigDetector, sigKind, sigEntity, sigGroup                     *string
	sigScore                                                      *float64
	sigJur, sigAttrs, sigEvidence                                 *string
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
		Priority: int(r.priority),
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
	if r.origin != nil {
		f.Origin = new(rampart.Origin)
		if err := json.Unmarshal([]byte(*r.origin), f.Origin); err != nil {
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
	if r.sigKind == nil || r.sigEntity == nil || r.sigGroup == nil || r.sigScore == nil {
		return rampart.Signal{}, errors.New("signal row has NULL in a NOT NULL column")
	}
	sig := rampart.Signal{
		Detector: *r.sigDetector, Kind: *r.sigKind, Entity: *r.sigEntity, Group: *r.sigGroup, Score: *r.sigScore,
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
func unmarshalNull(col string, s *string, v any) error {
	if s == nil {
		return nil
	}
	if err := json.Unmarshal([]byte(*s), v); err != nil {
		return fmt.Errorf("column %s: %w", col, err)
	}
	return nil
}
