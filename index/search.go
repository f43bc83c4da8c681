package index

import (
	"cmp"
	"math/bits"
	"slices"
	"sync"
)

// masksByWeight lists the 16-bit masks of each popcount, so a probe of
// radius r enumerates weights 0..r in order.
var masksByWeight = sync.OnceValue(func() [17][]uint16 {
	var m [17][]uint16
	for v := range numBuckets {
		w := bits.OnesCount16(uint16(v))
		m[w] = append(m[w], uint16(v))
	}
	return m
})

// probeRadii returns the radius to probe in each table for a search of
// radius r (Norouzi et al.'s pigeonhole bound): r = 16q + a puts q on
// tables 0..a and q-1 on the others; -1 means the table is not probed.
func probeRadii(r int) [numTables]int {
	q, a := r/numTables, r%numTables
	var pr [numTables]int
	for t := range pr {
		pr[t] = q - 1
		if t <= a {
			pr[t] = q
		}
	}
	return pr
}

// Costs, in rough nanoseconds, that decide between probing and scanning.
const (
	costCandidate = 6 // fetch a code at a random position and compare it
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
	if radius/numTables > 16 || m.probeCost(&qc, radius) > costScan*m.frozen {
		m.scan(&qc, radius, 0, m.frozen, fn)
		return
	}
	m.probe(&qc, radius, fn)
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
func (m *MIH) probeCost(qc *code, radius int) int {
	masks := masksByWeight()
	pr := probeRadii(radius)
	cost := 0
	for t, r := range pr {
		offs := m.offs[t]
		v := qc.chunk(t)
		for w := 0; w <= r; w++ {
			cost += costProbe * len(masks[w])
			for _, mask := range masks[w] {
				b := v ^ mask
				cost += costCandidate * int(offs[int(b)+1]-offs[b])
			}
		}
		if cost > costScan*m.frozen {
			break // a scan wins already
		}
	}
	return cost
}

// probe visits the buckets within each table's probe radius. A candidate
// is reported by the first table in which it lies within that table's
// radius, so none is reported twice and none needs a seen-set.
func (m *MIH) probe(qc *code, radius int, fn func(uint64, int) bool) {
	masks := masksByWeight()
	pr := probeRadii(radius)
	for t, r := range pr {
		offs, list := m.offs[t], m.list[t]
		v := qc.chunk(t)
		for w := 0; w <= r; w++ {
			for _, mask := range masks[w] {
				b := v ^ mask
				for _, p := range list[offs[b]:offs[int(b)+1]] {
					c := &m.codes[p]
					d := distance(qc, c)
					if d > radius || m.isDead(p) || foundEarlier(qc, c, t, &pr) {
						continue
					}
					if !fn(m.ids[p], d) {
						return
					}
				}
			}
		}
	}
}

// foundEarlier reports whether a table before t would have found c.
func foundEarlier(qc, c *code, t int, pr *[numTables]int) bool {
	for s := range t {
		if pr[s] >= 0 && bits.OnesCount16(qc.chunk(s)^c.chunk(s)) <= pr[s] {
			return true
		}
	}
	return false
}
