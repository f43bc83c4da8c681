package bank

import (
	"hash/maphash"
	"slices"

	"github.com/rampart-tt/rampart"
)

// Repeated ids and values within one import are rare (ReadCSV and
// ReadJSONL reject them), yet checking for them with maps of every id and
// every value cost about a second per million entries, mostly cache misses
// in maps far larger than the cache. The checks below first sort 64-bit
// hashes, which reads memory in order; only when two hashes are equal (a
// repeat, or a hash collision) do they fall back to the exact map-based
// rules, so every answer and error is the one the maps give.

// lastIndexes returns, for each entry, the index of the last entry with
// the same id (an id given twice takes its last row).
func lastIndexes(entries []Entry) []int {
	lastOf := make([]int, len(entries))
	for i := range lastOf {
		lastOf[i] = i
	}
	seed := maphash.MakeSeed()
	if !hashesRepeat(len(entries), func(i int) uint64 { return maphash.String(seed, entries[i].ID) }) {
		return lastOf
	}
	last := make(map[string]int, len(entries))
	for i, e := range entries {
		last[e.ID] = i
	}
	for i, e := range entries {
		lastOf[i] = last[e.ID]
	}
	return lastOf
}

// checkValues reports a value given to two different ids of the import
// (counting each id at its last row) as a conflict naming both.
func checkValues(entries []Entry, lastOf []int) error {
	seed := maphash.MakeSeed()
	kept := make([]int, 0, len(entries))
	for i := range entries {
		if lastOf[i] == i {
			kept = append(kept, i)
		}
	}
	if !hashesRepeat(len(kept), func(k int) uint64 {
		return valueHash(seed, &entries[kept[k]])
	}) {
		return nil
	}
	owner := make(map[valueKey]string, len(kept))
	for _, i := range kept {
		e := &entries[i]
		k := valueKey{e.Type, e.Value}
		if id, ok := owner[k]; ok {
			return rampart.Errorf(rampart.ECONFLICT, "entry %s: its %s value is also given to entry %s in this import", e.ID, e.Type, id)
		}
		owner[k] = e.ID
	}
	return nil
}

// valueHash hashes an entry's (type, value) pair, the key of valueKey.
func valueHash(seed maphash.Seed, e *Entry) uint64 {
	return maphash.String(seed, string(e.Type))*0x9e3779b97f4a7c15 ^ maphash.String(seed, e.Value)
}

// hashesRepeat reports whether two of hash(0), ..., hash(n-1) are equal.
func hashesRepeat(n int, hash func(int) uint64) bool {
	hs := make([]uint64, n)
	for i := range hs {
		hs[i] = hash(i)
	}
	slices.Sort(hs)
	for i := 1; i < len(hs); i++ {
		if hs[i] == hs[i-1] {
			return true
		}
	}
	return false
}
