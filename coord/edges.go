package coord

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
)

// edgeAcc accumulates one account pair's co-shares.
type edgeAcc struct {
	a, b     uint32
	objects  [nLayers]int32
	messages [nLayers]int32
	first    int64
	last     int64
	chance   float64 // expected co-share pairs under the null model
}

const (
	edgeSize = 80 // bytes of an edgeAcc in memory and on disk
	// edgeMemSize is an edge's cost in the in-memory table: the record
	// plus its map entry (key, value and Swiss-table overhead, measured
	// roughly as 24 bytes).
	edgeMemSize = edgeSize + 24
)

func putEdge(b []byte, e edgeAcc) {
	binary.LittleEndian.PutUint32(b[0:], e.a)
	binary.LittleEndian.PutUint32(b[4:], e.b)
	for l := range nLayers {
		binary.LittleEndian.PutUint32(b[8+4*l:], uint32(e.objects[l]))
		binary.LittleEndian.PutUint32(b[32+4*l:], uint32(e.messages[l]))
	}
	binary.LittleEndian.PutUint64(b[56:], uint64(e.first))
	binary.LittleEndian.PutUint64(b[64:], uint64(e.last))
	binary.LittleEndian.PutUint64(b[72:], math.Float64bits(e.chance))
}

func getEdge(b []byte) edgeAcc {
	e := edgeAcc{a: binary.LittleEndian.Uint32(b[0:]), b: binary.LittleEndian.Uint32(b[4:])}
	for l := range nLayers {
		e.objects[l] = int32(binary.LittleEndian.Uint32(b[8+4*l:]))
		e.messages[l] = int32(binary.LittleEndian.Uint32(b[32+4*l:]))
	}
	e.first = int64(binary.LittleEndian.Uint64(b[56:]))
	e.last = int64(binary.LittleEndian.Uint64(b[64:]))
	e.chance = math.Float64frombits(binary.LittleEndian.Uint64(b[72:]))
	return e
}

func cmpEdge(x, y edgeAcc) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) }

// edgeTable accumulates edges in a hash table up to a byte budget; when the
// table is full its edges are sorted and written as one run of an external
// sort, and the table starts empty. At the end the runs are merged and
// partial edges of one account pair are added together, so the result is
// the same as with unlimited memory (up to the order of floating-point
// additions in Expected).
type edgeTable struct {
	budget int64
	idx    map[uint64]int32
	list   []edgeAcc
	runs   extSorter[edgeAcc]
}

func newEdgeTable(budget int64, dir string) edgeTable {
	return edgeTable{budget: budget, idx: map[uint64]int32{},
		runs: extSorter[edgeAcc]{budget: budget, size: edgeSize, cmp: cmpEdge, put: putEdge, get: getEdge, dir: dir}}
}

// get returns the accumulator of the pair (a, c), creating it. The pointer
// is valid until the next get.
func (t *edgeTable) get(a, c uint32) (*edgeAcc, error) {
	k := pairKey(a, c)
	i, ok := t.idx[k]
	if !ok {
		if int64(len(t.list)+1)*edgeMemSize > t.budget && len(t.list) > 0 {
			if err := t.runs.addRun(t.list); err != nil {
				return nil, err
			}
			t.list = t.list[:0]
			clear(t.idx)
		}
		i = int32(len(t.list))
		t.idx[k] = i
		t.list = append(t.list, edgeAcc{a: uint32(k >> 32), b: uint32(k), first: math.MaxInt64, last: math.MinInt64})
	}
	return &t.list[i], nil
}

func (t *edgeTable) spilled() bool { return t.runs.spilled() }

// finish calls keep with every complete edge in (a, b) order and returns
// how many there were.
func (t *edgeTable) finish(keep func(e *edgeAcc)) (int, error) {
	defer t.runs.close()
	if !t.runs.spilled() {
		slices.SortFunc(t.list, cmpEdge)
		for i := range t.list {
			keep(&t.list[i])
		}
		n := len(t.list)
		t.list, t.idx = nil, nil
		return n, nil
	}
	if err := t.runs.addRun(t.list); err != nil {
		return 0, err
	}
	t.list, t.idx = nil, nil
	var cur edgeAcc
	n := 0
	err := t.runs.each(func(e edgeAcc) error {
		if n > 0 && e.a == cur.a && e.b == cur.b {
			for l := range nLayers {
				cur.objects[l] += e.objects[l]
				cur.messages[l] += e.messages[l]
			}
			cur.first, cur.last = min(cur.first, e.first), max(cur.last, e.last)
			cur.chance += e.chance
			return nil
		}
		if n > 0 {
			keep(&cur)
		}
		cur = e
		n++
		return nil
	})
	if err != nil {
		return 0, err
	}
	if n > 0 {
		keep(&cur)
	}
	return n, nil
}
