package casework

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// EvidenceKeySize is the size of an evidence key: AES-256.
const EvidenceKeySize = 32

// sealer encrypts media originals with AES-256-GCM (NIST SP 800-38D). The
// nonce is 96 random bits per original, which keeps the collision bound
// far away for the number of originals one key will ever seal; the
// additional data binds a sealed blob to its case and hash, so that one
// cannot be swapped for another in the store without failing to open.
type sealer struct {
	aead  cipher.AEAD
	keyID string
	rand  io.Reader
}

func newSealer(key []byte, rand io.Reader) (*sealer, error) {
	if len(key) != EvidenceKeySize {
		return nil, fmt.Errorf("evidence key: %d bytes, want %d (64 hex digits)", len(key), EvidenceKeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("evidence key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("evidence key: %w", err)
	}
	return &sealer{aead: aead, keyID: EvidenceKeyID(key), rand: rand}, nil
}

// EvidenceKeyID names a key without revealing it: the first 8 bytes of
// the SHA-256 of the key, in hex.
func EvidenceKeyID(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:8])
}

func sealAD(caseID int64, sha string) []byte {
	return []byte("rampart-evidence/1\x00" + strconv.FormatInt(caseID, 10) + "\x00" + sha)
}

// seal returns nonce || ciphertext.
func (s *sealer) seal(caseID int64, sha string, plain []byte) ([]byte, error) {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := io.ReadFull(s.rand, nonce); err != nil {
		return nil, fmt.Errorf("seal original: nonce: %w", err)
	}
	return s.aead.Seal(nonce, nonce, plain, sealAD(caseID, sha)), nil
}

// open reverses seal, failing when the blob, case or hash was changed.
func (s *sealer) open(caseID int64, sha string, sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, errors.New("sealed original is too short")
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], sealAD(caseID, sha))
	if err != nil {
		return nil, fmt.Errorf("open sealed original: %w (wrong key, or the stored blob was altered)", err)
	}
	return plain, nil
}
