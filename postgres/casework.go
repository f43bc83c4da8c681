package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
)

// The casework view implements the casework service interfaces.
var (
	_ rampart.UserStore        = (*Casework)(nil)
	_ rampart.CaseStore        = (*Casework)(nil)
	_ rampart.IdempotencyStore = (*Casework)(nil)
)

// Casework is the store's users, tokens, cases and idempotent responses.
// Every change is written in one transaction with the audit record that
// describes it (AuditTx), so that no change escapes the log and no record
// describes a change that was rolled back.
type Casework struct {
	s     *Store
	chain *audit.Chain
}

// Casework returns the casework view of the store, appending audit records
// through chain; nil means an unsigned chain over this database's log.
func (s *Store) Casework(chain *audit.Chain) *Casework {
	if chain == nil {
		chain = audit.NewChain(s.Audit(), audit.Options{Now: s.now})
	}
	return &Casework{s: s, chain: chain}
}

// inTx runs fn in one transaction and appends the audit entry fn returns
// in the same transaction. A retried transaction (deadlock, serialisation)
// runs fn again from the start, so fn must not keep state across calls
// beyond what it returns.
func (c *Casework) inTx(ctx context.Context, op string, fn func(tx pgx.Tx) (rampart.AuditEntry, error)) error {
	return c.s.inTx(ctx, op, func(tx pgx.Tx) error {
		e, err := fn(tx)
		if err != nil {
			return err
		}
		if _, err := c.chain.On(AuditTx(tx)).Append(ctx, e.Actor, e.Action, e.Subject, e.Data); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		return nil
	})
}

// pgCode returns the SQLSTATE of err, "" when it is not a server error.
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func isUnique(err error) bool     { return pgCode(err) == "23505" }
func isForeignKey(err error) bool { return pgCode(err) == "23503" }

// StoredResponse returns the response kept for (userID, key).
func (c *Casework) StoredResponse(ctx context.Context, userID int64, key string) (rampart.StoredResponse, bool, error) {
	r := rampart.StoredResponse{UserID: userID, Key: key}
	var created string
	err := c.s.pool.QueryRow(ctx, `SELECT method, path, request_hash, status, body, created_at
		FROM idempotent_responses WHERE user_id = $1 AND idem_key = $2`, userID, key).
		Scan(&r.Method, &r.Path, &r.RequestHash, &r.Status, &r.Body, &created)
	if errors.Is(err, pgx.ErrNoRows) {
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
	_, err := c.s.pool.Exec(ctx, `INSERT INTO idempotent_responses
		(user_id, idem_key, method, path, request_hash, status, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id, idem_key) DO NOTHING`,
		r.UserID, r.Key, r.Method, r.Path, r.RequestHash, r.Status, r.Body, formatTime(r.CreatedAt))
	return c.s.wrap(ctx, "save idempotent response", err)
}
