package postgres

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/rampart-tt/rampart/audit"
)

// Querier is what the audit store needs: *pgxpool.Pool, *pgx.Conn and
// pgx.Tx have it.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// AuditStore keeps the audit log (package audit) in the audit_log table
// that migration 0002 makes. Appends through the pool and inside
// transactions may be mixed: both take one advisory lock while they write.
type AuditStore struct {
	q Querier
	// lock takes the log's advisory lock in Last, held to the end of the
	// transaction; set for stores bound to a transaction.
	lock bool
}

var _ audit.Store = (*AuditStore)(nil)

// auditLock is the key of the transaction-scoped advisory lock that
// serialises appends made inside transactions ("rmpaud" in ASCII).
const auditLock int64 = 0x726d70617564

// Audit returns the audit store on the pool. Each statement is its own
// transaction; appends from several processes are kept from forking the
// chain by the primary key on seq (audit.Chain retries the loser).
func (s *Store) Audit() *AuditStore { return &AuditStore{q: s.pool} }

// AuditTx returns an audit store bound to tx, so that a record commits or
// rolls back with the change it records. Its Last takes an advisory lock
// held until tx ends, so concurrent transactions append one after the
// other instead of colliding on seq.
func AuditTx(tx pgx.Tx) *AuditStore { return &AuditStore{q: tx, lock: true} }

const selectAudit = `SELECT seq, time, actor, action, subject, data, prev, hash FROM audit_log`

// Last returns the record with the highest seq, or the zero Record.
func (a *AuditStore) Last(ctx context.Context) (audit.Record, error) {
	if a.lock {
		if _, err := a.q.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, auditLock); err != nil {
			return audit.Record{}, fmt.Errorf("lock audit log: %w", err)
		}
	}
	r, err := scanAudit(a.q.QueryRow(ctx, selectAudit+` ORDER BY seq DESC LIMIT 1`))
	if errors.Is(err, pgx.ErrNoRows) {
		return audit.Record{}, nil
	}
	if err != nil {
		return audit.Record{}, fmt.Errorf("read last audit record: %w", err)
	}
	return r, nil
}

// Insert adds r; a taken seq is audit.ErrConflict.
func (a *AuditStore) Insert(ctx context.Context, r audit.Record) error {
	var data *string
	if len(r.Data) > 0 {
		d := string(r.Data)
		data = &d
	}
	// The insert takes the advisory lock too, so that an append through
	// the pool waits for a transaction that holds it (between its Last and
	// its commit) instead of taking the seq that transaction computed,
	// which would abort it.
	_, err := a.q.Exec(ctx, `INSERT INTO audit_log (seq, time, actor, action, subject, data, prev, hash)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM (SELECT pg_advisory_xact_lock($9)) AS lock`,
		r.Seq, r.Time.UTC().Format(audit.TimeLayout), r.Actor, r.Action, r.Subject, data, r.Prev, r.Hash, auditLock)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		return fmt.Errorf("insert audit record %d: %w", r.Seq, audit.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("insert audit record %d: %w", r.Seq, err)
	}
	return nil
}

// Scan yields the records from seq from on, in seq order, reading in pages
// of fetchSize by seq so that no cursor or transaction is held between
// pages.
func (a *AuditStore) Scan(ctx context.Context, from int64) iter.Seq2[audit.Record, error] {
	return func(yield func(audit.Record, error) bool) {
		for {
			page, err := a.page(ctx, from)
			if err != nil {
				yield(audit.Record{}, fmt.Errorf("scan audit log: %w", err))
				return
			}
			for _, r := range page {
				if err := ctx.Err(); err != nil {
					yield(audit.Record{}, fmt.Errorf("scan audit log: %w", err))
					return
				}
				if !yield(r, nil) {
					return
				}
			}
			if len(page) < fetchSize {
				return
			}
			from = page[len(page)-1].Seq + 1
		}
	}
}

func (a *AuditStore) page(ctx context.Context, from int64) ([]audit.Record, error) {
	rows, err := a.q.Query(ctx, selectAudit+` WHERE seq >= $1 ORDER BY seq LIMIT `+fmt.Sprint(fetchSize), from)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var page []audit.Record
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		page = append(page, r)
	}
	return page, rows.Err()
}

func scanAudit(row pgx.Row) (audit.Record, error) {
	var (
		r    audit.Record
		t    string
		data *string
	)
	if err := row.Scan(&r.Seq, &t, &r.Actor, &r.Action, &r.Subject, &data, &r.Prev, &r.Hash); err != nil {
		return audit.Record{}, err
	}
	tm, err := audit.ParseTime(t)
	if err != nil {
		return audit.Record{}, fmt.Errorf("record %d: %w", r.Seq, err)
	}
	r.Time = tm
	if data != nil {
		r.Data = []byte(*data)
	}
	return r, nil
}
