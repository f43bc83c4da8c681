package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rampart-tt/rampart"
)

var _ rampart.InboxStore = (*Casework)(nil)

// InboxSeen reports whether a delivery with this idempotency key was
// applied (table inbox_keys, migration 0007).
func (c *Casework) InboxSeen(ctx context.Context, key string) (bool, error) {
	var one int
	err := c.s.db.QueryRowContext(ctx, `SELECT 1 FROM inbox_keys WHERE key = ?`, key).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, c.s.wrap(ctx, "read inbox key", err)
	}
	return true, nil
}

// ReceiveReferral stores a referral received through the inbox and marks
// its idempotency key applied, with e, in one transaction.
func (c *Casework) ReceiveReferral(ctx context.Context, r rampart.Referral, e rampart.AuditEntry) (rampart.Referral, error) {
	return receive(ctx, c, referralTable, r, r.Source, e)
}

// ReceiveOrder stores an order received through the inbox and marks its
// idempotency key applied, with e, in one transaction.
func (c *Casework) ReceiveOrder(ctx context.Context, o rampart.Order, e rampart.AuditEntry) (rampart.Order, error) {
	return receive(ctx, c, orderTable, o, o.Source, e)
}

// ReceivePreservation stores a preservation request received through the
// inbox and marks its idempotency key applied, with e, in one transaction.
func (c *Casework) ReceivePreservation(ctx context.Context, p rampart.Preservation, e rampart.AuditEntry) (rampart.Preservation, error) {
	return receive(ctx, c, preservationTable, p, p.Source, e)
}

// receive inserts v as create does and then the key: the key's primary
// key makes a second copy of a delivery fail, rolling back its record, so
// two receivers racing on one key store one record.
func receive[T any](ctx context.Context, c *Casework, d docTable[T], v T, src *rampart.RequestSource, e rampart.AuditEntry) (T, error) {
	if src == nil || src.Key == "" {
		return v, rampart.Errorf(rampart.EINVALID, "received %s: source and its idempotency key are required", d.noun)
	}
	err := c.inTx(ctx, "receive "+d.noun, func(tx *sql.Tx) (rampart.AuditEntry, error) {
		if err := d.insert(ctx, tx, c, &v); err != nil {
			return e, err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO inbox_keys (key, sender, kind, record_id, received_at) VALUES (?, ?, ?, ?, ?)`,
			src.Key, src.Sender, d.noun, *d.id(&v), formatTime(src.ReceivedAt))
		if isUnique(err) {
			return e, rampart.Errorf(rampart.ECONFLICT, "delivery %q was already applied", src.Key)
		}
		if err != nil {
			return e, fmt.Errorf("mark inbox key: %w", err)
		}
		e.Subject, e.Data = fmt.Sprintf("%s/%d", d.noun, *d.id(&v)), v
		return e, nil
	})
	return v, err
}
