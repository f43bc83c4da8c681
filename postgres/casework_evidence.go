package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/rampart-tt/rampart"
)

var (
	_ rampart.EvidenceStore  = (*Casework)(nil)
	_ rampart.RetentionStore = (*Casework)(nil)
)

// CaseItems returns the stored items the findings of case caseID are
// about, once each, in finding order.
func (c *Casework) CaseItems(ctx context.Context, caseID int64) ([]rampart.StoredItem, error) {
	rows, err := c.s.pool.Query(ctx, `SELECT i.platform, i.kind, i.item_id, i.account_id, i.body, i.sha256,
		i.ingested_at, i.origin_file, i.origin_line, i.origin_path, i.origin_format
		FROM case_findings cf JOIN findings f ON f.id = cf.finding_id
		JOIN items i ON i.platform = f.platform AND i.kind = f.kind AND i.item_id = f.subject_id
		WHERE cf.case_id = $1 ORDER BY f.id`, caseID)
	if err != nil {
		return nil, c.s.wrap(ctx, fmt.Sprintf("read case %d items", caseID), err)
	}
	defer rows.Close()
	var out []rampart.StoredItem
	seen := map[[3]string]bool{}
	for rows.Next() {
		var (
			it       rampart.StoredItem
			body, at string
			line     int64
		)
		if err := rows.Scan(&it.Platform, &it.Kind, &it.ID, &it.AccountID, &body, &it.SHA256, &at,
			&it.Origin.File, &line, &it.Origin.Path, &it.Origin.Format); err != nil {
			return nil, c.s.wrap(ctx, fmt.Sprintf("read case %d items", caseID), err)
		}
		if k := [3]string{it.Platform, it.Kind, it.ID}; seen[k] {
			continue
		} else {
			seen[k] = true
		}
		it.Body, it.Origin.Line = []byte(body), int(line)
		if it.IngestedAt, err = parseTime("ingested_at", at); err != nil {
			return nil, fmt.Errorf("read case %d item %s/%s: %w", caseID, it.Platform, it.ID, err)
		}
		out = append(out, it)
	}
	return out, c.s.wrap(ctx, fmt.Sprintf("read case %d items", caseID), rows.Err())
}

// PutOriginal keeps a sealed original with its audit entry (subject
// evidence/<case>/<sha256>).
func (c *Casework) PutOriginal(ctx context.Context, o rampart.SealedOriginal, e rampart.AuditEntry) (bool, error) {
	var added bool
	err := c.s.inTx(ctx, fmt.Sprintf("keep case %d original", o.CaseID), func(tx pgx.Tx) error {
		added = false
		tag, err := tx.Exec(ctx, `INSERT INTO evidence_originals (case_id, sha256, type, key_id, sealed, size, stored_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id, sha256) DO NOTHING`,
			o.CaseID, o.SHA256, o.Type, o.KeyID, o.Sealed, o.Size, formatTime(o.StoredAt))
		if isForeignKey(err) {
			return rampart.Errorf(rampart.ENOTFOUND, "case %d does not exist", o.CaseID)
		}
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		added = true
		_, err = c.chain.On(AuditTx(tx)).Append(ctx, e.Actor, e.Action, fmt.Sprintf("evidence/%d/%s", o.CaseID, o.SHA256), e.Data)
		return err
	})
	return added, err
}

// Originals lists the sealed originals of case caseID by hash.
func (c *Casework) Originals(ctx context.Context, caseID int64) ([]rampart.SealedOriginal, error) {
	rows, err := c.s.pool.Query(ctx, `SELECT case_id, sha256, type, key_id, sealed, size, stored_at
		FROM evidence_originals WHERE case_id = $1 ORDER BY sha256`, caseID)
	if err != nil {
		return nil, c.s.wrap(ctx, fmt.Sprintf("read case %d originals", caseID), err)
	}
	defer rows.Close()
	var out []rampart.SealedOriginal
	for rows.Next() {
		var (
			o  rampart.SealedOriginal
			at string
		)
		if err := rows.Scan(&o.CaseID, &o.SHA256, &o.Type, &o.KeyID, &o.Sealed, &o.Size, &at); err != nil {
			return nil, c.s.wrap(ctx, fmt.Sprintf("read case %d originals", caseID), err)
		}
		if o.StoredAt, err = parseTime("stored_at", at); err != nil {
			return nil, fmt.Errorf("read case %d original %s: %w", caseID, o.SHA256, err)
		}
		out = append(out, o)
	}
	return out, c.s.wrap(ctx, fmt.Sprintf("read case %d originals", caseID), rows.Err())
}
