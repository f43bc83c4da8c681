package audit

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// Options configures a Chain. The zero value appends unsigned records.
type Options struct {
	// Key signs checkpoints; nil means no checkpoints are written.
	Key ed25519.PrivateKey
	// CheckpointEvery writes a checkpoint after every record whose Seq is
	// a multiple of it; 0 means only on demand (Chain.Checkpoint).
	CheckpointEvery int64
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// SystemActor is the actor of the records the chain writes itself.
const SystemActor = "rampart"

// maxAppendAttempts bounds how often an append is retried after another
// writer took the same seq.
const maxAppendAttempts = 50

// Chain appends records to a Store, each linked to the one before, and
// writes signed checkpoints. Appends through one Chain (and the chains made
// from it with On) are serialised in-process; appends from other processes
// are kept from forking the chain by the store's unique seq, and retried.
type Chain struct {
	st    Store
	state *chainState
}

// chainState is shared by a Chain and those made with On.
type chainState struct {
	mu    sync.Mutex
	key   ed25519.PrivateKey
	every int64
	now   func() time.Time
}

var _ Log = (*Chain)(nil)

// NewChain returns a chain writing to st.
func NewChain(st Store, opt Options) *Chain {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Chain{st: st, state: &chainState{key: opt.Key, every: opt.CheckpointEvery, now: opt.Now}}
}

// On returns a chain with the same key, clock and lock writing to st: use
// it with a store bound to a transaction (SQLite.Tx, postgres.AuditTx) so
// that a record commits or rolls back with the change it records.
func (c *Chain) On(st Store) *Chain { return &Chain{st: st, state: c.state} }

// Append adds one record: data is encoded with encoding/json and stored in
// canonical form. actor, action and subject must be valid UTF-8 and action
// must not start with "audit." (reserved for checkpoints and rotations).
// When the new record's seq is a multiple of CheckpointEvery, a signed
// checkpoint follows it.
func (c *Chain) Append(ctx context.Context, actor, action, subject string, data any) (Record, error) {
	if strings.HasPrefix(action, reservedPrefix) {
		return Record{}, rampart.Errorf(rampart.EINVALID, "audit append: action %q: the prefix %q is reserved for the log itself", action, reservedPrefix)
	}
	for _, f := range [][2]string{{"actor", actor}, {"action", action}, {"subject", subject}} {
		if !utf8.ValidString(f[1]) {
			return Record{}, rampart.Errorf(rampart.EINVALID, "audit append: %s is not valid UTF-8", f[0])
		}
	}
	if action == "" {
		return Record{}, rampart.Errorf(rampart.EINVALID, "audit append: action is empty")
	}
	raw, err := encodeData(data)
	if err != nil {
		return Record{}, err
	}
	c.state.mu.Lock()
	defer c.state.mu.Unlock()
	rec, err := c.append(ctx, actor, action, subject, raw)
	if err != nil {
		return Record{}, err
	}
	if c.state.key != nil && c.state.every > 0 && rec.Seq%c.state.every == 0 {
		if _, err := c.checkpoint(ctx); err != nil {
			return rec, err
		}
	}
	return rec, nil
}

// encodeData turns data into canonical JSON, nil for nil.
func encodeData(data any) (json.RawMessage, error) {
	if data == nil {
		return nil, nil
	}
	b, err := json.Marshal(data)
	if err != nil {
		return nil, rampart.Errorf(rampart.EINVALID, "audit append: data: %v", err)
	}
	if string(b) == "null" {
		return nil, nil
	}
	c, err := Canonicalize(b)
	if err != nil {
		return nil, rampart.Errorf(rampart.EINVALID, "audit append: data: %v", err)
	}
	return c, nil
}

// append computes the next record from the last one and stores it,
// retrying when another writer took the seq first. The caller holds mu.
func (c *Chain) append(ctx context.Context, actor, action, subject string, data json.RawMessage) (Record, error) {
	for attempt := 1; ; attempt++ {
		last, err := c.st.Last(ctx)
		if err != nil {
			return Record{}, fmt.Errorf("audit append: read last record: %w", err)
		}
		rec := Record{Seq: last.Seq + 1, Time: c.state.now().UTC(), Actor: actor, Action: action,
			Subject: subject, Data: data, Prev: last.Hash}
		if last.Seq == 0 {
			rec.Prev = GenesisPrev
		}
		if rec.Hash, err = rec.ComputeHash(); err != nil {
			return Record{}, fmt.Errorf("audit append: %w", err)
		}
		err = c.st.Insert(ctx, rec)
		if err == nil {
			return rec, nil
		}
		if !errors.Is(err, ErrConflict) || attempt == maxAppendAttempts {
			return Record{}, fmt.Errorf("audit append record %d: %w", rec.Seq, err)
		}
		// Another process appended record rec.Seq; wait a little (with
		// jitter, so two losers do not collide again) and build on it.
		select {
		case <-time.After(time.Duration(rand.IntN(1000*attempt)) * time.Microsecond):
		case <-ctx.Done():
			return Record{}, fmt.Errorf("audit append: %w", ctx.Err())
		}
	}
}

// checkpointData is the Data of a checkpoint record: a signature by KeyID
// over the seq and hash of the record before it.
type checkpointData struct {
	Seq       int64  `json:"seq"`
	Hash      string `json:"hash"`
	KeyID     string `json:"key_id"`
	PublicKey []byte `json:"public_key"`
	Signature []byte `json:"signature"`
}

// rotationData is the Data of a key rotation record: the old key signs the
// head and the new public key; the new key signs the same message, proving
// that whoever rotated holds it.
type rotationData struct {
	Seq          int64  `json:"seq"`
	Hash         string `json:"hash"`
	KeyID        string `json:"key_id"`
	Signature    []byte `json:"signature"`
	NewKeyID     string `json:"new_key_id"`
	NewPublicKey []byte `json:"new_public_key"`
	NewSignature []byte `json:"new_signature"`
}

// checkpointMessage and rotationMessage are what the keys sign; the first
// line separates the two uses so that one signature cannot stand for the
// other.
func checkpointMessage(seq int64, hash string) []byte {
	return []byte("rampart-audit-checkpoint/1\n" + strconv.FormatInt(seq, 10) + "\n" + hash)
}

func rotationMessage(seq int64, hash, newKeyID string) []byte {
	return []byte("rampart-audit-rotation/1\n" + strconv.FormatInt(seq, 10) + "\n" + hash + "\n" + newKeyID)
}

// Checkpoint appends a checkpoint signing the current head now.
func (c *Chain) Checkpoint(ctx context.Context) (Record, error) {
	c.state.mu.Lock()
	defer c.state.mu.Unlock()
	if c.state.key == nil {
		return Record{}, rampart.Errorf(rampart.EINVALID, "audit checkpoint: the chain has no signing key; configure one (audit.LoadKey)")
	}
	return c.checkpoint(ctx)
}

// checkpoint signs the head and appends the signature; the caller holds mu.
func (c *Chain) checkpoint(ctx context.Context) (Record, error) {
	key := c.state.key
	return c.appendSigned(ctx, ActionCheckpoint, func(head Record) (any, error) {
		if head.Seq == 0 {
			return nil, rampart.Errorf(rampart.EINVALID, "audit checkpoint: the log is empty")
		}
		pub := key.Public().(ed25519.PublicKey)
		return checkpointData{Seq: head.Seq, Hash: head.Hash, KeyID: KeyID(pub), PublicKey: pub,
			Signature: ed25519.Sign(key, checkpointMessage(head.Seq, head.Hash))}, nil
	})
}

// Rotate appends a rotation record signed by the current key naming next,
// and signs later checkpoints with next. The log must hold at least one
// record and the chain must have a key.
func (c *Chain) Rotate(ctx context.Context, next ed25519.PrivateKey) (Record, error) {
	c.state.mu.Lock()
	defer c.state.mu.Unlock()
	old := c.state.key
	if old == nil {
		return Record{}, rampart.Errorf(rampart.EINVALID, "audit key rotation: the chain has no current key to sign the rotation")
	}
	if len(next) != ed25519.PrivateKeySize {
		return Record{}, rampart.Errorf(rampart.EINVALID, "audit key rotation: new key is not an ed25519 private key")
	}
	rec, err := c.appendSigned(ctx, ActionRotate, func(head Record) (any, error) {
		if head.Seq == 0 {
			return nil, rampart.Errorf(rampart.EINVALID, "audit key rotation: the log is empty; append a record first")
		}
		oldPub, nextPub := old.Public().(ed25519.PublicKey), next.Public().(ed25519.PublicKey)
		msg := rotationMessage(head.Seq, head.Hash, KeyID(nextPub))
		return rotationData{Seq: head.Seq, Hash: head.Hash, KeyID: KeyID(oldPub), Signature: ed25519.Sign(old, msg),
			NewKeyID: KeyID(nextPub), NewPublicKey: nextPub, NewSignature: ed25519.Sign(next, msg)}, nil
	})
	if err != nil {
		return Record{}, err
	}
	c.state.key = next
	return rec, nil
}

// appendSigned appends a record whose data signs the current head, retrying
// with a fresh head when another writer appends first.
func (c *Chain) appendSigned(ctx context.Context, action string, sign func(head Record) (any, error)) (Record, error) {
	for attempt := 1; ; attempt++ {
		head, err := c.st.Last(ctx)
		if err != nil {
			return Record{}, fmt.Errorf("audit %s: read last record: %w", action, err)
		}
		data, err := sign(head)
		if err != nil {
			return Record{}, err
		}
		raw, err := encodeData(data)
		if err != nil {
			return Record{}, err
		}
		rec := Record{Seq: head.Seq + 1, Time: c.state.now().UTC(), Actor: SystemActor, Action: action,
			Subject: "", Data: raw, Prev: head.Hash}
		if rec.Hash, err = rec.ComputeHash(); err != nil {
			return Record{}, fmt.Errorf("audit %s: %w", action, err)
		}
		err = c.st.Insert(ctx, rec)
		if err == nil {
			return rec, nil
		}
		if !errors.Is(err, ErrConflict) || attempt == maxAppendAttempts {
			return Record{}, fmt.Errorf("audit %s record %d: %w", action, rec.Seq, err)
		}
	}
}
