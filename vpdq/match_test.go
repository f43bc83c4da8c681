package vpdq_test

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/pdq"
	"github.com/rampart-tt/rampart/vpdq"
)

func randHash(rng *rand.Rand) pdq.Hash {
	var h pdq.Hash
	for i := range h {
		h[i] = byte(rng.UintN(256))
	}
	return h
}

// flipBits returns h with its first k bits inverted.
func flipBits(h pdq.Hash, k int) pdq.Hash {
	for b := range k {
		h[b/8] ^= 1 << (b % 8)
	}
	return h
}

func feats(q int, hs ...pdq.Hash) []vpdq.Feature {
	out := make([]vpdq.Feature, len(hs))
	for i, h := range hs {
		out[i] = vpdq.Feature{Frame: i, Quality: q, Hash: h}
	}
	return out
}

func TestCompare(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	a, b, c, d := randHash(rng), randHash(rng), randHash(rng), randHash(rng)
	lowQ := feats(49, c)
	for _, tc := range []struct {
		name          string
		query, target []vpdq.Feature
		opt           vpdq.MatchOptions
		want          vpdq.Result
	}{
		{"identical", feats(100, a, b), feats(100, a, b), vpdq.DefaultMatchOptions(),
			vpdq.Result{QueryFrames: 2, TargetFrames: 2, QueryMatched: 2, TargetMatched: 2, QueryPercent: 100, TargetPercent: 100, Match: true}},
		{"distance 31 matches", feats(100, a), feats(100, flipBits(a, 31)), vpdq.DefaultMatchOptions(),
			vpdq.Result{QueryFrames: 1, TargetFrames: 1, QueryMatched: 1, TargetMatched: 1, QueryPercent: 100, TargetPercent: 100, Match: true}},
		{"distance 32 does not", feats(100, a), feats(100, flipBits(a, 32)), vpdq.DefaultMatchOptions(),
			vpdq.Result{QueryFrames: 1, TargetFrames: 1}},
		{"duplicates count once", feats(100, a, a, a, a, b), feats(100, a, c), vpdq.DefaultMatchOptions(),
			vpdq.Result{QueryFrames: 2, TargetFrames: 2, QueryMatched: 1, TargetMatched: 1, QueryPercent: 50, TargetPercent: 50}},
		{"low quality dropped", append(feats(100, a), lowQ...), feats(100, a), vpdq.DefaultMatchOptions(),
			vpdq.Result{QueryFrames: 1, TargetFrames: 1, QueryMatched: 1, TargetMatched: 1, QueryPercent: 100, TargetPercent: 100, Match: true}},
		{"clip in a longer video: 80% both ways refuses", feats(100, a), feats(100, a, b, c, d), vpdq.DefaultMatchOptions(),
			vpdq.Result{QueryFrames: 1, TargetFrames: 4, QueryMatched: 1, TargetMatched: 1, QueryPercent: 100, TargetPercent: 25}},
		{"clip with the target threshold at 0 matches", feats(100, a), feats(100, a, b, c, d),
			vpdq.MatchOptions{Distance: 31, Quality: 50, QueryPercent: 80},
			vpdq.Result{QueryFrames: 1, TargetFrames: 4, QueryMatched: 1, TargetMatched: 1, QueryPercent: 100, TargetPercent: 25, Match: true}},
		{"nothing of quality", lowQ, lowQ, vpdq.DefaultMatchOptions(), vpdq.Result{}},
		{"empty", nil, feats(100, a), vpdq.DefaultMatchOptions(), vpdq.Result{TargetFrames: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := vpdq.Compare(tc.query, tc.target, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for _, opt := range []vpdq.MatchOptions{{Distance: -1}, {Distance: 257}, {QueryPercent: 101}, {TargetPercent: -1}} {
		if _, err := vpdq.Compare(nil, nil, opt); err == nil {
			t.Errorf("options %+v accepted", opt)
		}
	}
}

// TestCompareLong checks that long videos, compared through the index
// rather than pair by pair, count exactly what the pairwise loop counts.
func TestCompareLong(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 4500 // 4500^2 pairs exceeds the pairwise limit
	var q, tg []vpdq.Feature
	for i := range n {
		h := randHash(rng)
		q = append(q, vpdq.Feature{Frame: i, Quality: 100, Hash: h})
		switch i % 3 {
		case 0: // near copy
			tg = append(tg, vpdq.Feature{Frame: i, Quality: 100, Hash: flipBits(h, rng.IntN(32))})
		case 1: // just too far
			tg = append(tg, vpdq.Feature{Frame: i, Quality: 100, Hash: flipBits(h, 32+rng.IntN(10))})
		default:
			tg = append(tg, vpdq.Feature{Frame: i, Quality: 100, Hash: randHash(rng)})
		}
	}
	got, err := vpdq.Compare(q, tg, vpdq.DefaultMatchOptions())
	if err != nil {
		t.Fatal(err)
	}
	// Random 256-bit hashes are about 128 bits apart and never within 31
	// of an unrelated one, so exactly the near copies match.
	want := vpdq.Result{QueryFrames: n, TargetFrames: n, QueryMatched: n / 3, TargetMatched: n / 3,
		QueryPercent: 100.0 / 3, TargetPercent: 100.0 / 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
