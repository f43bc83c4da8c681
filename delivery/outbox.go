package delivery

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Message is one delivery in the outbox.
type Message struct {
	// Key is the idempotency key: the receiver applies a key once, and
	// the outbox holds one message per key.
	Key       string    `json:"key"`
	Target    string    `json:"target"` // receiver URL
	Body      []byte    `json:"body"`
	Attempts  int       `json:"attempts"`
	NextAt    time.Time `json:"next_at"`
	LastError string    `json:"last_error,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// DoneAt is when it was delivered (sent) or given up on (dead).
	DoneAt time.Time `json:"done_at,omitzero"`
}

// Outbox keeps messages on disk, one JSON file per message, in three
// folders: pending, sent and dead. Each change is written to a temporary
// file and renamed over the old one, so a crash leaves either the old or
// the new state, and a restarted process resumes the pending retries where
// they were.
type Outbox struct {
	dir string
	mu  sync.Mutex // one writer per process; see README for several processes
}

// Outbox folders.
const (
	dirPending = "pending"
	dirSent    = "sent"
	dirDead    = "dead"
)

// OpenOutbox opens (creating when missing) the outbox in dir.
func OpenOutbox(dir string) (*Outbox, error) {
	for _, d := range []string{dirPending, dirSent, dirDead} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			return nil, fmt.Errorf("open outbox %s: %w", dir, err)
		}
	}
	return &Outbox{dir: dir}, nil
}

// ErrDuplicate: a message with that key is already in the outbox (pending,
// sent or dead).
var ErrDuplicate = errors.New("a message with this idempotency key is already in the outbox")

// Add queues m. A key already present is ErrDuplicate, so that one
// referral is never sent twice under one key.
func (o *Outbox) Add(m Message) error {
	if !validKey(m.Key) {
		return fmt.Errorf("outbox add: key %q: want 1–128 of A-Z a-z 0-9 . _ - (not starting with a dot)", m.Key)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, d := range []string{dirPending, dirSent, dirDead} {
		if _, err := os.Stat(o.path(d, m.Key)); err == nil {
			return fmt.Errorf("outbox add %s: %w (%s)", m.Key, ErrDuplicate, d)
		}
	}
	return o.write(dirPending, m)
}

func (o *Outbox) path(d, key string) string { return filepath.Join(o.dir, d, key+".json") }

// write stores m in folder d atomically.
func (o *Outbox) write(d string, m Message) error {
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("outbox write %s: %w", m.Key, err)
	}
	tmp, err := os.CreateTemp(filepath.Join(o.dir, d), ".tmp-*")
	if err != nil {
		return fmt.Errorf("outbox write %s: %w", m.Key, err)
	}
	_, werr := tmp.Write(b)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("outbox write %s: %w", m.Key, err)
	}
	if err := os.Rename(tmp.Name(), o.path(d, m.Key)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("outbox write %s: %w", m.Key, err)
	}
	return nil
}

// Update rewrites a pending message (after an attempt that will be
// retried).
func (o *Outbox) Update(m Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.write(dirPending, m)
}

// Finish moves a pending message to sent or dead.
func (o *Outbox) Finish(m Message, dead bool) error {
	d := dirSent
	if dead {
		d = dirDead
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.write(d, m); err != nil {
		return err
	}
	if err := os.Remove(o.path(dirPending, m.Key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("outbox finish %s: %w", m.Key, err)
	}
	return nil
}

// Pending lists the pending messages, soonest first.
func (o *Outbox) Pending() ([]Message, error) { return o.list(dirPending) }

// Sent lists delivered messages.
func (o *Outbox) Sent() ([]Message, error) { return o.list(dirSent) }

// Dead lists the dead-letter messages: those given up on, kept until an
// operator requeues or removes them.
func (o *Outbox) Dead() ([]Message, error) { return o.list(dirDead) }

func (o *Outbox) list(d string) ([]Message, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	ents, err := os.ReadDir(filepath.Join(o.dir, d))
	if err != nil {
		return nil, fmt.Errorf("outbox list %s: %w", d, err)
	}
	var out []Message
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".json") {
			continue // temporary files of an interrupted write
		}
		p := filepath.Join(o.dir, d, name)
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("outbox list: %w", err)
		}
		var m Message
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("outbox list: %s: %w; move the file aside to continue", p, err)
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Message) int { return a.NextAt.Compare(b.NextAt) })
	return out, nil
}

// Requeue moves a dead message back to pending, due at once, with its
// attempts reset.
func (o *Outbox) Requeue(key string, now time.Time) error {
	if !validKey(key) {
		return fmt.Errorf("outbox requeue: key %q is not a valid idempotency key", key)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	b, err := os.ReadFile(o.path(dirDead, key))
	if err != nil {
		return fmt.Errorf("outbox requeue %s: not in the dead-letter list: %w", key, err)
	}
	var m Message
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("outbox requeue %s: %w", key, err)
	}
	m.Attempts, m.NextAt, m.DoneAt = 0, now, time.Time{}
	if err := o.write(dirPending, m); err != nil {
		return err
	}
	return os.Remove(o.path(dirDead, key))
}
