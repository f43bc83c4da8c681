package index_test

import (
	"encoding/binary"
	"flag"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/rampart-tt/rampart/index"
)

var big = flag.Bool("index.big", false, "also run the 10M-hash benchmark (minutes, about 1.5 GB)")

// benchData builds n hashes: random, or clustered (n/100 centres, members
// within 0..40 bits of their centre).
func benchData(n int, clustered bool) []index.Hash {
	rng := rand.New(rand.NewPCG(uint64(n), 1))
	out := make([]index.Hash, n)
	var centres []index.Hash
	for range max(1, n/100) {
		centres = append(centres, randHash(rng))
	}
	for i := range out {
		if clustered {
			out[i] = flip(rng, centres[rng.IntN(len(centres))], rng.IntN(41))
		} else {
			out[i] = randHash(rng)
		}
	}
	return out
}

func build(hs []index.Hash) *index.MIH {
	m := index.NewMIH()
	entries := make([]index.Entry, len(hs))
	for i, h := range hs {
		entries[i] = index.Entry{ID: uint64(i), Hash: h}
	}
	m.AddBatch(entries) // compacts once
	return m
}

// queries mixes near-duplicates of indexed hashes with random ones.
func queries(hs []index.Hash, n int) []index.Hash {
	rng := rand.New(rand.NewPCG(99, 99))
	q := make([]index.Hash, n)
	for i := range q {
		if i%2 == 0 {
			q[i] = flip(rng, hs[rng.IntN(len(hs))], rng.IntN(20))
		} else {
			q[i] = randHash(rng)
		}
	}
	return q
}

func benchSearch(b *testing.B, n int, clustered bool) {
	hs := benchData(n, clustered)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	m := build(hs)
	buildTime := time.Since(start)
	qs := queries(hs, 4096)
	lat := make([]time.Duration, 0, 4096)
	i, found := 0, 0
	for b.Loop() {
		q := qs[i%len(qs)]
		t0 := time.Now()
		m.Search(q, 31, func(uint64, int) bool { found++; return true })
		if len(lat) < cap(lat) {
			lat = append(lat, time.Since(t0))
		}
		i++
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "queries/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(buildTime.Seconds(), "build-s")
	b.ReportMetric(float64(m.MemoryBytes())/float64(n), "index-bytes/hash")
	runtime.KeepAlive(m)
}

// BenchmarkSearchRadius31 measures single queries on one core at radius 31
// (the reference: 2,936 q/s AVX-512 linear and 788 q/s MIH at 1M hashes).
func BenchmarkSearchRadius31(b *testing.B) {
	for _, tc := range []struct {
		name      string
		n         int
		clustered bool
	}{
		{"random/100k", 100_000, false},
		{"clustered/100k", 100_000, true},
		{"random/1M", 1_000_000, false},
		{"clustered/1M", 1_000_000, true},
	} {
		b.Run(tc.name, func(b *testing.B) { benchSearch(b, tc.n, tc.clustered) })
	}
}

// BenchmarkSearchRadius31Big is the 10M-hash figure; run it with
// go test -run XXX -bench Big -index.big ./index/
func BenchmarkSearchRadius31Big(b *testing.B) {
	if !*big {
		b.Skip("needs -index.big")
	}
	b.Run("random/10M", func(b *testing.B) { benchSearch(b, 10_000_000, false) })
}

// BenchmarkLinearScan1M is the baseline MIH must beat: a popcount scan
// over 64-bit words (the reference's non-AVX linear scan: 769 q/s at 1M).
func BenchmarkLinearScan1M(b *testing.B) {
	hs := benchData(1_000_000, false)
	words := make([][4]uint64, len(hs))
	for i, h := range hs {
		for j := range 4 {
			words[i][j] = binary.BigEndian.Uint64(h[8*j:])
		}
	}
	qs := queries(hs, 64)
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		var qw [4]uint64
		for j := range 4 {
			qw[j] = binary.BigEndian.Uint64(q[8*j:])
		}
		n := 0
		for _, w := range words {
			if bits.OnesCount64(w[0]^qw[0])+bits.OnesCount64(w[1]^qw[1])+bits.OnesCount64(w[2]^qw[2])+bits.OnesCount64(w[3]^qw[3]) <= 31 {
				n++
			}
		}
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "queries/s")
}
