package bank

import (
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// maxInterned bounds the strings a recordScanner shares, so that a bank
// whose labels are all distinct costs no more than one without sharing.
const maxInterned = 4096

// recordScanner reads bank_entries rows. A bank's rows repeat a handful of
// strings (its name, the signal type, a few groups, kinds, sources and
// opinions, and often one added time per import); the scanner reads columns
// as raw bytes and shares one copy of each repeated string, which roughly
// halves the memory a loaded matcher holds for a million entries and saves
// an allocation and a time parse per field.
type recordScanner struct {
	raw    [12]sql.RawBytes
	dest   [12]any
	intern map[string]string
	times  map[string]time.Time
}

func newRecordScanner() *recordScanner {
	sc := &recordScanner{intern: map[string]string{}, times: map[string]time.Time{}}
	for i := range sc.raw {
		sc.dest[i] = &sc.raw[i]
	}
	return sc
}

// str returns b as a string, shared with earlier equal strings while the
// table of shared strings has room. The map lookup with string(b) does not
// allocate.
func (sc *recordScanner) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := sc.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(sc.intern) < maxInterned {
		sc.intern[s] = s
	}
	return s
}

// time parses a stored RFC 3339 time, remembering recent ones.
func (sc *recordScanner) time(b []byte) time.Time {
	if len(b) == 0 {
		return time.Time{}
	}
	if t, ok := sc.times[string(b)]; ok {
		return t
	}
	t, _ := time.Parse(time.RFC3339Nano, string(b))
	if len(sc.times) < maxInterned {
		sc.times[string(b)] = t
	}
	return t
}

// scan reads one row of selectEntries.
func (sc *recordScanner) scan(rows *sql.Rows) (Record, error) {
	if err := rows.Scan(sc.dest[:]...); err != nil {
		return Record{}, fmt.Errorf("read bank entry: %w", err)
	}
	raw := &sc.raw
	var key int64
	for _, c := range raw[0] {
		if c < '0' || c > '9' {
			return Record{}, fmt.Errorf("read bank entry: key %q is not a number", raw[0])
		}
		key = key*10 + int64(c-'0')
	}
	r := Record{Key: uint64(key), Bank: sc.str(raw[1])}
	r.ID = string(raw[2])
	r.Type = SignalType(sc.str(raw[3]))
	r.Value = string(raw[4])
	r.Labels = Labels{Group: sc.str(raw[5]), Kind: sc.str(raw[6]), Source: sc.str(raw[7])}
	if len(raw[8]) > 0 {
		r.Labels.Tags = strings.Fields(string(raw[8]))
		for i, t := range r.Labels.Tags {
			r.Labels.Tags[i] = sc.str([]byte(t))
		}
		if len(r.Labels.Tags) == 0 {
			r.Labels.Tags = nil
		}
	}
	r.Opinion = Opinion(sc.str(raw[9]))
	r.AddedAt = sc.time(raw[10])
	r.DisabledAt = sc.time(raw[11])
	return r, nil
}
