package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/rampart-tt/rampart"

	// The pure-Go SQLite driver, registered as "sqlite".
	_ "modernc.org/sqlite"
)

// DefaultPath is where the store lives when no path is configured.
const DefaultPath = "./rampart.db"

// DefaultBusyTimeout is how long a write waits for another process's lock
// before failing with a "database is locked" error.
const DefaultBusyTimeout = 5 * time.Second

// Options tunes Open. The zero value is the default.
type Options struct {
	// BusyTimeout is how long to wait for a lock held by another
	// connection; zero means DefaultBusyTimeout.
	BusyTimeout time.Duration
	// ReadOnly opens an existing database without write access (for reports
	// and the console). Writes fail with a read-only error, and a database
	// that needs migrating is refused.
	ReadOnly bool
	// Now is the clock for ingested_at and stored_at; nil means time.Now.
	Now func() time.Time
}

// The store implements both root store interfaces.
var (
	_ rampart.ItemStore    = (*Store)(nil)
	_ rampart.FindingStore = (*Store)(nil)
)

// Store is a SQLite-backed item and finding store. It is safe for concurrent
// use.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time
	// writeSem serialises this process's write transactions: SQLite admits
	// one writer at a time, and waiting on a channel (which honours ctx) is
	// cheaper and fairer than polling the file lock.
	writeSem chan struct{}
}

// Open opens the store at path with default options, creating the file and
// its schema when missing.
func Open(ctx context.Context, path string) (*Store, error) {
	return OpenWith(ctx, path, Options{})
}

// OpenWith opens the store at path with opt.
func OpenWith(ctx context.Context, path string, opt Options) (*Store, error) {
	if path == "" {
		path = DefaultPath
	}
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = DefaultBusyTimeout
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	// A read-only open never creates the file: say plainly that there is
	// none rather than let SQLite blame the directory.
	if opt.ReadOnly {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, rampart.Errorf(rampart.ENOTFOUND, "no database at %s: scan something into it first ('rampart scan --db %s ...'), or pass --db", path, path)
		}
	}
	dsn, err := dataSourceName(path, opt)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// Each idle connection keeps its own page cache; a few are enough for
	// concurrent readers while one writer works.
	db.SetMaxIdleConns(4)
	s := &Store{db: db, path: path, now: opt.Now, writeSem: make(chan struct{}, 1)}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, s.wrap(ctx, "open", err)
	}
	if err := s.migrate(ctx, opt.ReadOnly); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// dataSourceName builds a file: URI for modernc.org/sqlite. A URI (rather
// than a bare path) lets paths contain '?' and '#', and carries mode=ro. The
// _pragma and _txlock parameters are applied by the driver on every new
// connection, so every pooled connection is configured alike.
func dataSourceName(path string, opt Options) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("open sqlite %s: resolve path: %w", path, err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(opt.BusyTimeout.Milliseconds(), 10)+")")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if opt.ReadOnly {
		q.Set("mode", "ro")
	} else {
		// Setting WAL needs write access; a read-only connection uses the
		// mode the file already has.
		q.Add("_pragma", "journal_mode(WAL)")
	}
	// BEGIN IMMEDIATE takes the write lock at the start of a transaction,
	// so a writer waits (busy_timeout) instead of failing when it upgrades
	// a read lock mid-transaction.
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String(), nil
}

// Close closes the database. Iterators from Findings must be finished or
// abandoned first.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close sqlite %s: %w", s.path, err)
	}
	return nil
}

// Path returns the file the store was opened on.
func (s *Store) Path() string { return s.path }

// lockWrite waits for this process's write turn, or for ctx.
func (s *Store) lockWrite(ctx context.Context) error {
	select {
	case s.writeSem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Store) unlockWrite() { <-s.writeSem }
