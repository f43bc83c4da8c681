package delivery

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rampart-tt/rampart/audit"
)

// Headers of a signed delivery.
const (
	HeaderSignature   = "Rampart-Signature"
	HeaderTimestamp   = "Rampart-Timestamp"
	HeaderIdempotency = "Idempotency-Key"
)

// signingContext starts every signed message, so that a signature made for
// a delivery cannot be replayed as a signature over anything else made
// with the same key (audit checkpoints, for one).
const signingContext = "rampart-delivery-v1"

// SignedMessage returns the bytes a delivery's signature covers: the
// context, the Unix timestamp, the idempotency key and the body, joined by
// newlines. Binding the timestamp and key stops a captured body being
// replayed later or under another key.
func SignedMessage(ts int64, key string, body []byte) []byte {
	head := signingContext + "\n" + strconv.FormatInt(ts, 10) + "\n" + key + "\n"
	msg := make([]byte, 0, len(head)+len(body))
	return append(append(msg, head...), body...)
}

// Signer signs deliveries with one ed25519 key.
type Signer struct {
	key ed25519.PrivateKey
	id  string
}

// NewSigner returns a signer for key; its key id is audit.KeyID of the
// public half, which the receiver looks the public key up by.
func NewSigner(key ed25519.PrivateKey) (Signer, error) {
	if len(key) != ed25519.PrivateKeySize {
		return Signer{}, fmt.Errorf("delivery signer: key is %d bytes, want an ed25519 private key (%d)", len(key), ed25519.PrivateKeySize)
	}
	pub, _ := key.Public().(ed25519.PublicKey)
	return Signer{key: key, id: audit.KeyID(pub)}, nil
}

// KeyID names the signer's public key.
func (s Signer) KeyID() string { return s.id }

// Headers returns the signature, timestamp and idempotency headers for a
// body sent at t.
func (s Signer) Headers(t time.Time, key string, body []byte) map[string]string {
	ts := t.Unix()
	sig := ed25519.Sign(s.key, SignedMessage(ts, key, body))
	return map[string]string{
		HeaderTimestamp:   strconv.FormatInt(ts, 10),
		HeaderIdempotency: key,
		HeaderSignature:   "keyid=" + s.id + ",ed25519=" + base64.StdEncoding.EncodeToString(sig),
	}
}

// parseSignature reads "keyid=<id>,ed25519=<base64>".
func parseSignature(h string) (keyID string, sig []byte, err error) {
	if h == "" {
		return "", nil, errors.New("missing " + HeaderSignature + " header")
	}
	for part := range strings.SplitSeq(h, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return "", nil, fmt.Errorf("%s: %q is not key=value", HeaderSignature, part)
		}
		switch k {
		case "keyid":
			keyID = v
		case "ed25519":
			if sig, err = base64.StdEncoding.DecodeString(v); err != nil {
				return "", nil, fmt.Errorf("%s: ed25519 value is not base64: %w", HeaderSignature, err)
			}
		}
	}
	if keyID == "" || len(sig) != ed25519.SignatureSize {
		return "", nil, fmt.Errorf("%s: want keyid=<id>,ed25519=<%d-byte signature in base64>", HeaderSignature, ed25519.SignatureSize)
	}
	return keyID, sig, nil
}

// validKey reports whether an idempotency key is usable as a file name and
// a header: 1–128 of [A-Za-z0-9._-], not starting with a dot.
func validKey(k string) bool {
	if k == "" || len(k) > 128 || k[0] == '.' {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
