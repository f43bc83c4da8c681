package index_test

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/index"
)

// TestAddBatchMatchesAdd checks that a batch loaded into an empty index
// (which takes the bulk path when it is large and has no repeated id)
// answers exactly as the same entries added one at a time, and that a
// repeated id in a batch still ends with its last code.
func TestAddBatchMatchesAdd(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		order   string // ascending, shuffled
		repeats int    // ids given a second, later code
	}{
		{"small ascending", 1000, "ascending", 0},
		{"bulk ascending", 20_000, "ascending", 0},
		{"bulk shuffled", 20_000, "shuffled", 0},
		{"bulk with repeats", 20_000, "shuffled", 50},
		{"tables built in parallel", 70_000, "ascending", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tc.n), uint64(tc.repeats)))
			hs := dataset(rng, tc.n, true)
			entries := make([]index.Entry, tc.n)
			for i, h := range hs {
				entries[i] = index.Entry{ID: uint64(i)*3 + 1, Hash: h}
			}
			if tc.order == "shuffled" {
				rng.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
			}
			want := map[uint64]index.Hash{}
			for _, e := range entries {
				want[e.ID] = e.Hash
			}
			for i := range tc.repeats {
				e := index.Entry{ID: entries[i*7].ID, Hash: randHash(rng)}
				entries = append(entries, e)
				want[e.ID] = e.Hash
			}
			batch := index.NewMIH()
			batch.AddBatch(entries)
			single := index.NewMIH()
			for _, e := range entries {
				single.Add(e.ID, e.Hash)
			}
			single.Compact()
			if batch.Len() != len(want) {
				t.Fatalf("Len = %d, want %d", batch.Len(), len(want))
			}
			for id, h := range want {
				if got, ok := batch.Get(id); !ok || got != h {
					t.Fatalf("Get(%d) = %x, %v; want %x", id, got, ok, h)
				}
			}
			for i := range 40 {
				q := flip(rng, hs[rng.IntN(len(hs))], rng.IntN(24))
				if i%4 == 0 {
					q = randHash(rng)
				}
				for _, r := range []int{0, 8, 31, 48} {
					ref := brute(want, q, r)
					if diff := cmp.Diff(ref, orEmpty(batch.SearchAll(q, r))); diff != "" {
						t.Fatalf("batch radius %d (-brute +batch):\n%s", r, diff)
					}
					if diff := cmp.Diff(ref, orEmpty(single.SearchAll(q, r))); diff != "" {
						t.Fatalf("one by one radius %d (-brute +single):\n%s", r, diff)
					}
				}
			}
		})
	}
}
