package designation

// automaton is an Aho-Corasick multi-pattern matcher over runes, compiled to
// a dense deterministic automaton (A. V. Aho and M. J. Corasick, "Efficient
// string matching: an aid to bibliographic search", CACM 18(6), 1975: the
// goto function with failure links folded into a full transition table).
// Runes are first mapped to a small alphabet of the runes that occur in some
// pattern; every other rune is class 0 and sends the automaton to the root,
// so a scan costs one table lookup per rune whatever the number of patterns.
type automaton struct {
	nclass  int32
	low     [0x800]uint16 // class of runes below U+0800 (Latin, Greek, Cyrillic, Arabic)
	high    map[rune]uint16
	next    []int32 // next[state*nclass+class]
	term    []int32 // pattern ending at state, or -1
	outLink []int32 // nearest proper suffix state that ends a pattern, or -1
	lens    []int32 // length in runes of each pattern
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

	// Trie with sparse children, then a breadth-first pass for failure links.
	children := []map[uint16]int32{{}}
	a.term = []int32{-1}
	a.lens = make([]int32, len(patterns))
	for pi, p := range patterns {
		s := int32(0)
		for _, r := range p {
			c := classes[r]
			nx, ok := children[s][c]
			if !ok {
				nx = int32(len(children))
				children = append(children, map[uint16]int32{})
				a.term = append(a.term, -1)
				children[s][c] = nx
			}
			s = nx
		}
		a.term[s] = int32(pi)
		a.lens[pi] = int32(len(p))
	}
	n := len(children)
	a.next = make([]int32, n*int(a.nclass))
	a.outLink = make([]int32, n)
	fail := make([]int32, n)
	a.outLink[0] = -1
	queue := make([]int32, 0, n)
	for c, child := range children[0] {
		a.next[int32(c)] = child
		fail[child] = 0
		a.outLink[child] = -1
		queue = append(queue, child)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		base := s * a.nclass
		fbase := fail[s] * a.nclass
		for c := int32(0); c < a.nclass; c++ {
			if child, ok := children[s][uint16(c)]; ok && c != 0 {
				f := a.next[fbase+c]
				fail[child] = f
				if a.term[f] >= 0 {
					a.outLink[child] = f
				} else {
					a.outLink[child] = a.outLink[f]
				}
				a.next[base+c] = child
				queue = append(queue, child)
			} else {
				a.next[base+c] = a.next[fbase+c]
			}
		}
	}
	return a
}

func (a *automaton) class(r rune) int32 {
	if r < 0x800 {
		return int32(a.low[r])
	}
	return int32(a.high[r])
}

// scan appends every pattern occurrence in text to hits, in order of end.
func (a *automaton) scan(text []rune, hits []acHit) []acHit {
	s := int32(0)
	for i, r := range text {
		var c int32
		if r >= 0 && r < 0x800 {
			c = int32(a.low[r])
		} else if len(a.high) > 0 {
			c = int32(a.high[r])
		}
		s = a.next[s*a.nclass+c]
		for o := s; o > 0; o = a.outLink[o] {
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
