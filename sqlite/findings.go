package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/internal/storable"
)

const insertFinding = `INSERT INTO findings (platform, kind, subject_id, versions_key, versions, account_id, action,
	score, rule, reason, basis, shadow, origin, created_at, stored_at, incidents, priority)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (platform, kind, subject_id, versions_key) DO NOTHING`

const insertSignal = `INSERT INTO signals (finding_id, ord, detector, kind, entity, grp, score, jurisdictions, attrs, evidence)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// PutFindings stores findings with their signals in one transaction and
// returns how many were new. A finding is identified by its subject and the
// versions it was made under: one already stored under the same versions is
// skipped, and the stored one is kept unchanged (it records what those
// versions produced); the same subject under new versions is a new finding.
// A batch with a finding the store cannot keep exactly is refused whole with
// an EINVALID error naming it.
func (s *Store) PutFindings(ctx context.Context, findings []rampart.Finding) (added int, err error) {
	for i, f := range findings {
		if err := checkFinding(i, f); err != nil {
			return 0, err
		}
	}
	if len(findings) == 0 {
		return 0, ctx.Err()
	}
	err = s.inTx(ctx, "put findings", func(tx *sql.Tx) error {
		fstmt, err := tx.PrepareContext(ctx, insertFinding)
		if err != nil {
			return err
		}
		defer fstmt.Close()
		sstmt, err := tx.PrepareContext(ctx, insertSignal)
		if err != nil {
			return err
		}
		defer sstmt.Close()
		stored := formatTime(s.now())
		ectx := context.WithoutCancel(ctx) // see PutItems
		for i, f := range findings {
			if err := ctx.Err(); err != nil {
				return err
			}
			id, ok, err := putFinding(ectx, fstmt, f, stored)
			if err != nil {
				return fmt.Errorf("findings[%d] %s: %w", i, f.Subject(), err)
			}
			if !ok {
				if err := mergeTags(ectx, tx, f); err != nil {
					return fmt.Errorf("findings[%d] %s: crisis tags: %w", i, f.Subject(), err)
				}
				continue
			}
			added++
			for j, sig := range f.Signals {
				if err := putSignal(ectx, sstmt, id, j, sig); err != nil {
					return fmt.Errorf("findings[%d].signals[%d]: %w", i, j, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// mergeTags adds the crisis tags of f to the finding already stored under
// its subject and versions: the union of the incident ids, lowest first,
// and the higher priority. Nothing else of the stored finding changes.
func mergeTags(ctx context.Context, tx *sql.Tx, f rampart.Finding) error {
	if len(f.Incidents) == 0 && f.Priority == 0 {
		return nil
	}
	key, _, err := versionsKey(f.Versions)
	if err != nil {
		return err
	}
	var (
		id  int64
		old sql.NullString
		pri int
	)
	err = tx.QueryRowContext(ctx, `SELECT id, incidents, priority FROM findings
		WHERE platform = ? AND kind = ? AND subject_id = ? AND versions_key = ?`, f.Platform, f.Kind, f.ID, key).Scan(&id, &old, &pri)
	if err != nil {
		return err
	}
	var have []int64
	if err := unmarshalNull("incidents", old, &have); err != nil {
		return err
	}
	merged := mergeIDs(have, f.Incidents)
	if len(merged) == len(have) && pri >= f.Priority {
		return nil
	}
	js, err := jsonOrNull(merged)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE findings SET incidents = ?, priority = ? WHERE id = ?`, js, max(pri, f.Priority), id)
	return err
}

func checkFinding(i int, f rampart.Finding) error {
	switch {
	case f.Platform == "":
		return rampart.Errorf(rampart.EINVALID, "findings[%d]: platform is empty", i)
	case f.Kind == "":
		return rampart.Errorf(rampart.EINVALID, "findings[%d]: kind is empty", i)
	case f.ID == "":
		return rampart.Errorf(rampart.EINVALID, "findings[%d]: id is empty", i)
	}
	if _, err := rampart.ParseAction(string(f.Action)); err != nil {
		return rampart.Errorf(rampart.EINVALID, "findings[%d].action: %v", i, err)
	}
	if err := checkTags(i, f); err != nil {
		return err
	}
	return storable.Check(fmt.Sprintf("findings[%d]", i), f)
}

// checkTags refuses crisis tags no incident could have given.
func checkTags(i int, f rampart.Finding) error {
	for j, id := range f.Incidents {
		if id <= 0 {
			return rampart.Errorf(rampart.EINVALID, "findings[%d].incidents[%d]: incident id %d is not positive", i, j, id)
		}
	}
	if f.Priority < 0 || f.Priority > 100 {
		return rampart.Errorf(rampart.EINVALID, "findings[%d].priority: %d is outside 0–100", i, f.Priority)
	}
	return nil
}

// versionsKey is the hex SHA-256 of the canonical JSON of v. encoding/json
// writes struct fields in declaration order and map keys sorted, and omits
// empty Models, so equal versions always give equal keys.
func versionsKey(v rampart.Versions) (key, js string, err error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", "", fmt.Errorf("versions: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), string(b), nil
}

// putFinding inserts the finding row; ok is false when it was already there.
func putFinding(ctx context.Context, stmt *sql.Stmt, f rampart.Finding, stored string) (id int64, ok bool, err error) {
	key, versions, err := versionsKey(f.Versions)
	if err != nil {
		return 0, false, err
	}
	shadow, err := jsonOrNull(f.Shadow)
	if err != nil {
		return 0, false, fmt.Errorf("shadow: %w", err)
	}
	var origin sql.NullString
	if f.Origin != nil {
		b, err := json.Marshal(f.Origin)
		if err != nil {
			return 0, false, fmt.Errorf("origin: %w", err)
		}
		origin = sql.NullString{String: string(b), Valid: true}
	}
	incidents, err := jsonOrNull(f.Incidents)
	if err != nil {
		return 0, false, fmt.Errorf("incidents: %w", err)
	}
	res, err := stmt.ExecContext(ctx, f.Platform, f.Kind, f.ID, key, versions, f.AccountID, string(f.Action),
		f.Score, f.Rule, f.Reason, f.Basis, shadow, origin, formatTime(f.CreatedAt), stored, incidents, f.Priority)
	if err != nil {
		return 0, false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return 0, false, err
	}
	id, err = res.LastInsertId()
	return id, err == nil, err
}

func putSignal(ctx context.Context, stmt *sql.Stmt, findingID int64, ord int, sig rampart.Signal) error {
	jur, err := jsonOrNull(sig.Jurisdictions)
	if err != nil {
		return fmt.Errorf("jurisdictions: %w", err)
	}
	ev, err := jsonOrNull(sig.Evidence)
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	var attrs sql.NullString
	if len(sig.Attrs) > 0 {
		b, err := json.Marshal(sig.Attrs)
		if err != nil {
			return rampart.Errorf(rampart.EINVALID, "attrs: %v", err)
		}
		attrs = sql.NullString{String: string(b), Valid: true}
	}
	_, err = stmt.ExecContext(ctx, findingID, ord, sig.Detector, sig.Kind, sig.Entity, sig.Group, sig.Score, jur, attrs, ev)
	return err
}

// CountFindings returns how many findings are stored.
func (s *Store) CountFindings(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM findings`).Scan(&n); err != nil {
		return 0, s.wrap(ctx, "count findings", err)
	}
	return n, nil
}

// mergeIDs returns the sorted union of a and b.
func mergeIDs(a, b []int64) []int64 {
	out := slices.Clone(a)
	for _, id := range b {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
