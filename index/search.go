package index

import (
	"cmp"
	"math/bits"
	"slices"
	"sync"
)

// scratch holds the candidates a probe gathers from one run of buckets.
// Pooled rather than declared in the probe, which would zero 12 KiB for
// every table of every search.
type scratch struct {
	slots [512]slot
	pos   [1024]uint32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// Costs, in rough nanoseconds, that decide between probing and scanning.
const (
	costCandidate = 6 // fetch a code at a random position and compare it
	costSlot      = 2 // check the fingerprint of the next slot of a dense bucket
	costScan      = 2 // compare the next code of a sequential scan
	costProbe     = 4 // look up one bucket
)

// Match is one search result.
type Match struct {
	ID       uint64
	Distance int
}

// Search calls fn for every live entry within Hamming distance radius of
// q, until fn returns false. Results come in no particular order. The
// answer is exact: the same set a linear scan gives.
func (m *MIH) Search(q Hash, radius int, fn func(id uint64, dist int) bool) {
	if radius < 0 {
		return
	}
	radius = min(radius, maxRadius)
	qc := toCode(q)
	if !m.searchTail(&qc, radius, fn) {
		return
	}
	if m.frozen == 0 {
		return
	}
	if len(m.tables) == 0 {
		m.scan(&qc, radius, 0, m.frozen, fn)
		return
	}
	rt := assignRadii(m.tables, radius, m.frozen)
	if !m.forceProbe && m.probeCost(&qc, &rt) > costScan*m.frozen {
		m.scan(&qc, radius, 0, m.frozen, fn)
		return
	}
	m.probe(&qc, radius, &rt, fn)
}

// SearchAll returns every match, nearest first, ties by id.
func (m *MIH) SearchAll(q Hash, radius int) []Match {
	var out []Match
	m.Search(q, radius, func(id uint64, d int) bool {
		out = append(out, Match{id, d})
		return true
	})
	sortMatches(out)
	return out
}

func sortMatches(ms []Match) {
	slices.SortFunc(ms, func(a, b Match) int {
		if c := cmp.Compare(a.Distance, b.Distance); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// searchTail scans the entries added since the last compaction.
func (m *MIH) searchTail(qc *code, radius int, fn func(uint64, int) bool) bool {
	return m.scan(qc, radius, m.frozen, len(m.codes), fn)
}

// scan compares positions [from, to) one by one.
func (m *MIH) scan(qc *code, radius, from, to int, fn func(uint64, int) bool) bool {
	codes := m.codes[from:to]
	for i := range codes {
		d := distance(qc, &codes[i])
		if d <= radius {
			p := uint32(from + i)
			if !m.isDead(p) && !fn(m.ids[p], d) {
				return false
			}
		}
	}
	return true
}

// probeCost estimates the work of a multi-index search: the buckets it
// would visit and the entries they hold, counted exactly from the tables.
// It stops counting once a scan is known to be cheaper, and checks the
// number of buckets first so that a large radius never enumerates them.
func (m *MIH) probeCost(qc *code, rt *[maxTables]int) int {
	limit := costScan * m.frozen
	cost := 0
	for t := range m.tables {
		for k := 0; k <= rt[t]; k++ {
			cost += costProbe * binom[m.tables[t].width][k]
		}
	}
	if cost > limit {
		return cost
	}
	for t := range m.tables {
		tb := &m.tables[t]
		if rt[t] < 0 {
			continue
		}
		offs := tb.offs
		per := tb.entryCost()
		v := qc.substr(tb.start, tb.width)
		k := min(rt[t], len(tb.upto)-1)
		for _, mask := range tb.masks[:tb.upto[k]] {
			b := v ^ mask
			cost += per * int(offs[b+1]-offs[b])
		}
		if rt[t] > k {
			forEachBucket(v, tb.width, k+1, rt[t], func(b uint32) bool {
				cost += per * int(offs[b+1]-offs[b])
				return cost <= limit
			})
		}
		if cost > limit {
			break // a scan wins already
		}
	}
	return cost
}

// forEachBucket calls fn with every width-bit value (width at most
// maxSubstrWidth) within Hamming distance r of v, in order of distance,
// until fn returns false; it reports whether it finished. It serves the
// weights past a table's precomputed masks.
func forEachBucket(v uint32, width, from, r int, fn func(b uint32) bool) bool {
	end := uint32(1) << width
	for k := from; k <= min(r, width); k++ {
		if k == 0 {
			if !fn(v) {
				return false
			}
			continue
		}
		for mask := uint32(1)<<k - 1; mask < end; mask = nextMask(mask) {
			if !fn(v ^ mask) {
				return false
			}
		}
	}
	return true
}

// probe visits the buckets within each table's probe radius. A candidate
// is reported by the first table in which it lies within that table's
// radius, so none is reported twice and none needs a seen-set: the check
// runs only for candidates within the search radius, which are few.
func (m *MIH) probe(qc *code, radius int, rt *[maxTables]int, fn func(uint64, int) bool) {
	for t := range m.tables {
		tb := &m.tables[t]
		r := rt[t]
		if r < 0 {
			continue
		}
		v := qc.substr(tb.start, tb.width)
		k := min(r, len(tb.upto)-1)
		if !m.probeMasks(qc, radius, t, rt, v, tb.masks[:tb.upto[k]], fn) {
			return
		}
		if r > k && !forEachBucket(v, tb.width, k+1, r, func(b uint32) bool {
			return m.probeBucket(qc, radius, t, rt, b, fn)
		}) {
			return
		}
	}
}

// probeMasks checks the buckets v^mask of table t. This is the hot loop:
// it stays free of calls and of branches that depend on loaded data until
// a candidate is within the radius, so the processor can overlap the
// memory reads of many buckets and candidates.
func (m *MIH) probeMasks(qc *code, radius, t int, rt *[maxTables]int, v uint32, masks []uint32, fn func(uint64, int) bool) bool {
	tb := &m.tables[t]
	offs, list := tb.offs, tb.list
	if tb.slots != nil {
		// Gather the buckets' slots into a local buffer first, then check
		// them: the copies have no data-dependent branches, so the reads of
		// many buckets are in flight at once instead of one after another.
		sc := scratchPool.Get().(*scratch)
		defer scratchPool.Put(sc)
		buf := sc.slots[:]
		n := 0
		slots := tb.slots
		fp := qc.fingerprint(tb.fpWord)
		for _, mask := range masks {
			b := v ^ mask
			for lo, hi := offs[b], offs[b+1]; lo < hi; {
				if n == len(buf) {
					if !m.checkSlots(qc, radius, t, rt, &fp, buf[:n], fn) {
						return false
					}
					n = 0
				}
				k := copy(buf[n:], slots[lo:hi])
				n += k
				lo += uint32(k)
			}
		}
		return m.checkSlots(qc, radius, t, rt, &fp, buf[:n], fn)
	}
	// As above: gather positions, then check their codes, so that the
	// reads of offsets, lists and codes each overlap across buckets.
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	buf := sc.pos[:]
	n := 0
	for _, mask := range masks {
		b := v ^ mask
		for lo, hi := offs[b], offs[b+1]; lo < hi; {
			if n == len(buf) {
				if !m.checkPositions(qc, radius, t, rt, buf[:n], fn) {
					return false
				}
				n = 0
			}
			k := copy(buf[n:], list[lo:hi])
			n += k
			lo += uint32(k)
		}
	}
	return m.checkPositions(qc, radius, t, rt, buf[:n], fn)
}

// checkPositions checks the codes at gathered positions of a sparse table.
func (m *MIH) checkPositions(qc *code, radius, t int, rt *[maxTables]int, ps []uint32, fn func(uint64, int) bool) bool {
	codes := m.codes
	for _, p := range ps {
		c := &codes[p]
		if d := distance(qc, c); d <= radius && !m.report(qc, c, p, d, t, rt, fn) {
			return false
		}
	}
	return true
}

// checkSlots checks gathered dense-table slots: the fingerprint first,
// then, for the few within the radius on those 96 bits, the whole code.
func (m *MIH) checkSlots(qc *code, radius, t int, rt *[maxTables]int, fp *[3]uint32, slots []slot, fn func(uint64, int) bool) bool {
	for i := range slots {
		s := &slots[i]
		if bits.OnesCount32(s.fp[0]^fp[0])+bits.OnesCount32(s.fp[1]^fp[1])+bits.OnesCount32(s.fp[2]^fp[2]) > radius {
			continue // 96 bits already differ in more places than allowed
		}
		c := &m.codes[s.pos]
		if d := distance(qc, c); d <= radius && !m.report(qc, c, s.pos, d, t, rt, fn) {
			return false
		}
	}
	return true
}

func (m *MIH) probeBucket(qc *code, radius, t int, rt *[maxTables]int, b uint32, fn func(uint64, int) bool) bool {
	tb := &m.tables[t]
	if tb.slots != nil {
		for _, s := range tb.slots[tb.offs[b]:tb.offs[b+1]] {
			c := &m.codes[s.pos]
			if d := distance(qc, c); d <= radius && !m.report(qc, c, s.pos, d, t, rt, fn) {
				return false
			}
		}
		return true
	}
	for _, p := range tb.list[tb.offs[b]:tb.offs[b+1]] {
		c := &m.codes[p]
		if d := distance(qc, c); d <= radius && !m.report(qc, c, p, d, t, rt, fn) {
			return false
		}
	}
	return true
}

// report passes a candidate within the radius to fn unless it is deleted
// or an earlier table finds it; it returns fn's answer.
func (m *MIH) report(qc, c *code, p uint32, d, t int, rt *[maxTables]int, fn func(uint64, int) bool) bool {
	if m.isDead(p) || m.foundEarlier(qc, c, t, rt) {
		return true
	}
	return fn(m.ids[p], d)
}

// foundEarlier reports whether a table before t would have found c.
func (m *MIH) foundEarlier(qc, c *code, t int, rt *[maxTables]int) bool {
	for s := range t {
		tb := &m.tables[s]
		if rt[s] >= 0 && bits.OnesCount32(qc.substr(tb.start, tb.width)^c.substr(tb.start, tb.width)) <= rt[s] {
			return true
		}
	}
	return false
}
