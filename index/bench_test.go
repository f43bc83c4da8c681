package index_test

import (
	"encoding/binary"
	"flag"
	"fmt"
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

func build(hs []index.Hash) *index.MIH { return buildInto(index.NewMIH(), hs) }

func buildInto(m *index.MIH, hs []index.Hash) *index.MIH {
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
	benchSearchWith(b, n, clustered, index.NewMIH)
}

func benchSearchWith(b *testing.B, n int, clustered bool, empty func() *index.MIH) {
	hs := benchData(n, clustered)
	runtime.GC()
	start := time.Now()
	m := buildInto(empty(), hs)
	buildTime := time.Since(start)
	qs := queries(hs, 4096)
	hs = nil
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	lat := make([]time.Duration, 0, 4096)
	i, found := 0, 0
	cpu0 := cpuTime()
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
	cpu := cpuTime() - cpu0
	slices.Sort(lat)
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "queries/s")
	if cpu > 0 {
		b.ReportMetric(float64(i)/cpu.Seconds(), "queries/cpu-s")
	}
	b.ReportMetric(float64(ms.HeapInuse)/float64(n), "heap-bytes/hash")
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

// BenchmarkLayouts1M compares table counts at 1M random hashes, the
// evidence for chooseTables.
func BenchmarkLayouts1M(b *testing.B) {
	for _, l := range []struct {
		tables int
		dense  bool
	}{{11, false}, {12, false}, {13, false}, {14, false}, {16, false}, {16, true}, {14, true}} {
		b.Run(fmt.Sprintf("tables=%d/dense=%v", l.tables, l.dense), func(b *testing.B) {
			benchSearchWith(b, 1_000_000, false, func() *index.MIH { return index.NewMIHLayout(l.tables, l.dense) })
		})
	}
}

// BenchmarkSearchRadius31Big is the 10M-hash figure; run it with
// go test -run XXX -bench Big -benchtime 2000x ./index/ -index.big
// (the flag after the package: go test hands everything after an unknown
// flag to the test binary).
func BenchmarkSearchRadius31Big(b *testing.B) {
	if !*big {
		b.Skip("needs -index.big")
	}
	b.Run("random/10M", func(b *testing.B) { benchSearch(b, 10_000_000, false) })
	b.Run("clustered/10M", func(b *testing.B) { benchSearch(b, 10_000_000, true) })
	// The layout one step denser than chooseTables picks at 10M: less
	// memory, more candidates.
	b.Run("random/10M/tables=12", func(b *testing.B) {
		benchSearchWith(b, 10_000_000, false, func() *index.MIH { return index.NewMIHLayout(12, false) })
	})
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
