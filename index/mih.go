package index

import (
	"math/bits"
	"slices"
)

// Hash is a 256-bit code, bytes in the order of its hexadecimal form (a
// pdq.Hash converts to it implicitly).
type Hash = [32]byte

const (
	numTables  = 16      // substrings per code
	numBuckets = 1 << 16 // values of one 16-bit substring
	minTail    = 4096    // entries added since the last compaction before one is due
	maxRadius  = 256     // any radius above this finds everything
)

// code is a hash as four big-endian 64-bit words, for popcount distance.
type code [4]uint64

func toCode(h Hash) code {
	var c code
	for i := range c {
		for j := range 8 {
			c[i] = c[i]<<8 | uint64(h[i*8+j])
		}
	}
	return c
}

func (c code) hash() Hash {
	var h Hash
	for i := range c {
		for j := range 8 {
			h[i*8+j] = byte(c[i] >> (56 - 8*j))
		}
	}
	return h
}

// chunk returns 16-bit substring t (0..15) of c: bytes 2t and 2t+1.
func (c code) chunk(t int) uint16 { return uint16(c[t/4] >> (48 - 16*(t%4))) }

func distance(a, b *code) int {
	return bits.OnesCount64(a[0]^b[0]) + bits.OnesCount64(a[1]^b[1]) +
		bits.OnesCount64(a[2]^b[2]) + bits.OnesCount64(a[3]^b[3])
}

// MIH is a multi-index hashing index of 256-bit codes with caller-chosen
// uint64 ids, one code per id. Entries added since the last compaction sit
// in a tail that is scanned linearly; Compact (called automatically when
// the tail or the tombstones grow past a fraction of the index) folds them
// into the tables. Searches may run concurrently with each other but not
// with Add, Delete or Compact; Live wraps an MIH for concurrent updates.
type MIH struct {
	codes []code
	ids   []uint64
	dead  []uint64 // tombstone bit per position
	ndead int

	// The tables cover positions [0, frozen): table t lists, for each
	// value v of substring t, the positions list[t][offs[t][v]:offs[t][v+1]].
	frozen int
	offs   [numTables][]uint32
	list   [numTables][]uint32
	// byID holds the frozen positions sorted by id; tailPos maps the ids
	// of live tail entries to their positions.
	byID    []uint32
	tailPos map[uint64]uint32
}

// NewMIH returns an empty index.
func NewMIH() *MIH {
	m := &MIH{tailPos: map[uint64]uint32{}}
	m.buildTables()
	return m
}

// Len returns the number of live entries.
func (m *MIH) Len() int { return len(m.codes) - m.ndead }

func (m *MIH) isDead(p uint32) bool { return m.dead[p/64]>>(p%64)&1 == 1 }

// lookup returns the position of a live id.
func (m *MIH) lookup(id uint64) (uint32, bool) {
	if p, ok := m.tailPos[id]; ok {
		return p, true
	}
	i, ok := slices.BinarySearchFunc(m.byID, id, func(p uint32, id uint64) int {
		switch {
		case m.ids[p] < id:
			return -1
		case m.ids[p] > id:
			return 1
		}
		return 0
	})
	if !ok || m.isDead(m.byID[i]) {
		return 0, false
	}
	return m.byID[i], true
}

// Add indexes h under id, replacing the code id had.
func (m *MIH) Add(id uint64, h Hash) {
	m.add(id, h)
	m.maybeCompact()
}

// AddBatch adds many entries with at most one compaction, the fast way to
// load an index.
func (m *MIH) AddBatch(entries []Entry) {
	for _, e := range entries {
		m.add(e.ID, e.Hash)
	}
	m.maybeCompact()
}

func (m *MIH) add(id uint64, h Hash) {
	m.remove(id)
	p := uint32(len(m.codes))
	m.codes = append(m.codes, toCode(h))
	m.ids = append(m.ids, id)
	if int(p)/64 >= len(m.dead) {
		m.dead = append(m.dead, 0)
	}
	m.tailPos[id] = p
}

// Delete removes id; it reports whether id was present.
func (m *MIH) Delete(id uint64) bool {
	ok := m.remove(id)
	m.maybeCompact()
	return ok
}

func (m *MIH) remove(id uint64) bool {
	p, ok := m.lookup(id)
	if !ok {
		return false
	}
	m.dead[p/64] |= 1 << (p % 64)
	m.ndead++
	delete(m.tailPos, id)
	return true
}

// Get returns the code indexed under id.
func (m *MIH) Get(id uint64) (Hash, bool) {
	p, ok := m.lookup(id)
	if !ok {
		return Hash{}, false
	}
	return m.codes[p].hash(), true
}

// maybeCompact compacts when the tail exceeds max(4096, frozen/2) entries
// or tombstones exceed a quarter of all entries. The geometric threshold
// keeps compaction at O(1) amortised per update (about three full builds
// in all when an index is filled one Add at a time) while bounding the
// linear part of a search to a third of the index; call Compact after a
// bulk load to index everything.
func (m *MIH) maybeCompact() {
	tail := len(m.codes) - m.frozen
	if tail > max(minTail, m.frozen/2) || (m.ndead > minTail && m.ndead > len(m.codes)/4) {
		m.Compact()
	}
}

// Compact drops deleted entries and indexes the tail in the tables.
func (m *MIH) Compact() {
	if m.ndead > 0 {
		n := 0
		for p := range m.codes {
			if m.isDead(uint32(p)) {
				continue
			}
			m.codes[n], m.ids[n] = m.codes[p], m.ids[p]
			n++
		}
		m.codes, m.ids = slices.Clip(m.codes[:n]), slices.Clip(m.ids[:n])
		m.dead = make([]uint64, (n+63)/64)
		m.ndead = 0
	}
	m.buildTables()
}

// buildTables indexes every position by counting sort, per table.
func (m *MIH) buildTables() {
	n := len(m.codes)
	for t := range numTables {
		offs := make([]uint32, numBuckets+1)
		for i := range m.codes {
			offs[int(m.codes[i].chunk(t))+1]++
		}
		for v := range numBuckets {
			offs[v+1] += offs[v]
		}
		list := make([]uint32, n)
		next := slices.Clone(offs[:numBuckets])
		for i := range m.codes {
			v := m.codes[i].chunk(t)
			list[next[v]] = uint32(i)
			next[v]++
		}
		m.offs[t], m.list[t] = offs, list
	}
	m.byID = make([]uint32, n)
	for i := range m.byID {
		m.byID[i] = uint32(i)
	}
	slices.SortFunc(m.byID, func(a, b uint32) int {
		switch {
		case m.ids[a] < m.ids[b]:
			return -1
		case m.ids[a] > m.ids[b]:
			return 1
		}
		return 0
	})
	m.frozen = n
	clear(m.tailPos)
	if len(m.dead) < (n+63)/64 {
		m.dead = append(m.dead, make([]uint64, (n+63)/64-len(m.dead))...)
	}
}

// MemoryBytes estimates the heap the index holds, for sizing.
func (m *MIH) MemoryBytes() int {
	b := cap(m.codes)*32 + cap(m.ids)*8 + cap(m.dead)*8 + cap(m.byID)*4 + len(m.tailPos)*24
	for t := range numTables {
		b += cap(m.offs[t])*4 + cap(m.list[t])*4
	}
	return b
}

// All calls fn for every live entry, in position order, until fn returns
// false.
func (m *MIH) All(fn func(id uint64, h Hash) bool) {
	for p := range m.codes {
		if !m.isDead(uint32(p)) && !fn(m.ids[p], m.codes[p].hash()) {
			return
		}
	}
}
