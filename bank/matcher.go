package bank

import (
	"cmp"
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/rampart-tt/rampart/index"
	"github.com/rampart-tt/rampart/pdq"
	"github.com/rampart-tt/rampart/vpdq"
)

// Match is one bank entry a query matched, with everything needed to explain
// it: the bank and its threshold, the entry and its labels, the distance
// (PDQ bits; 0 for exact types), and whether a suppression bank cancelled it.
type Match struct {
	Bank       string     `json:"bank"`
	EntryID    string     `json:"entry"`
	SignalType SignalType `json:"signal_type"`
	Value      string     `json:"value"`
	// Key is the matched index key for URL banks (the canonical URL, or the
	// domain: or telegram: key the query reached it through).
	Key       string  `json:"key,omitempty"`
	Distance  int     `json:"distance"`
	Threshold int     `json:"threshold"`
	Labels    Labels  `json:"labels,omitzero"`
	Opinion   Opinion `json:"opinion"`
	// Suppress is set on matches from a suppression bank (known false
	// positives); they are reported only to explain the matches they cancel.
	Suppress bool `json:"suppress,omitempty"`
	// Suppressed is set when a suppression bank matched the same query;
	// SuppressedBy names that entry as "bank/entry".
	Suppressed   bool   `json:"suppressed,omitempty"`
	SuppressedBy string `json:"suppressed_by,omitempty"`
}

// Explain says in one line why the match was made.
func (m Match) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bank %s entry %s (%s", m.Bank, m.EntryID, m.SignalType)
	switch m.SignalType {
	case PDQ, VPDQ:
		fmt.Fprintf(&b, ", distance %d <= threshold %d", m.Distance, m.Threshold)
	default:
		b.WriteString(", exact")
		if m.Key != "" && m.Key != m.Value {
			fmt.Fprintf(&b, " via %s", m.Key)
		}
	}
	fmt.Fprintf(&b, ") opinion %s", m.Opinion)
	var labels []string
	for _, kv := range [][2]string{{"group", m.Labels.Group}, {"kind", m.Labels.Kind}, {"source", m.Labels.Source}, {"tags", strings.Join(m.Labels.Tags, ",")}} {
		if kv[1] != "" {
			labels = append(labels, kv[0]+"="+kv[1])
		}
	}
	if len(labels) > 0 {
		fmt.Fprintf(&b, "; labels %s", strings.Join(labels, " "))
	}
	if m.Suppress {
		b.WriteString("; known false positive (suppression bank)")
	}
	if m.Suppressed {
		fmt.Fprintf(&b, "; SUPPRESSED by %s", m.SuppressedBy)
	}
	return b.String()
}

// bankIndex holds one bank's live entries.
type bankIndex struct {
	bank   Bank
	pdq    *index.Live
	md5    *index.Exact[[16]byte]
	sha256 *index.Exact[[32]byte]
	url    *index.Exact[string]
	vpdq   *vpdqIndex
}

func newBankIndex(b Bank) *bankIndex {
	return &bankIndex{bank: b, pdq: index.NewLive(index.NewMIH(), 0), md5: index.NewExact[[16]byte](),
		sha256: index.NewExact[[32]byte](), url: index.NewExact[string](), vpdq: newVPDQIndex()}
}

// Matcher answers "which bank entries does this hash or URL match" from
// memory. It is safe for concurrent use: queries never wait for a
// rebuild, and Apply makes new entries matchable at once.
type Matcher struct {
	mu      sync.RWMutex
	banks   map[string]*bankIndex
	entries map[uint64]Record // live entries by key
}

// NewMatcher returns a matcher with no banks.
func NewMatcher() *Matcher {
	return &Matcher{banks: map[string]*bankIndex{}, entries: map[uint64]Record{}}
}

// Load builds a matcher from every bank in the store. PDQ entries are loaded
// into each bank's multi-index in one batch.
//
// Rows are read from SQLite on one goroutine while this one indexes them,
// so that on a machine with two cores or more reading and indexing overlap
// (they take about as long as each other for a PDQ bank).
func Load(ctx context.Context, s *Store) (*Matcher, error) {
	banks, err := s.settings(ctx)
	if err != nil {
		return nil, err
	}
	hint, err := s.lastKey(ctx)
	if err != nil {
		return nil, err
	}
	m := NewMatcher()
	// Keys are assigned in order from 1, so the last key bounds the rows:
	// sizing the map once saves rehashing it as it grows.
	m.entries = make(map[uint64]Record, min(hint, maxLoadHint))
	pdqs := map[string][]index.Entry{}
	for _, b := range banks {
		m.banks[b.Name] = newBankIndex(b)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the reader if indexing fails
	batches := make(chan []Record, 4)
	var readErr error
	go func() {
		defer close(batches)
		readErr = s.readBatches(ctx, func(b []Record) bool {
			select {
			case batches <- b:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	for batch := range batches {
		for _, r := range batch {
			bi := m.banks[r.Bank]
			if bi == nil || !live(bi.bank, r) {
				continue
			}
			if r.Type == PDQ {
				h, err := pdq.Parse(r.Value)
				if err != nil {
					return nil, fmt.Errorf("load bank %s entry %s: %w", r.Bank, r.ID, err)
				}
				pdqs[r.Bank] = append(pdqs[r.Bank], index.Entry{ID: r.Key, Hash: h})
				m.entries[r.Key] = r
				continue
			}
			if err := m.addLocked(bi, r); err != nil {
				return nil, fmt.Errorf("load bank %s entry %s: %w", r.Bank, r.ID, err)
			}
		}
	}
	if readErr != nil {
		return nil, fmt.Errorf("load banks: %w", readErr)
	}
	for name, es := range pdqs {
		mih := index.NewMIH()
		mih.AddBatch(es)
		m.banks[name].pdq.Swap(mih)
	}
	return m, nil
}

// maxLoadHint caps how many entries Load sizes its map for up front, so
// that a database of mostly disabled entries does not reserve room for
// all of them.
const maxLoadHint = 1 << 24

// live reports whether an entry is served: enabled, in an enabled bank and
// inside the bank's roll-out ratio.
func live(b Bank, r Record) bool {
	return b.Enabled && !r.Disabled() && InRollout(r.ID, b.Ratio)
}

// SetBank adds a bank or changes its settings. Entries already loaded stay;
// after changing the ratio or enabling a bank, Load again to re-select them.
func (m *Matcher) SetBank(b Bank) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if bi := m.banks[b.Name]; bi != nil {
		bi.bank = b
		return
	}
	m.banks[b.Name] = newBankIndex(b)
}

// Apply brings stored records into the live indexes: a live record is added
// (or replaces the entry under its key), a disabled or rolled-out one is
// removed. Records of banks the matcher does not know are ignored. PDQ
// changes to a bank are published as one index update, so applying many
// records at once costs one delta copy, not one per record.
func (m *Matcher) Apply(recs ...Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	// adds is keyed so that an entry added and then removed within one
	// batch ends removed (Live.Update applies deletes before adds).
	type pdqBatch struct {
		adds    map[uint64]index.Hash
		deletes []uint64
	}
	batches := map[*bankIndex]*pdqBatch{}
	batch := func(bi *bankIndex) *pdqBatch {
		if b := batches[bi]; b != nil {
			return b
		}
		b := &pdqBatch{adds: map[uint64]index.Hash{}}
		batches[bi] = b
		return b
	}
	for _, r := range recs {
		bi := m.banks[r.Bank]
		if bi == nil {
			continue
		}
		if old, ok := m.entries[r.Key]; ok && old.Type == PDQ {
			delete(m.entries, r.Key)
			ob := batch(m.banks[old.Bank])
			delete(ob.adds, r.Key)
			ob.deletes = append(ob.deletes, r.Key)
		} else {
			m.removeLocked(bi, r.Key)
		}
		if !live(bi.bank, r) {
			continue
		}
		if r.Type == PDQ {
			h, err := pdq.Parse(r.Value)
			if err != nil {
				return fmt.Errorf("bank %s entry %s: %w", r.Bank, r.ID, err)
			}
			batch(bi).adds[r.Key] = h
			m.entries[r.Key] = r
			continue
		}
		if err := m.addLocked(bi, r); err != nil {
			return fmt.Errorf("bank %s entry %s: %w", r.Bank, r.ID, err)
		}
	}
	for bi, b := range batches {
		adds := make([]index.Entry, 0, len(b.adds))
		for k, h := range b.adds {
			adds = append(adds, index.Entry{ID: k, Hash: h})
		}
		bi.pdq.Update(adds, b.deletes)
	}
	return nil
}

func (m *Matcher) addLocked(bi *bankIndex, r Record) error {
	switch r.Type {
	case PDQ:
		h, err := pdq.Parse(r.Value)
		if err != nil {
			return err
		}
		bi.pdq.Add(r.Key, h)
	case MD5:
		var k [16]byte
		if _, err := hex.Decode(k[:], []byte(r.Value)); err != nil {
			return fmt.Errorf("md5 value: %w", err)
		}
		bi.md5.Add(r.Key, k)
	case SHA256:
		var k [32]byte
		if _, err := hex.Decode(k[:], []byte(r.Value)); err != nil {
			return fmt.Errorf("sha256 value: %w", err)
		}
		bi.sha256.Add(r.Key, k)
	case URL:
		bi.url.Add(r.Key, r.Value)
	case VPDQ:
		frames, err := parseVPDQ(r.Value)
		if err != nil {
			return err
		}
		bi.vpdq.add(r.Key, frames)
	default:
		return fmt.Errorf("unknown signal type %q", r.Type)
	}
	m.entries[r.Key] = r
	return nil
}

func (m *Matcher) removeLocked(bi *bankIndex, key uint64) {
	old, ok := m.entries[key]
	if !ok {
		return
	}
	delete(m.entries, key)
	if ob := m.banks[old.Bank]; ob != nil {
		bi = ob
	}
	switch old.Type {
	case PDQ:
		bi.pdq.Delete(key)
	case MD5:
		bi.md5.Delete(key)
	case SHA256:
		bi.sha256.Delete(key)
	case URL:
		bi.url.Delete(key)
	case VPDQ:
		bi.vpdq.remove(key)
	}
}

// Len returns the number of live entries.
func (m *Matcher) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.entries)
}

// Match returns the entries that value of signal type t matches, nearest
// first; a value that is not valid for t matches nothing (Query says why).
func (m *Matcher) Match(t SignalType, value string) []Match {
	ms, _ := m.Query(t, value)
	return ms
}

// Query is Match with an error for an invalid value. For URL queries the
// value is a raw URL as posted; it is canonicalised and looked up as itself,
// as its Telegram channel and under its host and parent domains. A vPDQ
// query is comma-separated frame hashes, taken as frames of good quality
// (QueryVideo takes hashed frames with their qualities).
func (m *Matcher) Query(t SignalType, value string) ([]Match, error) {
	t, err := ParseSignalType(string(t))
	if err != nil {
		return nil, err
	}
	q := query{t: t}
	switch t {
	case URL:
		if q.keys, _, err = urlKeys(value); err != nil {
			return nil, fmt.Errorf("url query: %w", err)
		}
	case PDQ:
		if q.hash, err = pdq.Parse(strings.TrimSpace(value)); err != nil {
			return nil, fmt.Errorf("pdq query: %w", err)
		}
	case VPDQ:
		frames, err := parseVPDQ(strings.TrimSpace(value))
		if err != nil {
			return nil, err
		}
		q.video = asFeatures(frames)
	default:
		if q.value, err = NormalizeValue(t, value); err != nil {
			return nil, fmt.Errorf("%s query: %w", t, err)
		}
	}
	return m.query(q)
}

// QueryVideo returns the vPDQ entries a hashed video matches (as
// vpdq.HashFile returns its frames), nearest first. Frames of PDQ quality
// below 50 and repeated frames take no part, as in vpdq.Compare; a video
// with no frame left matches nothing.
func (m *Matcher) QueryVideo(frames []vpdq.Feature) ([]Match, error) {
	return m.query(query{t: VPDQ, video: frames})
}

// query is a parsed query: the signal type and the form its index needs.
type query struct {
	t     SignalType
	value string         // normalised MD5 or SHA-256 hex
	keys  []string       // URL lookup keys
	hash  pdq.Hash       // PDQ
	video []vpdq.Feature // vPDQ frames
}

func (m *Matcher) query(q query) ([]Match, error) {
	type hit struct {
		key  uint64
		dist int
		via  string
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []Match
	for _, bi := range m.banks {
		if !bi.bank.Enabled {
			continue
		}
		var hits []hit
		switch q.t {
		case PDQ:
			for _, x := range bi.pdq.SearchAll(q.hash, bi.bank.Threshold) {
				hits = append(hits, hit{key: x.ID, dist: x.Distance})
			}
		case MD5:
			var k [16]byte
			hex.Decode(k[:], []byte(q.value))
			for _, id := range bi.md5.Lookup(k) {
				hits = append(hits, hit{key: id})
			}
		case SHA256:
			var k [32]byte
			hex.Decode(k[:], []byte(q.value))
			for _, id := range bi.sha256.Lookup(k) {
				hits = append(hits, hit{key: id})
			}
		case URL:
			for _, k := range q.keys {
				for _, id := range bi.url.Lookup(k) {
					hits = append(hits, hit{key: id, via: k})
				}
			}
		case VPDQ:
			vs, err := bi.vpdq.search(q.video, bi.bank.Threshold)
			if err != nil {
				return nil, fmt.Errorf("bank %s: %w", bi.bank.Name, err)
			}
			for _, v := range vs {
				hits = append(hits, hit{key: v.key, dist: v.dist})
			}
		}
		for _, h := range hits {
			r := m.entries[h.key]
			out = append(out, Match{Bank: r.Bank, EntryID: r.ID, SignalType: r.Type, Value: r.Value, Key: h.via,
				Distance: h.dist, Threshold: bi.bank.Threshold, Labels: r.Labels, Opinion: r.Opinion, Suppress: bi.bank.Suppress})
		}
	}
	slices.SortFunc(out, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.Distance, b.Distance), cmp.Compare(a.Bank, b.Bank), cmp.Compare(a.EntryID, b.EntryID))
	})
	suppress(out)
	return out, nil
}

// suppress marks every match from an ordinary bank as suppressed by the
// nearest suppression-bank match, when there is one.
func suppress(ms []Match) {
	by := ""
	for _, x := range ms { // sorted nearest first
		if x.Suppress {
			by = x.Bank + "/" + x.EntryID
			break
		}
	}
	if by == "" {
		return
	}
	for i := range ms {
		if !ms[i].Suppress {
			ms[i].Suppressed, ms[i].SuppressedBy = true, by
		}
	}
}
