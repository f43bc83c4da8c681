package index_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/index"
)

// TestLayoutsMatchBruteForce checks exactness for the table layouts large
// indexes use (sparse: 11 tables of 23-24 bits at 10M entries, 13 of 19-20
// bits at 2M; dense: 16 tables of 16 bits with fingerprints), and some
// never chosen, forced onto small data and always probed, at every radius from 0 to
// 64 and at 100, with deletes, replacements and an uncompacted tail.
func TestLayoutsMatchBruteForce(t *testing.T) {
	for _, layout := range []struct {
		tables int
		dense  bool
	}{{11, false}, {13, false}, {16, false}, {16, true}, {12, true}} {
		for _, clustered := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d tables/dense=%v/clustered=%v", layout.tables, layout.dense, clustered), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(layout.tables), 9))
				hashes := dataset(rng, 3000, clustered)
				m := index.NewMIHTables(layout.tables, layout.dense)
				want := map[uint64]index.Hash{}
				entries := make([]index.Entry, len(hashes))
				for i, h := range hashes {
					entries[i] = index.Entry{ID: uint64(i), Hash: h}
					want[uint64(i)] = h
				}
				m.AddBatch(entries)
				m.Compact()
				for i := 0; i < len(hashes); i += 4 {
					m.Delete(uint64(i))
					delete(want, uint64(i))
				}
				for i := 1; i < 200; i += 2 { // replaced: now in the tail
					h := flip(rng, hashes[i], 5)
					m.Add(uint64(i), h)
					want[uint64(i)] = h
				}
				for qi := range 4 {
					q := randHash(rng)
					if qi%2 == 0 {
						q = flip(rng, hashes[rng.IntN(len(hashes))], rng.IntN(24))
					}
					for r := 0; r <= 65; r++ {
						if r == 65 {
							r = 100
						}
						if diff := cmp.Diff(brute(want, q, r), orEmpty(m.SearchAll(q, r))); diff != "" {
							t.Fatalf("query %d radius %d (-brute +mih):\n%s", qi, r, diff)
						}
					}
				}
			})
		}
	}
}
