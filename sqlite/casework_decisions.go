package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/rampart-tt/rampart"
)

var _ rampart.FindingDecisionStore = (*Casework)(nil)

// DecideFinding stores d with its audit entry (subject finding/<id>) in one
// transaction.
func (c *Casework) DecideFinding(ctx context.Context, d rampart.FindingDecision, e rampart.AuditEntry) (rampart.FindingDecision, error) {
	dec, err := json.Marshal(d.Decision)
	if err != nil {
		return d, fmt.Errorf("finding decision: %w", err)
	}
	err = c.inTx(ctx, fmt.Sprintf("decide finding %d", d.FindingID), func(tx *sql.Tx) (rampart.AuditEntry, error) {
		_, err := tx.ExecContext(ctx, `INSERT INTO finding_decisions (finding_id, case_id, match, decision, decided_by, decided_at)
			VALUES (?, ?, ?, ?, ?, ?)`, d.FindingID, d.CaseID, d.Match, string(dec), d.DecidedBy, formatTime(d.DecidedAt))
		switch {
		case isUnique(err):
			return e, rampart.Errorf(rampart.ECONFLICT, "finding %d is already decided", d.FindingID)
		case isForeignKey(err):
			return e, rampart.Errorf(rampart.ENOTFOUND, "finding %d or case %d does not exist", d.FindingID, d.CaseID)
		case err != nil:
			return e, err
		}
		e.Subject, e.Data = fmt.Sprintf("finding/%d", d.FindingID), d
		return e, nil
	})
	return d, err
}

// FindingDecisions returns the decisions stored for any of ids.
func (c *Casework) FindingDecisions(ctx context.Context, ids []int64) (map[int64]rampart.FindingDecision, error) {
	out := map[int64]rampart.FindingDecision{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := c.s.db.QueryContext(ctx, `SELECT finding_id, case_id, match, decision, decided_by, decided_at
		FROM finding_decisions WHERE finding_id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, c.s.wrap(ctx, "read finding decisions", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			d       rampart.FindingDecision
			dec, at string
		)
		if err := rows.Scan(&d.FindingID, &d.CaseID, &d.Match, &dec, &d.DecidedBy, &at); err != nil {
			return nil, c.s.wrap(ctx, "read finding decisions", err)
		}
		if err := json.Unmarshal([]byte(dec), &d.Decision); err != nil {
			return nil, fmt.Errorf("finding decision %d: column decision: %w", d.FindingID, err)
		}
		if d.DecidedAt, err = parseTime("decided_at", at); err != nil {
			return nil, fmt.Errorf("finding decision %d: %w", d.FindingID, err)
		}
		out[d.FindingID] = d
	}
	return out, c.s.wrap(ctx, "read finding decisions", rows.Err())
}
