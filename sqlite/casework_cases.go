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

const caseColumns = `id, title, group_by, group_key, platform, status, threat_to_life, priority, confidence, action,
	assignee, deadline, claim_reviewer, claim_until, pending, decision, created_by, created_at, updated_at, legal_hold, incident_id, incidents`

// CreateCase stores c with its findings; the audit entry's Subject and Data
// are set to the new case.
func (c *Casework) CreateCase(ctx context.Context, k rampart.Case, e rampart.AuditEntry) (rampart.Case, error) {
	err := c.inTx(ctx, "create case", func(tx *sql.Tx) (rampart.AuditEntry, error) {
		args, err := caseArgs(k)
		if err != nil {
			return e, err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO cases (title, group_by, group_key, platform, status, threat_to_life,
			priority, confidence, action, assignee, deadline, claim_reviewer, claim_until, pending, decision,
			created_by, created_at, updated_at, legal_hold, incident_id, incidents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		if err != nil {
			return e, err
		}
		if k.ID, err = res.LastInsertId(); err != nil {
			return e, err
		}
		for _, fid := range k.Findings {
			_, err := tx.ExecContext(ctx, `INSERT INTO case_findings (case_id, finding_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, k.ID, fid)
			if isForeignKey(err) {
				return e, rampart.Errorf(rampart.EINVALID, "finding %d does not exist", fid)
			}
			if err != nil {
				return e, err
			}
		}
		e.Subject, e.Data = fmt.Sprintf("case/%d", k.ID), k
		return e, nil
	})
	return k, err
}

// caseArgs are the column values of k after id, in caseColumns order.
func caseArgs(k rampart.Case) ([]any, error) {
	pending, err := jsonPtr(k.Pending)
	if err != nil {
		return nil, fmt.Errorf("case pending decision: %w", err)
	}
	decision, err := jsonPtr(k.Decision)
	if err != nil {
		return nil, fmt.Errorf("case decision: %w", err)
	}
	var claimBy int64
	claimUntil := ""
	if k.Claim != nil {
		claimBy, claimUntil = k.Claim.Reviewer, formatTime(k.Claim.Until)
	}
	ttl, hold := 0, 0
	if k.ThreatToLife {
		ttl = 1
	}
	if k.LegalHold {
		hold = 1
	}
	incidents, err := jsonOrNull(k.Incidents)
	if err != nil {
		return nil, fmt.Errorf("case incidents: %w", err)
	}
	return []any{k.Title, k.GroupBy, k.Key, k.Platform, string(k.Status), ttl, k.Priority, k.Confidence, string(k.Action),
		k.Assignee, formatTime(k.Deadline), claimBy, claimUntil, pending, decision,
		k.CreatedBy, formatTime(k.CreatedAt), formatTime(k.UpdatedAt), hold, k.IncidentID, incidents}, nil
}

func jsonPtr[T any](v *T) (sql.NullString, error) {
	if v == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return sql.NullString{}, err
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}

// Case returns one case with its findings, ENOTFOUND when there is none.
func (c *Casework) Case(ctx context.Context, id int64) (rampart.Case, error) {
	k, err := readCase(ctx, c.s.db, id)
	if err != nil {
		return k, c.s.wrap(ctx, fmt.Sprintf("read case %d", id), err)
	}
	return k, nil
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readCase(ctx context.Context, q querier, id int64) (rampart.Case, error) {
	k, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return k, rampart.Errorf(rampart.ENOTFOUND, "case %d does not exist", id)
	}
	if err != nil {
		return k, err
	}
	k.Findings, err = caseFindings(ctx, q, id)
	return k, err
}

func caseFindings(ctx context.Context, q querier, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT finding_id FROM case_findings WHERE case_id = ? ORDER BY finding_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var f int64
		if err := rows.Scan(&f); err != nil {
			return nil, err
		}
		ids = append(ids, f)
	}
	return ids, rows.Err()
}

func scanCase(r scanner) (rampart.Case, error) {
	var (
		k                                     rampart.Case
		status, action                        string
		ttl, hold                             int
		deadline, claimUntil, created, update string
		claimBy                               int64
		pending, decision, incidents          sql.NullString
	)
	if err := r.Scan(&k.ID, &k.Title, &k.GroupBy, &k.Key, &k.Platform, &status, &ttl, &k.Priority, &k.Confidence, &action,
		&k.Assignee, &deadline, &claimBy, &claimUntil, &pending, &decision, &k.CreatedBy, &created, &update, &hold, &k.IncidentID, &incidents); err != nil {
		return k, err
	}
	if err := unmarshalNull("incidents", incidents, &k.Incidents); err != nil {
		return k, err
	}
	k.Status, k.Action, k.ThreatToLife, k.LegalHold = rampart.CaseStatus(status), rampart.Action(action), ttl != 0, hold != 0
	var err error
	if k.Deadline, err = parseTime("deadline", deadline); err != nil {
		return k, err
	}
	if k.CreatedAt, err = parseTime("created_at", created); err != nil {
		return k, err
	}
	if k.UpdatedAt, err = parseTime("updated_at", update); err != nil {
		return k, err
	}
	if claimBy != 0 {
		k.Claim = &rampart.ReviewClaim{Reviewer: claimBy}
		if k.Claim.Until, err = parseTime("claim_until", claimUntil); err != nil {
			return k, err
		}
	}
	if pending.Valid {
		k.Pending = new(rampart.ReviewDecision)
		if err := json.Unmarshal([]byte(pending.String), k.Pending); err != nil {
			return k, fmt.Errorf("column pending: %w", err)
		}
	}
	if decision.Valid {
		k.Decision = new(rampart.ReviewDecision)
		if err := json.Unmarshal([]byte(decision.String), k.Decision); err != nil {
			return k, fmt.Errorf("column decision: %w", err)
		}
	}
	return k, nil
}

// Cases lists the cases matching f, each with its findings.
func (c *Casework) Cases(ctx context.Context, f rampart.CaseFilter) ([]rampart.Case, error) {
	if f.Limit < 0 {
		return nil, rampart.Errorf(rampart.EINVALID, "case filter: limit %d is negative; use 0 for no limit", f.Limit)
	}
	var (
		conds []string
		args  []any
	)
	if len(f.Statuses) > 0 {
		conds = append(conds, "status IN ("+placeholders(len(f.Statuses))+")")
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	for _, eq := range []struct {
		col string
		v   any
		set bool
	}{
		{"platform", f.Platform, f.Platform != ""},
		{"assignee", f.Assignee, f.Assignee != 0},
		{"group_by", f.GroupBy, f.GroupBy != ""},
		{"group_key", f.Key, f.Key != ""},
	} {
		if eq.set {
			conds = append(conds, eq.col+" = ?")
			args = append(args, eq.v)
		}
	}
	if f.IncidentID != 0 {
		// The primary tag or any in the list (a case stored without the
		// list still matches its primary).
		conds = append(conds, "(incident_id = ? OR incidents IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(incidents) WHERE value = ?))")
		args = append(args, f.IncidentID, f.IncidentID)
	}
	if f.AfterID > 0 && !f.Queue {
		conds = append(conds, "id > ?")
		args = append(args, f.AfterID)
	}
	q := `SELECT ` + caseColumns + ` FROM cases`
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	if f.Queue {
		q += " ORDER BY threat_to_life DESC, priority DESC, deadline, id"
	} else {
		q += " ORDER BY id"
	}
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := c.s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, c.s.wrap(ctx, "list cases", err)
	}
	var ks []rampart.Case
	for rows.Next() {
		k, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, c.s.wrap(ctx, "list cases", err)
		}
		ks = append(ks, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, c.s.wrap(ctx, "list cases", err)
	}
	// Findings are read after the case rows are closed: one connection
	// at a time keeps the pool small under load.
	for i := range ks {
		if ks[i].Findings, err = caseFindings(ctx, c.s.db, ks[i].ID); err != nil {
			return nil, c.s.wrap(ctx, "list cases", err)
		}
	}
	return ks, nil
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// UpdateCase reads case id, applies fn and writes the result with fn's
// audit entry in one transaction. Findings are not changed.
func (c *Casework) UpdateCase(ctx context.Context, id int64, fn func(*rampart.Case) (rampart.AuditEntry, error)) (rampart.Case, error) {
	var k rampart.Case
	err := c.inTx(ctx, fmt.Sprintf("update case %d", id), func(tx *sql.Tx) (rampart.AuditEntry, error) {
		var err error
		if k, err = readCase(ctx, tx, id); err != nil {
			return rampart.AuditEntry{}, err
		}
		e, err := fn(&k)
		if err != nil {
			return e, err
		}
		k.ID = id
		args, err := caseArgs(k)
		if err != nil {
			return e, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET title = ?, group_by = ?, group_key = ?, platform = ?, status = ?,
			threat_to_life = ?, priority = ?, confidence = ?, action = ?, assignee = ?, deadline = ?, claim_reviewer = ?,
			claim_until = ?, pending = ?, decision = ?, created_by = ?, created_at = ?, updated_at = ?, legal_hold = ?, incident_id = ?, incidents = ? WHERE id = ?`,
			append(args, id)...); err != nil {
			return e, err
		}
		if e.Subject == "" {
			e.Subject = fmt.Sprintf("case/%d", id)
		}
		return e, nil
	})
	return k, err
}
