package designation

// automaton is an Aho-Corasick multi-pattern matcher over runes, compiled to
// a dense deterministic automaton (A. V. Aho and M. J. Corasick, "Efficient
// string matching: an aid to bibliographic search", CACM 18(6), 1975: the
// goto function with failure links folded into a full transition table).
// Runes are first mapped to a small alphabet of the runes that occur in some
// pattern; every other rune is class 0 and sends the automaton to the root,
// so a scan costs one table lookup per rune whatever the number of patterns.
//
// The scan is bound by the latency of that lookup (each depends on the one
// before), so the table is laid out for the cache:
//   - states are numbered breadth first, so the shallow states that most
//     text keeps returning to share a few kilobytes of rows;
//   - a transition is 16 bits when there are fewer than 2^15 states (a few
//     thousand aliases), else 32;
//   - it holds the target state shifted left by one, with the low bit set
//     when a pattern ends at the target or at one of its suffix states, so
//     the output arrays are read only where something ends.
type automaton struct {
	nclass  int32
	low     [0x800]uint16 // class of runes below U+0800 (Latin, Greek, Cyrillic, Arabic)
	high    map[rune]uint16
	next16  []uint16 // next[state*nclass+class] = target<<1 | hasOutput, when states < 1<<15
	next32  []uint32 // the same, otherwise
	term    []int32  // pattern ending at state, or -1
	outLink []int32  // nearest proper suffix state that ends a pattern, or -1
	lens    []int32  // length in runes of each pattern
}

// acHit is a pattern that ends at key position End (exclusive).
type acHit struct {
	pat int32
	end int32
}

// newAutomaton compiles patterns; pattern i is reported as i. Patterns must
// be distinct and non-empty.
func newAutomaton(patterns [][]rune) *automaton {
	a := &automaton{high: map[rune]uint16{}}
	classes := map[rune]uint16{}
	for _, p := range patterns {
		for _, r := range p {
			if _, ok := classes[r]; !ok {
				classes[r] = uint16(len(classes) + 1)
			}
		}
	}
	for r, c := range classes {
		if r < 0x800 {
			a.low[r] = c
		} else {
			a.high[r] = c
		}
	}
	a.nclass = int32(len(classes) + 1)
	nc := a.nclass

	// Trie with sparse children, in insertion order.
	children := []map[uint16]int32{{}}
	termIns := []int32{-1}
	a.lens = make([]int32, len(patterns))
	for pi, p := range patterns {
		s := int32(0)
		for _, r := range p {
			c := classes[r]
			nx, ok := children[s][c]
			if !ok {
				nx = int32(len(children))
				children = append(children, map[uint16]int32{})
				termIns = append(termIns, -1)
				children[s][c] = nx
			}
			s = nx
		}
		termIns[s] = int32(pi)
		a.lens[pi] = int32(len(p))
	}
	n := len(children)

	// Breadth-first numbering: id[insertion state] = BFS position. Children
	// are visited in class order so the numbering does not depend on map
	// iteration.
	id := make([]int32, n)
	order := make([]int32, 0, n)
	order = append(order, 0)
	for q := 0; q < len(order); q++ {
		s := order[q]
		for c := uint16(1); c < uint16(nc); c++ {
			if child, ok := children[s][c]; ok {
				id[child] = int32(len(order))
				order = append(order, child)
			}
		}
	}

	// Failure links and the full transition table, in BFS numbering; a
	// state's failure target is shallower, so its row is complete first.
	next := make([]int32, n*int(nc))
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
		for c := int32(1); c < nc; c++ {
			child, ok := children[s][uint16(c)]
			if !ok {
				if i > 0 {
					next[base+c] = next[fbase+c]
				}
				continue
			}
			ci := id[child]
			next[base+c] = ci
			if i == 0 {
				fail[ci] = 0
				a.outLink[ci] = -1
				continue
			}
			f := next[fbase+c]
			fail[ci] = f
			if a.term[f] >= 0 {
				a.outLink[ci] = f
			} else {
				a.outLink[ci] = a.outLink[f]
			}
		}
	}
	enc := func(i int) uint32 {
		target := next[i]
		v := uint32(target) << 1
		if a.term[target] >= 0 || a.outLink[target] >= 0 {
			v |= 1
		}
		return v
	}
	if n < 1<<15 {
		a.next16 = make([]uint16, len(next))
		for i := range next {
			a.next16[i] = uint16(enc(i))
		}
	} else {
		a.next32 = make([]uint32, len(next))
		for i := range next {
			a.next32[i] = enc(i)
		}
	}
	return a
}

// scan appends every pattern occurrence in text to hits, in order of end.
func (a *automaton) scan(text []rune, hits []acHit) []acHit {
	if a.next16 != nil {
		return scanTable(a, a.next16, text, hits)
	}
	return scanTable(a, a.next32, text, hits)
}

func scanTable[T uint16 | uint32](a *automaton, next []T, text []rune, hits []acHit) []acHit {
	low := &a.low
	hasHigh := len(a.high) > 0
	nc := int(a.nclass)
	s := 0
	for i, r := range text {
		var c int
		if uint32(r) < uint32(len(low)) {
			c = int(low[r])
		} else if hasHigh {
			c = int(a.high[r])
		}
		v := next[s*nc+c]
		s = int(v >> 1)
		if v&1 == 0 {
			continue
		}
		for o := int32(s); o > 0; o = a.outLink[o] {
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
