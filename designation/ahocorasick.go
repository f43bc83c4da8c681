package designation

import "slices"

// automaton is an Aho-Corasick multi-pattern matcher over runes, compiled to
// a dense deterministic automaton (A. V. Aho and M. J. Corasick, "Efficient
// string matching: an aid to bibliographic search", CACM 18(6), 1975: the
// goto function with failure links folded into a full transition table).
// Runes are first mapped to a small alphabet of the runes that occur in some
// pattern; every other rune is class 0 and sends the automaton to the root,
// so a scan costs one table lookup per rune whatever the number of patterns.
//
// The scan is bound by the latency of that lookup (each depends on the one
// before), so the table is laid out for the cache and the dependency chain
// is kept short:
//   - states are numbered breadth first, so the shallow states that most
//     text keeps returning to share a few kilobytes of rows;
//   - a transition holds the offset of the target's row (target state times
//     the number of classes), shifted left by one, so the next lookup is an
//     add, not a multiply: 5-10% faster on mixed posts than 16-bit
//     state numbers, though it doubles the table (2.4 MB for the shipped
//     registry; a layout with full rows only for shallow states and short
//     exception lists for deep ones was smaller but slower, the extra
//     indirection costing more than the cache misses it saved);
//   - the low bit is set when a pattern ends at the target or at one of its
//     suffix states, so the output arrays are read only where something
//     ends.
type automaton struct {
	nclass  int32
	low     [0x800]uint16 // class of runes below U+0800 (Latin, Greek, Cyrillic, Arabic)
	high    map[rune]uint16
	next    []uint32 // next[state*nclass+class] = target*nclass<<1 | hasOutput
	term    []int32  // pattern ending at state, or -1
	outLink []int32  // nearest proper suffix state that ends a pattern, or -1
	lens    []int32  // length in runes of each pattern
}

// maxTable is the most entries the transition table may have: a row offset
// shifted left by one must fit in 32 bits.
const maxTable = 1 << 31

// acHit is a pattern that ends at key position End (exclusive).
type acHit struct {
	pat int32
	end int32
}

// newAutomaton compiles patterns; pattern i is reported as i. Patterns must
// be distinct and non-empty.
//
// The trie keeps each state's children in a linked list rather than a map:
// the ten thousand small maps of the shipped registry had cost about a third
// of `rampart match`'s start-up.
func newAutomaton(patterns [][]rune) *automaton {
	a := &automaton{high: map[rune]uint16{}}
	// Classes are numbered in order of first appearance, from 1.
	nclass := uint16(1)
	for _, p := range patterns {
		for _, r := range p {
			if a.class(r) == 0 {
				if r < 0x800 {
					a.low[r] = nclass
				} else {
					a.high[r] = nclass
				}
				nclass++
			}
		}
	}
	a.nclass = int32(nclass)
	nc := a.nclass

	// Trie in insertion numbering, children as linked lists: first[s] is
	// a child of s (or -1), sib[x] the next child of x's parent, edge[x]
	// the class on the edge into x.
	first, sib, edge := []int32{-1}, []int32{-1}, []uint16{0}
	termIns := []int32{-1}
	a.lens = make([]int32, len(patterns))
	for pi, p := range patterns {
		s := int32(0)
		for _, r := range p {
			c := a.class(r)
			x := first[s]
			for x >= 0 && edge[x] != c {
				x = sib[x]
			}
			if x < 0 {
				x = int32(len(termIns))
				first, sib, edge = append(first, -1), append(sib, first[s]), append(edge, c)
				termIns = append(termIns, -1)
				first[s] = x
			}
			s = x
		}
		termIns[s] = int32(pi)
		a.lens[pi] = int32(len(p))
	}
	n := len(termIns)

	// Breadth-first numbering: id[insertion state] = BFS position. Children
	// are visited in class order.
	id := make([]int32, n)
	order := make([]int32, 0, n)
	order = append(order, 0)
	var kids []int32
	for q := 0; q < len(order); q++ {
		kids = kids[:0]
		for x := first[order[q]]; x >= 0; x = sib[x] {
			kids = append(kids, x)
		}
		slices.SortFunc(kids, func(x, y int32) int { return int(edge[x]) - int(edge[y]) })
		for _, x := range kids {
			id[x] = int32(len(order))
			order = append(order, x)
		}
	}

	// Failure links and the full transition table, in BFS numbering. A
	// state's row is its failure state's row with its own children written
	// over it; the failure state is shallower, so its row is complete
	// first, and so are the output links of every state a row points to.
	a.next = make([]uint32, n*int(nc))
	fail := make([]int32, n)
	a.term = make([]int32, n)
	a.outLink = make([]int32, n)
	for i, s := range order {
		a.term[i] = termIns[s]
	}
	a.outLink[0] = -1
	for i, s := range order {
		base := int32(i) * nc
		fbase := fail[i] * nc
		if i > 0 {
			copy(a.next[base:base+nc], a.next[fbase:fbase+nc])
		}
		for x := first[s]; x >= 0; x = sib[x] {
			c := int32(edge[x])
			ci := id[x]
			if i == 0 {
				a.outLink[ci] = -1
			} else {
				f := int32(a.next[fbase+c]>>1) / nc
				fail[ci] = f
				if a.term[f] >= 0 {
					a.outLink[ci] = f
				} else {
					a.outLink[ci] = a.outLink[f]
				}
			}
			v := uint32(ci) * uint32(nc) << 1
			if a.term[ci] >= 0 || a.outLink[ci] >= 0 {
				v |= 1
			}
			a.next[base+c] = v
		}
	}
	return a
}

// class returns the alphabet class of r: 0 for a rune in no pattern.
func (a *automaton) class(r rune) uint16 {
	if uint32(r) < uint32(len(a.low)) {
		return a.low[r]
	}
	return a.high[r]
}

// tableSize is the number of transition table entries newAutomaton would
// make for patterns: an upper bound on states (one per pattern rune, plus
// the root) times the classes (distinct runes, plus class 0).
func tableSize(patterns [][]rune) int {
	states, runes := 1, map[rune]bool{}
	for _, p := range patterns {
		states += len(p)
		for _, r := range p {
			runes[r] = true
		}
	}
	return states * (len(runes) + 1)
}

// scan appends every pattern occurrence in text to hits, in order of end.
func (a *automaton) scan(text []rune, hits []acHit) []acHit {
	low := &a.low
	hasHigh := len(a.high) > 0
	next := a.next
	nc := uint32(a.nclass)
	var off uint32 // row offset of the current state
	for i, r := range text {
		var c uint32
		if uint32(r) < uint32(len(low)) {
			c = uint32(low[r])
		} else if hasHigh {
			c = uint32(a.high[r])
		}
		v := next[off+c]
		off = v >> 1
		if v&1 == 0 {
			continue
		}
		for o := int32(off / nc); o > 0; o = a.outLink[o] {
			if a.term[o] >= 0 {
				hits = append(hits, acHit{pat: a.term[o], end: int32(i + 1)})
			}
			if a.outLink[o] < 0 {
				break
			}
		}
	}
	return hits
}
