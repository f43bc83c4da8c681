package index_test

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/index"
)

// TestLiveMatchesBruteForce applies random updates through Live (crossing
// several automatic rebuilds) and compares every query with brute force.
func TestLiveMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	base := index.NewMIH()
	want := map[uint64]index.Hash{}
	hashes := dataset(rng, 3000, true)
	for i, h := range hashes[:2000] {
		base.Add(uint64(i), h)
		want[uint64(i)] = h
	}
	l := index.NewLive(base, 100)
	for step := range 600 {
		id := uint64(rng.IntN(3000))
		if rng.IntN(3) == 0 {
			l.Delete(id)
			delete(want, id)
		} else {
			h := flip(rng, hashes[id], rng.IntN(4))
			l.Add(id, h)
			want[id] = h
		}
		if step%50 == 0 {
			if l.Len() != len(want) {
				t.Fatalf("step %d: Len %d, want %d", step, l.Len(), len(want))
			}
			q := flip(rng, hashes[rng.IntN(3000)], 5)
			for _, r := range []int{0, 16, 31, 64} {
				if diff := cmp.Diff(brute(want, q, r), orEmpty(l.SearchAll(q, r))); diff != "" {
					t.Fatalf("step %d radius %d (-brute +live):\n%s", step, r, diff)
				}
			}
		}
	}
	if diff := cmp.Diff(want, entriesOf(l.Snapshot())); diff != "" {
		t.Errorf("snapshot differs:\n%s", diff)
	}
	l.Swap(index.NewMIH())
	if l.Len() != 0 {
		t.Errorf("after Swap, Len %d", l.Len())
	}
}

// TestLiveConcurrent runs queries while writers update and rebuild; with
// -race it checks that readers never touch what writers change. Every id
// always maps to the same hash, so a query must always find the fixed set.
func TestLiveConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	hashes := dataset(rng, 2000, false)
	base := index.NewMIH()
	for i, h := range hashes[:1000] {
		base.Add(uint64(i), h)
	}
	l := index.NewLive(base, 64)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 9))
			for !stop.Load() {
				id := uint64(500 + r.IntN(1500)) // ids below 500 stay put
				if r.IntN(2) == 0 {
					l.Delete(id)
				} else {
					l.Add(id, hashes[id])
				}
			}
		})
	}
	for i := range 300 {
		id := uint64(i % 500)
		got := l.SearchAll(hashes[id], 0)
		found := false
		for _, m := range got {
			found = found || m.ID == id
		}
		if !found {
			t.Fatalf("query %d: id %d missing from %v", i, id, got)
		}
	}
	stop.Store(true)
	wg.Wait()
}

func TestExact(t *testing.T) {
	x := index.NewExact[[16]byte]()
	a, b := [16]byte{1}, [16]byte{2}
	x.Add(10, a)
	x.Add(11, a)
	x.Add(12, b)
	x.Add(12, a) // replaces b
	for _, tc := range []struct {
		key  [16]byte
		want []uint64
	}{{a, []uint64{10, 11, 12}}, {b, nil}} {
		if diff := cmp.Diff(tc.want, x.Lookup(tc.key)); diff != "" {
			t.Errorf("Lookup(%x): %s", tc.key, diff)
		}
	}
	if !x.Delete(11) || x.Delete(11) {
		t.Error("Delete(11) should succeed once")
	}
	if diff := cmp.Diff([]uint64{10, 12}, x.Lookup(a)); diff != "" {
		t.Error(diff)
	}
	if x.Len() != 2 {
		t.Errorf("Len %d", x.Len())
	}
}
