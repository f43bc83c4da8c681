package casework

import (
	"io"

	"github.com/rampart-tt/rampart"
)

// Seal and Open expose the evidence sealer to the external tests.
func Seal(key []byte, rand io.Reader, caseID int64, sha string, plain []byte) ([]byte, error) {
	s, err := newSealer(key, rand)
	if err != nil {
		return nil, err
	}
	return s.seal(caseID, sha, plain)
}

func Open(key []byte, caseID int64, sha string, sealed []byte) ([]byte, error) {
	s, err := newSealer(key, nil)
	if err != nil {
		return nil, err
	}
	return s.open(caseID, sha, sealed)
}

// NewEvidenceItem exposes evidenceItem, the decoder of stored items.
func NewEvidenceItem(it rampart.StoredItem) (EvidenceItem, error) { return evidenceItem(it) }
