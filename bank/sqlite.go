package bank

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"

	// The pure-Go SQLite driver, registered as "sqlite".
	_ "modernc.org/sqlite"
)

// Options tunes OpenSQLite. The zero value is the default.
type Options struct {
	// Now is the clock for added, disabled and created times; nil means
	// time.Now.
	Now func() time.Time
	// BusyTimeout is how long a write waits for another process's lock;
	// zero means 5 seconds.
	BusyTimeout time.Duration
}

// Store keeps banks in a SQLite database file. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	now  func() time.Time
}

// OpenSQLite opens the bank tables in the SQLite database at path, creating
// them when missing. In a deployment this is the Rampart database shared with
// the item and finding store: open the store first, so that the file carries
// the store's schema before the bank tables are added.
func OpenSQLite(ctx context.Context, path string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = 5 * time.Second
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open bank database %s: %w", path, err)
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opt.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// A bulk import touches index pages at random (hash values are
	// random keys); with SQLite's default 2 MiB cache the pager spills
	// dirty pages to the file mid-transaction, which made a 100k-row
	// import 3x slower in BenchmarkImportPDQ. The cache grows only as
	// pages are used.
	q.Add("_pragma", "cache_size(-131072)")
	q.Set("_txlock", "immediate")
	dsn := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open bank database %s: %w", path, err)
	}
	s := &Store{db: db, path: path, now: opt.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open bank database %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Record is a stored entry: its bank and the database key the in-memory
// indexes use.
type Record struct {
	Key  uint64
	Bank string
	Entry
}

// BankInfo is a bank's settings with its entry counts and exchange
// checkpoint.
type BankInfo struct {
	Bank
	Entries    int    `json:"entries"`
	Disabled   int    `json:"disabled"`
	Checkpoint string `json:"checkpoint,omitempty"`
}

// CreateBank adds a bank; a bank of that name already present is an
// ECONFLICT error.
func (s *Store) CreateBank(ctx context.Context, b Bank) error {
	if err := b.Validate(); err != nil {
		return rampart.Errorf(rampart.EINVALID, "%v", err)
	}
	if b.CreatedAt.IsZero() {
		b.CreatedAt = s.now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO bank_banks (name, description, threshold, enabled, ratio, suppress, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, b.Name, b.Description, b.Threshold, b.Enabled, b.Ratio, b.Suppress, formatTime(b.CreatedAt))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return rampart.Errorf(rampart.ECONFLICT, "bank %s already exists", b.Name)
		}
		return fmt.Errorf("create bank %s: %w", b.Name, err)
	}
	return nil
}

// UpdateBank changes a bank's settings (not its name or creation time).
func (s *Store) UpdateBank(ctx context.Context, b Bank) error {
	if err := b.Validate(); err != nil {
		return rampart.Errorf(rampart.EINVALID, "%v", err)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE bank_banks SET description = ?, threshold = ?, enabled = ?, ratio = ?, suppress = ? WHERE name = ?`,
		b.Description, b.Threshold, b.Enabled, b.Ratio, b.Suppress, b.Name)
	if err != nil {
		return fmt.Errorf("update bank %s: %w", b.Name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(b.Name)
	}
	return nil
}

func notFound(name string) error {
	return rampart.Errorf(rampart.ENOTFOUND, "no bank named %s (see 'rampart bank list')", name)
}

// Bank returns one bank with its counts.
func (s *Store) Bank(ctx context.Context, name string) (BankInfo, error) {
	all, err := s.banks(ctx, name)
	if err != nil {
		return BankInfo{}, err
	}
	if len(all) == 0 {
		return BankInfo{}, notFound(name)
	}
	return all[0], nil
}

// Banks returns every bank, by name.
func (s *Store) Banks(ctx context.Context) ([]BankInfo, error) { return s.banks(ctx, "") }

func (s *Store) banks(ctx context.Context, name string) ([]BankInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT b.name, b.description, b.threshold, b.enabled, b.ratio, b.suppress, b.created_at, b.checkpoint,
			(SELECT count(*) FROM bank_entries e WHERE e.bank = b.name),
			(SELECT count(*) FROM bank_entries e WHERE e.bank = b.name AND e.disabled_at != '')
		FROM bank_banks b WHERE ? = '' OR b.name = ? ORDER BY b.name`, name, name)
	if err != nil {
		return nil, fmt.Errorf("list banks: %w", err)
	}
	defer rows.Close()
	var out []BankInfo
	for rows.Next() {
		var bi BankInfo
		var created string
		if err := rows.Scan(&bi.Name, &bi.Description, &bi.Threshold, &bi.Enabled, &bi.Ratio, &bi.Suppress, &created, &bi.Checkpoint, &bi.Entries, &bi.Disabled); err != nil {
			return nil, fmt.Errorf("list banks: %w", err)
		}
		bi.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, bi)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list banks: %w", err)
	}
	return out, nil
}

// settings returns every bank's settings without counting its entries
// (counting disabled entries reads every row, 4 s for a million), for Load.
func (s *Store) settings(ctx context.Context) ([]Bank, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, description, threshold, enabled, ratio, suppress, created_at FROM bank_banks ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list banks: %w", err)
	}
	defer rows.Close()
	var out []Bank
	for rows.Next() {
		var b Bank
		var created string
		if err := rows.Scan(&b.Name, &b.Description, &b.Threshold, &b.Enabled, &b.Ratio, &b.Suppress, &created); err != nil {
			return nil, fmt.Errorf("list banks: %w", err)
		}
		b.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list banks: %w", err)
	}
	return out, nil
}

// ImportResult counts what an import changed and holds the stored records,
// for updating a Matcher.
type ImportResult struct {
	Added, Updated int
	Records        []Record
}

// Import stores entries (already normalised, as ReadCSV and ReadJSONL return
// them) in bank, in one transaction: either all are stored or none. An entry
// whose id is already in the bank replaces it, keeping its added time; an
// entry whose value is already in the bank under another id is an error.
func (s *Store) Import(ctx context.Context, bank string, entries []Entry) (ImportResult, error) {
	var res ImportResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = s.importTx(ctx, tx, bank, entries)
		return err
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import into bank %s: %w", bank, err)
	}
	return res, nil
}

// Add stores one entry (normalising it first).
func (s *Store) Add(ctx context.Context, bank string, e Entry) (Record, error) {
	e, err := Normalize(e)
	if err != nil {
		return Record{}, rampart.Errorf(rampart.EINVALID, "add to bank %s: %v", bank, err)
	}
	res, err := s.Import(ctx, bank, []Entry{e})
	if err != nil {
		return Record{}, err
	}
	return res.Records[0], nil
}

// Disable switches an entry off; disabling a disabled entry keeps its first
// disabled time.
func (s *Store) Disable(ctx context.Context, bank, id string) (Record, error) {
	var rec Record
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		rec, err = s.disableTx(ctx, tx, bank, id)
		return err
	})
	return rec, err
}

func (s *Store) disableTx(ctx context.Context, tx *sql.Tx, bank, id string) (Record, error) {
	if err := bankExists(ctx, tx, bank); err != nil {
		return Record{}, err
	}
	_, err := tx.ExecContext(ctx, `UPDATE bank_entries SET disabled_at = ? WHERE bank = ? AND entry_id = ? AND disabled_at = ''`,
		formatTime(s.now()), bank, id)
	if err != nil {
		return Record{}, fmt.Errorf("disable %s in bank %s: %w", id, bank, err)
	}
	rows, err := tx.QueryContext(ctx, selectEntries+` WHERE bank = ? AND entry_id = ?`, bank, id)
	if err != nil {
		return Record{}, fmt.Errorf("disable %s in bank %s: %w", id, bank, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Record{}, err
		}
		return Record{}, rampart.Errorf(rampart.ENOTFOUND, "bank %s has no entry %s", bank, id)
	}
	return newRecordScanner().scan(rows)
}

const selectEntries = `SELECT rowid, bank, entry_id, signal_type, value, grp, kind, source, tags, opinion, added_at, disabled_at FROM bank_entries`

// Entries yields a bank's entries (all banks when bank is ""), disabled ones
// included, in the order they were first stored.
func (s *Store) Entries(ctx context.Context, bank string) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		rows, err := s.db.QueryContext(ctx, selectEntries+` WHERE ? = '' OR bank = ? ORDER BY rowid`, bank, bank)
		if err != nil {
			yield(Record{}, fmt.Errorf("read bank %s: %w", bank, err))
			return
		}
		defer rows.Close()
		sc := newRecordScanner()
		for rows.Next() {
			r, err := sc.scan(rows)
			if !yield(r, err) || err != nil {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(Record{}, fmt.Errorf("read bank %s: %w", bank, err))
		}
	}
}

// loadBatch is how many records readBatches hands over at a time.
const loadBatch = 1024

// readBatches reads every bank's entries in key order, as Entries does, and
// passes them to fn in batches of up to loadBatch records. fn owns each
// batch; it returns false only when ctx is done, which ends the read with
// ctx's error.
func (s *Store) readBatches(ctx context.Context, fn func([]Record) bool) error {
	rows, err := s.db.QueryContext(ctx, selectEntries+` ORDER BY rowid`)
	if err != nil {
		return fmt.Errorf("read banks: %w", err)
	}
	defer rows.Close()
	sc := newRecordScanner()
	batch := make([]Record, 0, loadBatch)
	for rows.Next() {
		r, err := sc.scan(rows)
		if err != nil {
			return err
		}
		if batch = append(batch, r); len(batch) == loadBatch {
			if !fn(batch) {
				return ctx.Err()
			}
			batch = make([]Record, 0, loadBatch)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read banks: %w", err)
	}
	if len(batch) > 0 && !fn(batch) {
		return ctx.Err()
	}
	return nil
}

// lastKey returns the largest key in use (0 for no entries). Keys are
// assigned from 1 in order, so it bounds the number of entries.
func (s *Store) lastKey(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(rowid), 0) FROM bank_entries`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read banks: %w", err)
	}
	return n, nil
}

// Checkpoint returns the exchange checkpoint stored for bank ("" before the
// first pull).
func (s *Store) Checkpoint(ctx context.Context, bank string) (string, error) {
	bi, err := s.Bank(ctx, bank)
	return bi.Checkpoint, err
}

func bankExists(ctx context.Context, tx *sql.Tx, bank string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM bank_banks WHERE name = ?`, bank).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return notFound(bank)
	}
	return nil
}

// inTx runs fn in one write transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			if rb := tx.Rollback(); rb != nil && !errors.Is(rb, sql.ErrTxDone) {
				err = errors.Join(err, rb)
			}
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
