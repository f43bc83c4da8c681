package delivery

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/rampart-tt/rampart"
)

// Seen remembers which idempotency keys were applied.
type Seen interface {
	// Has reports whether key was applied.
	Has(key string) (bool, error)
	// Mark records key as applied.
	Mark(key string) error
}

// MemorySeen is a Seen for tests and single-run tools.
type MemorySeen struct {
	mu   sync.Mutex
	keys map[string]bool
}

// Has reports whether key was marked.
func (m *MemorySeen) Has(key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.keys[key], nil
}

// Mark records key.
func (m *MemorySeen) Mark(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.keys == nil {
		m.keys = map[string]bool{}
	}
	m.keys[key] = true
	return nil
}

// DirSeen keeps applied keys as empty files in a directory, so that a
// restarted receiver still applies a redelivered payload once.
type DirSeen struct{ dir string }

// OpenDirSeen opens (creating) the directory.
func OpenDirSeen(dir string) (*DirSeen, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open seen keys %s: %w", dir, err)
	}
	return &DirSeen{dir: dir}, nil
}

// Has reports whether key was marked.
func (d *DirSeen) Has(key string) (bool, error) {
	_, err := os.Stat(filepath.Join(d.dir, key))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// Mark records key.
func (d *DirSeen) Mark(key string) error {
	f, err := os.OpenFile(filepath.Join(d.dir, key), os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("mark key %s: %w", key, err)
	}
	return f.Close()
}

// Inbox verifies and applies deliveries. Keys maps key ids (audit.KeyID)
// to the senders' public keys, exchanged out of band.
type Inbox struct {
	Keys map[string]ed25519.PublicKey
	// Names maps key ids to the sender each key was registered for. A
	// delivery whose payload names another sender is refused: a key
	// speaks for its registered sender only. A key id without a name
	// takes the payload's sender as it is.
	Names map[string]string
	// MaxSkew is how far a delivery's timestamp may be from now, either
	// way (default 5 minutes): older deliveries are refused as replays.
	MaxSkew time.Duration
	Seen    Seen
	Now     func() time.Time // nil means time.Now
	Logger  *slog.Logger     // nil discards

	mu sync.Mutex // serialises apply, so that two copies of one key cannot both apply
}

// Verified is a delivery whose signature and freshness checked out.
type Verified struct {
	Key   string // idempotency key
	KeyID string // which sender key signed it
	// Sender is the authority the key was registered for (Names), or the
	// payload's sender when the key has no name.
	Sender  string
	Payload Payload // parsed and checked
}

func unauthenticated(format string, args ...any) error {
	return rampart.Errorf(rampart.EUNAUTHENTICATED, format, args...)
}

// Verify checks the headers and body of a delivery: a known key id, a
// valid ed25519 signature over SignedMessage, a timestamp within MaxSkew,
// and a well-formed payload. Signature and freshness failures are
// EUNAUTHENTICATED (HTTP 401) and logged at warn level with the key id;
// a bad payload under a good signature is EINVALID.
func (in *Inbox) Verify(h http.Header, body []byte) (Verified, error) {
	v, err := in.verify(h, body)
	if err != nil && rampart.ErrorCode(err) == rampart.EUNAUTHENTICATED {
		in.log().Warn("inbox refused a delivery", "err", err, "key", h.Get(HeaderIdempotency))
	}
	return v, err
}

func (in *Inbox) verify(h http.Header, body []byte) (Verified, error) {
	key := h.Get(HeaderIdempotency)
	if !validKey(key) {
		return Verified{}, unauthenticated("%s %q: want 1–128 of A-Z a-z 0-9 . _ -", HeaderIdempotency, key)
	}
	keyID, sig, err := parseSignature(h.Get(HeaderSignature))
	if err != nil {
		return Verified{}, unauthenticated("%v", err)
	}
	pub, ok := in.Keys[keyID]
	if !ok {
		return Verified{}, unauthenticated("key %s is not a registered sender key; exchange keys out of band first", keyID)
	}
	ts, err := strconv.ParseInt(h.Get(HeaderTimestamp), 10, 64)
	if err != nil {
		return Verified{}, unauthenticated("%s %q: want Unix seconds", HeaderTimestamp, h.Get(HeaderTimestamp))
	}
	if !ed25519.Verify(pub, SignedMessage(ts, key, body), sig) {
		return Verified{}, unauthenticated("signature by key %s does not match the body, timestamp and idempotency key", keyID)
	}
	skew := in.MaxSkew
	if skew <= 0 {
		skew = 5 * time.Minute
	}
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	age := now().Sub(time.Unix(ts, 0))
	if age > skew || age < -skew {
		return Verified{}, unauthenticated("delivery timestamp is %s from now, beyond the %s allowed; a replay or a wrong clock", age.Round(time.Second), skew)
	}
	p, err := ParsePayload(body)
	if err != nil {
		return Verified{}, err
	}
	sender := p.Sender
	if name, ok := in.Names[keyID]; ok {
		if p.Sender != name {
			return Verified{}, unauthenticated("payload sender %q was signed by key %s, which is registered for %q", p.Sender, keyID, name)
		}
		sender = name
	}
	return Verified{Key: key, KeyID: keyID, Sender: sender, Payload: p}, nil
}

func (in *Inbox) log() *slog.Logger {
	if in.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return in.Logger
}

// Receive verifies a delivery and applies it unless its idempotency key
// was applied before; duplicate reports which. apply failing leaves the
// key unmarked, so that the sender's retry applies it.
func (in *Inbox) Receive(ctx context.Context, h http.Header, body []byte, apply func(context.Context, Verified) error) (v Verified, duplicate bool, err error) {
	if v, err = in.Verify(h, body); err != nil {
		return v, false, err
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	seen, err := in.Seen.Has(v.Key)
	if err != nil {
		return v, false, fmt.Errorf("inbox %s: %w", v.Key, err)
	}
	if seen {
		return v, true, nil
	}
	if err := apply(ctx, v); err != nil {
		return v, false, fmt.Errorf("inbox apply %s: %w", v.Key, err)
	}
	if err := in.Seen.Mark(v.Key); err != nil {
		return v, false, fmt.Errorf("inbox %s: %w", v.Key, err)
	}
	return v, false, nil
}

// Handler serves the inbox over HTTP: 200 when applied (or a duplicate),
// 401 for a bad signature or a stale timestamp, 400 for a bad payload,
// 413 for a body over the limit, 500 when apply fails (the sender retries).
func (in *Inbox) Handler(apply func(context.Context, Verified) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "body over the delivery limit", http.StatusRequestEntityTooLarge)
			return
		}
		_, dup, err := in.Receive(r.Context(), r.Header, body, apply)
		switch rampart.ErrorCode(err) {
		case "":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, "{\"duplicate\":%t}\n", dup)
		case rampart.EUNAUTHENTICATED:
			http.Error(w, err.Error(), http.StatusUnauthorized)
		case rampart.EINVALID:
			http.Error(w, err.Error(), http.StatusBadRequest)
		default:
			in.log().Error("inbox apply failed", "err", err)
			http.Error(w, "could not apply the delivery; retry later", http.StatusInternalServerError)
		}
	})
}
