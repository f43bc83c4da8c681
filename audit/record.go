package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Record is one entry of the chain. Hash is the hex SHA-256 of the
// canonical JSON of the record without Hash (see CanonicalBytes); Prev is
// the Hash of the record before it, GenesisPrev for the first. Data is
// canonical JSON, or nil.
type Record struct {
	Seq     int64           `json:"seq"`
	Time    time.Time       `json:"time"`
	Actor   string          `json:"actor"`
	Action  string          `json:"action"`
	Subject string          `json:"subject"`
	Data    json.RawMessage `json:"data"`
	Prev    string          `json:"prev"`
	Hash    string          `json:"hash"`
}

// GenesisPrev is the Prev of record 1: 64 zeros, the width of a hash.
const GenesisPrev = "0000000000000000000000000000000000000000000000000000000000000000"

// TimeLayout is how Time is written in the hashed form (and in the stores):
// RFC 3339 in UTC with exactly nine fractional digits, so that one instant
// has one spelling.
const TimeLayout = "2006-01-02T15:04:05.000000000Z"

// Reserved actions, written by the chain itself. Callers may not append
// actions starting with "audit.".
const (
	ActionCheckpoint = "audit.checkpoint"
	ActionRotate     = "audit.key_rotation"
	reservedPrefix   = "audit."
)

// CanonicalBytes returns the bytes that Hash covers: the JCS canonical JSON
// (RFC 8785, see Canonicalize) of the object
//
//	{"action","actor","data","prev","seq","subject","time"}
//
// with members in that (sorted) order, time in TimeLayout and data
// canonicalised, or null when empty.
func (r Record) CanonicalBytes() ([]byte, error) {
	data := []byte("null")
	if len(r.Data) > 0 {
		c, err := Canonicalize(r.Data)
		if err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
		data = c
	}
	var b bytes.Buffer
	b.Grow(256 + len(data))
	b.WriteString(`{"action":`)
	writeString(&b, r.Action)
	b.WriteString(`,"actor":`)
	writeString(&b, r.Actor)
	b.WriteString(`,"data":`)
	b.Write(data)
	b.WriteString(`,"prev":`)
	writeString(&b, r.Prev)
	b.WriteString(`,"seq":`)
	b.WriteString(strconv.FormatInt(r.Seq, 10))
	b.WriteString(`,"subject":`)
	writeString(&b, r.Subject)
	b.WriteString(`,"time":`)
	writeString(&b, r.Time.UTC().Format(TimeLayout))
	b.WriteByte('}')
	return b.Bytes(), nil
}

// ComputeHash returns the hash the record should carry.
func (r Record) ComputeHash() (string, error) {
	b, err := r.CanonicalBytes()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
