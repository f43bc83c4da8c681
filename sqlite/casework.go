package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The casework view implements the casework service interfaces.
var (
	_ rampart.UserStore        = (*Casework)(nil)
	_ rampart.CaseStore        = (*Casework)(nil)
	_ rampart.IdempotencyStore = (*Casework)(nil)
)

// Casework is the store's users, tokens, cases and idempotent responses.
// Every change is written in one transaction with the audit record that
// describes it (audit_log, package audit), so that no change escapes the
// log and no record describes a change that was rolled back.
type Casework struct {
	s     *Store
	chain *audit.Chain
}

// Casework returns the casework view of the store, appending audit records
// through chain; nil means an unsigned chain over this database's log.
func (s *Store) Casework(chain *audit.Chain) *Casework {
	if chain == nil {
		chain = audit.NewChain(s.AuditLog(), audit.Options{Now: s.now})
	}
	return &Casework{s: s, chain: chain}
}

// AuditLog returns the database's audit log, for reading and verifying.
// Appends belong in the transaction of the change they record: go through
// Casework, not through this store.
func (s *Store) AuditLog() *audit.SQLite { return audit.NewSQLite(s.db) }

// inTx runs fn in one write transaction and appends the audit entry that fn
// returns in the same transaction.
func (c *Casework) inTx(ctx context.Context, op string, fn func(tx *sql.Tx) (rampart.AuditEntry, error)) error {
	return c.s.inTx(ctx, op, func(tx *sql.Tx) error {
		e, err := fn(tx)
		if err != nil {
			return err
		}
		if _, err := c.chain.On(auditTx(tx)).Append(ctx, e.Actor, e.Action, e.Subject, e.Data); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		return nil
	})
}

// auditTx is the audit log bound to tx, so records commit with it.
func auditTx(tx *sql.Tx) *audit.SQLite { return audit.NewSQLite(tx) }

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// isForeignKey reports whether err is a FOREIGN KEY violation.
func isForeignKey(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// StoredResponse returns the response kept for (userID, key).
func (c *Casework) StoredResponse(ctx context.Context, userID int64, key string) (rampart.StoredResponse, bool, error) {
	r := rampart.StoredResponse{UserID: userID, Key: key}
	var created string
	err := c.s.db.QueryRowContext(ctx, `SELECT method, path, request_hash, status, body, created_at
		FROM idempotent_responses WHERE user_id = ? AND idem_key = ?`, userID, key).
		Scan(&r.Method, &r.Path, &r.RequestHash, &r.Status, &r.Body, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return rampart.StoredResponse{}, false, nil
	}
	if err != nil {
		return rampart.StoredResponse{}, false, c.s.wrap(ctx, "read idempotent response", err)
	}
	if r.CreatedAt, err = parseTime("created_at", created); err != nil {
		return rampart.StoredResponse{}, false, fmt.Errorf("read idempotent response: %w", err)
	}
	return r, true, nil
}

// SaveResponse keeps r unless one is already kept for its user and key.
func (c *Casework) SaveResponse(ctx context.Context, r rampart.StoredResponse) error {
	return c.s.inTx(ctx, "save idempotent response", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO idempotent_responses
			(user_id, idem_key, method, path, request_hash, status, body, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, idem_key) DO NOTHING`,
			r.UserID, r.Key, r.Method, r.Path, r.RequestHash, r.Status, r.Body, formatTime(r.CreatedAt))
		return err
	})
}
