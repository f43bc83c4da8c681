package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rampart-tt/rampart"
)

// Options tunes OpenWith. The zero value is the default.
type Options struct {
	// Now is the clock for ingested_at and stored_at; nil means time.Now.
	Now func() time.Time
}

// The store implements both root store interfaces.
var (
	_ rampart.ItemStore    = (*Store)(nil)
	_ rampart.FindingStore = (*Store)(nil)
)

// Store is a PostgreSQL-backed item and finding store. It is safe for
// concurrent use, also by several processes sharing one database.
type Store struct {
	pool *pgxpool.Pool
	// where names the server and database for messages, without the
	// password.
	where string
	now   func() time.Time
}

// Open connects to the database at url (a postgres:// URL or a key=value
// connection string, as pgx accepts; pool_max_conns and search_path may be
// given there) and brings its schema up to date.
func Open(ctx context.Context, url string) (*Store, error) {
	return OpenWith(ctx, url, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, url string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the URL; it redacts the password.
		return nil, fmt.Errorf("open postgres: parse connection URL: %w", err)
	}
	where := fmt.Sprintf("%s:%d/%s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", where, err)
	}
	s := &Store{pool: pool, where: where, now: opt.Now}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, s.wrap(ctx, "open", err)
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// Close closes every connection. Streams from Findings must be finished or
// abandoned first.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Pool returns the connection pool, for callers that write in the same
// transaction as the store (the audit log: see AuditTx).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// maxAttempts bounds retries of a transaction that lost a deadlock or a
// serialisation conflict to a concurrent one.
const maxAttempts = 5

// inTx runs fn in one transaction, committing when it returns nil and
// rolling back otherwise (including on a cancelled ctx). A transaction that
// PostgreSQL aborted to break a deadlock (two batches inserting the same keys
// in different orders) is run again from the start.
func (s *Store) inTx(ctx context.Context, op string, fn func(pgx.Tx) error) error {
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		err = s.tryTx(ctx, fn)
		if err == nil || !retryable(err) || ctx.Err() != nil {
			break
		}
		// Back off a little, more each time, so the winner can commit.
		select {
		case <-time.After(time.Duration(attempt) * 5 * time.Millisecond):
		case <-ctx.Done():
		}
	}
	if err == nil {
		return nil
	}
	var re *rampart.Error
	if errors.As(err, &re) && ctx.Err() == nil {
		return err
	}
	return s.wrap(ctx, op, err)
}

func (s *Store) tryTx(ctx context.Context, fn func(pgx.Tx) error) (err error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		// Roll back even when ctx is done; a connection broken by the
		// cancellation is discarded by the pool and the server aborts the
		// transaction by itself.
		if rbErr := tx.Rollback(context.WithoutCancel(ctx)); rbErr != nil && !errors.Is(rbErr, pgx.ErrTxClosed) && ctx.Err() == nil {
			err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// retryable reports a deadlock or serialisation failure, after which the
// whole transaction may be run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}
