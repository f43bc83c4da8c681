package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/rampart-tt/rampart"
)

const caseColumns = `id, title, group_by, group_key, platform, status, threat_to_life, priority, confidence, action,
	assignee, deadline, claim_reviewer, claim_until, pending, decision, created_by, created_at, updated_at, legal_hold, incident_id, incidents`

// CreateCase stores c with its findings; the audit entry's Subject and Data
// are set to the new case.
func (c *Casework) CreateCase(ctx context.Context, k rampart.Case, e rampart.AuditEntry) (rampart.Case, error) {
	args, err := caseArgs(k)
	if err != nil {
		return k, err
	}
	out := k
	err = c.inTx(ctx, "create case", func(tx pgx.Tx) (rampart.AuditEntry, error) {
		out = k
		if err := tx.QueryRow(ctx, `INSERT INTO cases (title, group_by, group_key, platform, status, threat_to_life,
			priority, confidence, action, assignee, deadline, claim_reviewer, claim_until, pending, decision,
			created_by, created_at, updated_at, legal_hold, incident_id, incidents) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
			$13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`, args...).Scan(&out.ID); err != nil {
			return e, err
		}
		if len(k.Findings) > 0 {
			_, err := tx.Exec(ctx, `INSERT INTO case_findings (case_id, finding_id)
				SELECT $1, f FROM unnest($2::bigint[]) AS f ON CONFLICT DO NOTHING`, out.ID, k.Findings)
			if isForeignKey(err) {
				return e, rampart.Errorf(rampart.EINVALID, "a finding of the case does not exist: %v", err)
			}
			if err != nil {
				return e, err
			}
		}
		return rampart.AuditEntry{Actor: e.Actor, Action: e.Action, Subject: fmt.Sprintf("case/%d", out.ID), Data: out}, nil
	})
	if err != nil {
		return k, err
	}
	return out, nil
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
	incidents, err := jsonOrNull(k.Incidents)
	if err != nil {
		return nil, fmt.Errorf("case incidents: %w", err)
	}
	return []any{k.Title, k.GroupBy, k.Key, k.Platform, string(k.Status), k.ThreatToLife, k.Priority, k.Confidence,
		string(k.Action), k.Assignee, formatTime(k.Deadline), claimBy, claimUntil, pending, decision,
		k.CreatedBy, formatTime(k.CreatedAt), formatTime(k.UpdatedAt), k.LegalHold, k.IncidentID, incidents}, nil
}

func jsonPtr[T any](v *T) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}

// Case returns one case with its findings, ENOTFOUND when there is none.
func (c *Casework) Case(ctx context.Context, id int64) (rampart.Case, error) {
	k, err := readCase(ctx, c.s.pool, id, false)
	if err != nil {
		var re *rampart.Error
		if errors.As(err, &re) {
			return k, err
		}
		return k, c.s.wrap(ctx, fmt.Sprintf("read case %d", id), err)
	}
	return k, nil
}

// readCase reads case id; forUpdate locks its row to the end of the
// transaction, so that concurrent updates of one case apply one after the
// other instead of losing one.
func readCase(ctx context.Context, q Querier, id int64, forUpdate bool) (rampart.Case, error) {
	query := `SELECT ` + caseColumns + ` FROM cases WHERE id = $1`
	if forUpdate {
		query += ` FOR UPDATE`
	}
	k, err := scanCase(q.QueryRow(ctx, query, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return k, rampart.Errorf(rampart.ENOTFOUND, "case %d does not exist", id)
	}
	if err != nil {
		return k, err
	}
	fs, err := caseFindings(ctx, q, []int64{id})
	k.Findings = fs[id]
	if k.Findings == nil {
		k.Findings = []int64{}
	}
	return k, err
}

// caseFindings returns the finding ids of each case, in id order, in one
// query.
func caseFindings(ctx context.Context, q Querier, ids []int64) (map[int64][]int64, error) {
	rows, err := q.Query(ctx, `SELECT case_id, finding_id FROM case_findings WHERE case_id = ANY($1::bigint[])
		ORDER BY case_id, finding_id`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64][]int64, len(ids))
	for rows.Next() {
		var k, f int64
		if err := rows.Scan(&k, &f); err != nil {
			return nil, err
		}
		out[k] = append(out[k], f)
	}
	return out, rows.Err()
}

func scanCase(r pgx.Row) (rampart.Case, error) {
	var (
		k                                     rampart.Case
		status, action                        string
		deadline, claimUntil, created, update string
		claimBy                               int64
		pending, decision, incidents          *string
	)
	if err := r.Scan(&k.ID, &k.Title, &k.GroupBy, &k.Key, &k.Platform, &status, &k.ThreatToLife, &k.Priority, &k.Confidence,
		&action, &k.Assignee, &deadline, &claimBy, &claimUntil, &pending, &decision, &k.CreatedBy, &created, &update, &k.LegalHold, &k.IncidentID, &incidents); err != nil {
		return k, err
	}
	if err := unmarshalNull("incidents", incidents, &k.Incidents); err != nil {
		return k, err
	}
	k.Status, k.Action = rampart.CaseStatus(status), rampart.Action(action)
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
	if pending != nil {
		k.Pending = new(rampart.ReviewDecision)
		if err := json.Unmarshal([]byte(*pending), k.Pending); err != nil {
			return k, fmt.Errorf("column pending: %w", err)
		}
	}
	if decision != nil {
		k.Decision = new(rampart.ReviewDecision)
		if err := json.Unmarshal([]byte(*decision), k.Decision); err != nil {
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
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if len(f.Statuses) > 0 {
		st := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			st[i] = string(s)
		}
		conds = append(conds, "status = ANY("+arg(st)+"::text[])")
	}
	if f.Platform != "" {
		conds = append(conds, "platform = "+arg(f.Platform))
	}
	if f.Assignee != 0 {
		conds = append(conds, "assignee = "+arg(f.Assignee))
	}
	if f.GroupBy != "" {
		conds = append(conds, "group_by = "+arg(f.GroupBy))
	}
	if f.Key != "" {
		conds = append(conds, "group_key = "+arg(f.Key))
	}
	if f.IncidentID != 0 {
		// The primary tag or any in the list (a case stored without the
		// list still matches its primary).
		p := arg(f.IncidentID)
		conds = append(conds, "(incident_id = "+p+" OR "+incidentCond(p)+")")
	}
	if f.AfterID > 0 && !f.Queue {
		conds = append(conds, "id > "+arg(f.AfterID))
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
		q += " LIMIT " + arg(f.Limit)
	}
	rows, err := c.s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, c.s.wrap(ctx, "list cases", err)
	}
	var (
		ks  []rampart.Case
		ids []int64
	)
	for rows.Next() {
		k, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, c.s.wrap(ctx, "list cases", err)
		}
		ks = append(ks, k)
		ids = append(ids, k.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, c.s.wrap(ctx, "list cases", err)
	}
	if len(ks) == 0 {
		return ks, nil
	}
	fs, err := caseFindings(ctx, c.s.pool, ids)
	if err != nil {
		return nil, c.s.wrap(ctx, "list cases", err)
	}
	for i := range ks {
		ks[i].Findings = fs[ks[i].ID]
		if ks[i].Findings == nil {
			ks[i].Findings = []int64{}
		}
	}
	return ks, nil
}

// UpdateCase reads case id (locking its row), applies fn and writes the
// result with fn's audit entry in one transaction. Findings are not
// changed.
func (c *Casework) UpdateCase(ctx context.Context, id int64, fn func(*rampart.Case) (rampart.AuditEntry, error)) (rampart.Case, error) {
	var k rampart.Case
	err := c.inTx(ctx, fmt.Sprintf("update case %d", id), func(tx pgx.Tx) (rampart.AuditEntry, error) {
		var err error
		if k, err = readCase(ctx, tx, id, true); err != nil {
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
		if _, err := tx.Exec(ctx, `UPDATE cases SET title = $1, group_by = $2, group_key = $3, platform = $4, status = $5,
			threat_to_life = $6, priority = $7, confidence = $8, action = $9, assignee = $10, deadline = $11,
			claim_reviewer = $12, claim_until = $13, pending = $14, decision = $15, created_by = $16, created_at = $17,
			updated_at = $18, legal_hold = $19, incident_id = $20, incidents = $21 WHERE id = $22`, append(args, id)...); err != nil {
			return e, err
		}
		if e.Subject == "" {
			e.Subject = fmt.Sprintf("case/%d", id)
		}
		return e, nil
	})
	return k, err
}
