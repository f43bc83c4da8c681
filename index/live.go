package index

import (
	"sync"
	"sync/atomic"
)

// Entry is one id and its code.
type Entry struct {
	ID   uint64
	Hash Hash
}

// DefaultMaxDelta is how many updates Live collects before it rebuilds its
// snapshot.
const DefaultMaxDelta = 16384

// view is what a query reads: an MIH that is never modified once
// published, plus the updates since it was built. A view is immutable.
type view struct {
	base *MIH
	adds []Entry             // current code of ids added or replaced since base
	gone map[uint64]struct{} // ids whose base entry is deleted or replaced
}

// Live serves queries from an immutable snapshot while accepting updates.
// Queries load the current view with one atomic read and never wait for a
// writer or a rebuild. Writers serialise on a mutex and publish a new view
// (copying the delta, which stays below MaxDelta entries); when the delta
// grows past MaxDelta the writer rebuilds the snapshot, so that writer
// waits, but queries keep using the previous view meanwhile.
type Live struct {
	mu       sync.Mutex
	cur      atomic.Pointer[view]
	maxDelta int
}

// NewLive wraps base, which the caller must not modify afterwards. A
// maxDelta of 0 means DefaultMaxDelta.
func NewLive(base *MIH, maxDelta int) *Live {
	if base == nil {
		base = NewMIH()
	}
	base.Compact()
	if maxDelta <= 0 {
		maxDelta = DefaultMaxDelta
	}
	l := &Live{maxDelta: maxDelta}
	l.cur.Store(&view{base: base, gone: map[uint64]struct{}{}})
	return l
}

// Swap replaces the whole index with base (for example a bank reloaded
// from disk), dropping the delta. The caller must not modify base
// afterwards.
func (l *Live) Swap(base *MIH) {
	base.Compact()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cur.Store(&view{base: base, gone: map[uint64]struct{}{}})
}

// Add indexes h under id, replacing the code id had.
func (l *Live) Add(id uint64, h Hash) { l.Update([]Entry{{id, h}}, nil) }

// Delete removes id.
func (l *Live) Delete(id uint64) { l.Update(nil, []uint64{id}) }

// Update applies deletes, then adds, as one step: a query sees all of it
// or none of it.
func (l *Live) Update(adds []Entry, deletes []uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	old := l.cur.Load()
	drop := make(map[uint64]struct{}, len(adds)+len(deletes))
	for _, id := range deletes {
		drop[id] = struct{}{}
	}
	for _, e := range adds {
		drop[e.ID] = struct{}{}
	}
	nv := &view{base: old.base, gone: make(map[uint64]struct{}, len(old.gone)+len(drop))}
	for id := range old.gone {
		nv.gone[id] = struct{}{}
	}
	for id := range drop {
		if _, ok := old.base.lookup(id); ok {
			nv.gone[id] = struct{}{}
		}
	}
	nv.adds = make([]Entry, 0, len(old.adds)+len(adds))
	for _, e := range old.adds {
		if _, ok := drop[e.ID]; !ok {
			nv.adds = append(nv.adds, e)
		}
	}
	// The last add of an id in one batch wins.
	last := make(map[uint64]int, len(adds))
	for i, e := range adds {
		last[e.ID] = i
	}
	for i, e := range adds {
		if last[e.ID] == i {
			nv.adds = append(nv.adds, e)
		}
	}
	if len(nv.adds)+len(nv.gone) > l.maxDelta {
		nv = rebuild(nv)
	}
	l.cur.Store(nv)
}

// rebuild folds a view's delta into a new base. The old base is read, not
// modified: queries may still be using it.
func rebuild(v *view) *view {
	m := NewMIH()
	v.base.All(func(id uint64, h Hash) bool {
		if _, gone := v.gone[id]; !gone {
			m.codes = append(m.codes, toCode(h))
			m.ids = append(m.ids, id)
		}
		return true
	})
	for _, e := range v.adds {
		m.codes = append(m.codes, toCode(e.Hash))
		m.ids = append(m.ids, e.ID)
	}
	m.dead = make([]uint64, (len(m.codes)+63)/64)
	m.buildTables()
	return &view{base: m, gone: map[uint64]struct{}{}}
}

// Len returns the number of entries.
func (l *Live) Len() int {
	v := l.cur.Load()
	return v.base.Len() - len(v.gone) + len(v.adds)
}

// Search calls fn for every entry within radius of q until fn returns
// false, reading one consistent view.
func (l *Live) Search(q Hash, radius int, fn func(id uint64, dist int) bool) {
	v := l.cur.Load()
	goOn := true
	v.base.Search(q, radius, func(id uint64, d int) bool {
		if _, gone := v.gone[id]; gone {
			return true
		}
		goOn = fn(id, d)
		return goOn
	})
	if !goOn || radius < 0 {
		return
	}
	qc := toCode(q)
	for i := range v.adds {
		c := toCode(v.adds[i].Hash)
		if d := distance(&qc, &c); d <= radius && !fn(v.adds[i].ID, d) {
			return
		}
	}
}

// SearchAll returns every match, nearest first, ties by id.
func (l *Live) SearchAll(q Hash, radius int) []Match {
	var out []Match
	l.Search(q, radius, func(id uint64, d int) bool {
		out = append(out, Match{id, d})
		return true
	})
	sortMatches(out)
	return out
}

// Snapshot returns an MIH holding the current entries, for saving. It is
// a new index; the caller may modify it.
func (l *Live) Snapshot() *MIH {
	return rebuild(l.cur.Load()).base
}
