package index

import (
	"slices"
	"sync"
)

// Exact indexes exact keys (an MD5 as [16]byte, a SHA-256 as [32]byte, a
// normalised URL as string) under caller-chosen uint64 ids, one key per
// id, several ids per key. It is safe for concurrent use.
type Exact[K comparable] struct {
	mu    sync.RWMutex
	byKey map[K][]uint64
	byID  map[uint64]K
}

// NewExact returns an empty exact index.
func NewExact[K comparable]() *Exact[K] {
	return &Exact[K]{byKey: map[K][]uint64{}, byID: map[uint64]K{}}
}

// Add indexes k under id, replacing the key id had.
func (x *Exact[K]) Add(id uint64, k K) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.remove(id)
	x.byID[id] = k
	x.byKey[k] = append(x.byKey[k], id)
}

// Delete removes id; it reports whether id was present.
func (x *Exact[K]) Delete(id uint64) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.remove(id)
}

func (x *Exact[K]) remove(id uint64) bool {
	k, ok := x.byID[id]
	if !ok {
		return false
	}
	delete(x.byID, id)
	ids := slices.DeleteFunc(x.byKey[k], func(v uint64) bool { return v == id })
	if len(ids) == 0 {
		delete(x.byKey, k)
	} else {
		x.byKey[k] = ids
	}
	return true
}

// Lookup returns the ids indexed under k, in increasing order.
func (x *Exact[K]) Lookup(k K) []uint64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	ids := slices.Clone(x.byKey[k])
	slices.Sort(ids)
	return ids
}

// Len returns the number of ids.
func (x *Exact[K]) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byID)
}
