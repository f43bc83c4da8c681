package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rampart-tt/rampart"
)

// retentionBatch is how many expired records are listed at a time; each
// is then deleted in its own transaction with its own audit record.
const retentionBatch = 500

// Expire deletes what p says has expired at now: closed cases (with their
// finding links, applied decisions and originals), evidence originals of
// cases not under legal hold, and findings that are in no case. Each
// deletion commits with an audit record "retention.delete" by actor.
// Nothing of a case under legal hold is touched: held cases are never
// deleted, their originals are kept, and their findings are in a case.
func (c *Casework) Expire(ctx context.Context, p rampart.RetentionPolicy, now time.Time, actor string) (rampart.RetentionReport, error) {
	var rep rampart.RetentionReport
	var err error
	if p.ClosedCases > 0 {
		cut := formatTime(now.Add(-p.ClosedCases))
		rep.ClosedCases, err = c.expire(ctx, actor, "case", p.ClosedCases,
			`SELECT id, '' FROM cases WHERE status = 'closed' AND legal_hold = 0 AND updated_at < ? ORDER BY id LIMIT ?`, cut,
			func(tx *sql.Tx, id int64, _ string) (string, error) {
				// Re-checked inside the transaction: a hold placed since
				// the listing wins.
				if _, err := tx.ExecContext(ctx, `DELETE FROM finding_decisions WHERE case_id = ?
					AND EXISTS (SELECT 1 FROM cases WHERE id = ? AND legal_hold = 0)`, id, id); err != nil {
					return "", err
				}
				res, err := tx.ExecContext(ctx, `DELETE FROM cases WHERE id = ? AND status = 'closed' AND legal_hold = 0`, id)
				return fmt.Sprintf("case/%d", id), deleted(res, err)
			})
		if err != nil {
			return rep, err
		}
	}
	if p.Evidence > 0 {
		cut := formatTime(now.Add(-p.Evidence))
		rep.Evidence, err = c.expire(ctx, actor, "evidence", p.Evidence,
			`SELECT e.case_id, e.sha256 FROM evidence_originals e JOIN cases k ON k.id = e.case_id
			WHERE k.legal_hold = 0 AND e.stored_at < ? ORDER BY e.case_id, e.sha256 LIMIT ?`, cut,
			func(tx *sql.Tx, id int64, sha string) (string, error) {
				res, err := tx.ExecContext(ctx, `DELETE FROM evidence_originals WHERE case_id = ? AND sha256 = ?
					AND EXISTS (SELECT 1 FROM cases WHERE id = ? AND legal_hold = 0)`, id, sha, id)
				return fmt.Sprintf("evidence/%d/%s", id, sha), deleted(res, err)
			})
		if err != nil {
			return rep, err
		}
	}
	if p.Findings > 0 {
		cut := formatTime(now.Add(-p.Findings))
		rep.Findings, err = c.expire(ctx, actor, "finding", p.Findings,
			`SELECT f.id, '' FROM findings f WHERE f.stored_at < ?
			AND NOT EXISTS (SELECT 1 FROM case_findings cf WHERE cf.finding_id = f.id) ORDER BY f.id LIMIT ?`, cut,
			func(tx *sql.Tx, id int64, _ string) (string, error) {
				if _, err := tx.ExecContext(ctx, `DELETE FROM finding_decisions WHERE finding_id = ?`, id); err != nil {
					return "", err
				}
				res, err := tx.ExecContext(ctx, `DELETE FROM findings WHERE id = ?
					AND NOT EXISTS (SELECT 1 FROM case_findings WHERE finding_id = ?)`, id, id)
				return fmt.Sprintf("finding/%d", id), deleted(res, err)
			})
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// errKept means a record listed as expired was not deleted (a hold or a
// case took it since); the deletion is rolled back and not audited.
var errKept = errors.New("kept")

func deleted(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errKept
	}
	return nil
}

// expire lists expired records with list (cutoff, limit) and deletes each
// with del in its own transaction with an audit record. Records that del
// finds kept are skipped; listing resumes after the last one seen.
func (c *Casework) expire(ctx context.Context, actor, record string, period time.Duration, list, cut string,
	del func(tx *sql.Tx, id int64, key string) (string, error)) (int, error) {
	type rec struct {
		id  int64
		key string
	}
	n := 0
	skipped := map[rec]bool{}
	for {
		rows, err := c.s.db.QueryContext(ctx, list, cut, retentionBatch+len(skipped))
		if err != nil {
			return n, c.s.wrap(ctx, "retention: list expired "+record+"s", err)
		}
		var batch []rec
		for rows.Next() {
			var r rec
			if err := rows.Scan(&r.id, &r.key); err != nil {
				rows.Close()
				return n, c.s.wrap(ctx, "retention: list expired "+record+"s", err)
			}
			if !skipped[r] {
				batch = append(batch, r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, c.s.wrap(ctx, "retention: list expired "+record+"s", err)
		}
		if len(batch) == 0 {
			return n, nil
		}
		for _, r := range batch {
			err := c.s.inTx(ctx, "retention: delete "+record, func(tx *sql.Tx) error {
				subject, err := del(tx, r.id, r.key)
				if err != nil {
					return err
				}
				_, err = c.chain.On(auditTx(tx)).Append(ctx, actor, "retention.delete", subject,
					map[string]any{"record": record, "retention": period.String()})
				return err
			})
			if errors.Is(err, errKept) {
				skipped[r] = true
				continue
			}
			if err != nil {
				return n, err
			}
			n++
		}
	}
}
