package index

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Hash is a 256-bit code, bytes in the order of its hexadecimal form (a
// pdq.Hash converts to it implicitly).
type Hash = [32]byte

const (
	minTail   = 4096 // entries added since the last compaction before one is due
	maxRadius = 256  // any radius above this finds everything
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

	// The tables cover positions [0, frozen); their number and widths
	// depend on frozen (see chooseTables). With no tables every search
	// scans.
	frozen int
	tables []table
	// byID holds the frozen positions sorted by id; tailPos maps the ids
	// of live tail entries to their positions.
	byID    []uint32
	tailPos map[uint64]uint32

	// Tests only: a fixed table count instead of chooseTables, and always
	// probing (never the cheaper scan), so every layout's probe is tested.
	forceTables int
	forceDense  bool
	forceProbe  bool
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
	if m.fill(entries) {
		return
	}
	for _, e := range entries {
		m.add(e.ID, e.Hash)
	}
	m.maybeCompact()
}

// fill is AddBatch's path for a batch large enough to be compacted at once
// (so the tail would be indexed anyway) into an empty index, with no id
// given twice: the codes and ids go straight into slices of the right size
// and the tables are built once, skipping the per-entry tail map and id
// lookups of add (a third of the time of loading a million hashes). It
// reports false, changing nothing, when the batch does not qualify.
func (m *MIH) fill(entries []Entry) bool {
	if len(m.codes) != 0 || len(entries) <= minTail || hasRepeatedID(entries) {
		return false
	}
	m.codes = make([]code, len(entries))
	m.ids = make([]uint64, len(entries))
	for i := range entries {
		m.codes[i] = toCode(entries[i].Hash)
		m.ids[i] = entries[i].ID
	}
	m.dead = make([]uint64, (len(entries)+63)/64)
	m.buildTables()
	return true
}

// hasRepeatedID reports whether an id occurs twice in entries. Ids in
// ascending order (a bank read in key order) are checked in one pass.
func hasRepeatedID(entries []Entry) bool {
	ascending := true
	for i := 1; i < len(entries) && ascending; i++ {
		ascending = entries[i-1].ID < entries[i].ID
	}
	if ascending {
		return false
	}
	ids := make([]uint64, len(entries))
	for i := range entries {
		ids[i] = entries[i].ID
	}
	slices.Sort(ids)
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return true
		}
	}
	return false
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

// Compact drops deleted entries and indexes the tail in the tables. An
// index with no tail and no deleted entries is left as it is: its tables
// already cover every entry (Live compacts what it is given, often an
// index AddBatch has just built).
func (m *MIH) Compact() {
	if m.ndead == 0 && m.frozen == len(m.codes) && m.frozen > 0 {
		return
	}
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

// buildTables chooses the layout for the current size and indexes every
// position by counting sort, per table. Tables are independent, so large
// indexes build them on several goroutines (each writes only its own
// table); the result does not depend on the order they finish in.
func (m *MIH) buildTables() {
	n := len(m.codes)
	nt, dense := chooseTables(n)
	if m.forceTables != 0 && n > 0 {
		nt, dense = m.forceTables, m.forceDense
	}
	m.tables = layoutTables(nt, dense)
	workers := 1
	if n >= parallelBuildMin {
		workers = min(runtime.GOMAXPROCS(0), len(m.tables))
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for t := int(next.Add(1)) - 1; t < len(m.tables); t = int(next.Add(1)) - 1 {
				m.buildTable(&m.tables[t], dense)
			}
		})
	}
	wg.Go(m.buildByID)
	wg.Wait()
	m.frozen = n
	// A new map, not clear(): clearing keeps the capacity of every id
	// added since the last build (hundreds of MB after a bulk load).
	m.tailPos = map[uint64]uint32{}
	if len(m.dead) < (n+63)/64 {
		m.dead = append(m.dead, make([]uint64, (n+63)/64-len(m.dead))...)
	}
}

// parallelBuildMin is the smallest index whose tables are built on more
// than one goroutine; below it the goroutines cost more than they save.
const parallelBuildMin = 1 << 16

// buildTable indexes every position in tb by counting sort.
func (m *MIH) buildTable(tb *table, dense bool) {
	n := len(m.codes)
	buckets := 1 << tb.width
	offs := make([]uint32, buckets+1)
	for i := range m.codes {
		offs[m.codes[i].substr(tb.start, tb.width)+1]++
	}
	for v := range buckets {
		offs[v+1] += offs[v]
	}
	// Fill using offs[v] as bucket v's cursor, which leaves it at the
	// start of bucket v+1; shifting by one restores the starts, with
	// no second array of 2^width cursors.
	if dense {
		slots := make([]slot, n)
		for i := range m.codes {
			c := &m.codes[i]
			v := c.substr(tb.start, tb.width)
			slots[offs[v]] = slot{pos: uint32(i), fp: c.fingerprint(tb.fpWord)}
			offs[v]++
		}
		tb.slots = slots
	} else {
		list := make([]uint32, n)
		for i := range m.codes {
			v := m.codes[i].substr(tb.start, tb.width)
			list[offs[v]] = uint32(i)
			offs[v]++
		}
		tb.list = list
	}
	copy(offs[1:], offs[:buckets])
	offs[0] = 0
	tb.offs = offs
}

// buildByID lists the positions in id order. Ids already ascending by
// position (an index loaded in key order) need no sort.
func (m *MIH) buildByID() {
	byID := make([]uint32, len(m.ids))
	sorted := true
	for i := range byID {
		byID[i] = uint32(i)
		if i > 0 && m.ids[i-1] > m.ids[i] {
			sorted = false
		}
	}
	if !sorted {
		slices.SortFunc(byID, func(a, b uint32) int {
			switch {
			case m.ids[a] < m.ids[b]:
				return -1
			case m.ids[a] > m.ids[b]:
				return 1
			}
			return 0
		})
	}
	m.byID = byID
}

// MemoryBytes estimates the heap the index holds, for sizing.
func (m *MIH) MemoryBytes() int {
	b := cap(m.codes)*32 + cap(m.ids)*8 + cap(m.dead)*8 + cap(m.byID)*4 + len(m.tailPos)*24
	for _, t := range m.tables {
		b += cap(t.offs)*4 + cap(t.list)*4 + cap(t.slots)*int(unsafe.Sizeof(slot{}))
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
