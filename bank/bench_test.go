package bank_test

import (
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rampart-tt/rampart/bank"
)

var benchRows = flag.Int("bank.rows", 100_000, "PDQ rows per import in BenchmarkImportPDQ (1000000 for the figure in README.md)")

// randomPDQCSV builds a bank CSV of n random PDQ hashes.
func randomPDQCSV(n int) string {
	var b strings.Builder
	b.WriteString("signal_type,signal_value,group,kind,source\n")
	h := make([]byte, 32)
	for range n {
		rand.Read(h)
		b.WriteString("pdq,")
		b.WriteString(hex.EncodeToString(h))
		b.WriteString(",isis,claim_poster,gifct\n")
	}
	return b.String()
}

// BenchmarkImportPDQ measures a whole import: parse and validate the CSV,
// write it in one transaction, and load the matcher. It reports entries/s
// over the whole, the wall seconds of each phase, the CPU seconds of the
// whole (the machine is shared, so wall time alone overstates the cost), and
// the Go heap the loaded matcher holds.
func BenchmarkImportPDQ(b *testing.B) {
	data := randomPDQCSV(*benchRows)
	var parse, store, load, cpu time.Duration
	var heap uint64
	for b.Loop() {
		b.StopTimer()
		s := openStore(b)
		createBank(b, s, bank.NewBank("big"))
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		c0 := cpuTime()
		b.StartTimer()
		t0 := time.Now()
		es, err := bank.ReadCSV(strings.NewReader(data), "bench.csv")
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := s.Import(b.Context(), "big", es); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		es = nil
		m, err := bank.Load(b.Context(), s)
		if err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		b.StopTimer()
		cpu += cpuTime() - c0
		parse, store, load = parse+t1.Sub(t0), store+t2.Sub(t1), load+t3.Sub(t2)
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
		if m.Len() != *benchRows {
			b.Fatalf("loaded %d of %d", m.Len(), *benchRows)
		}
		runtime.KeepAlive(m)
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(float64(*benchRows)*n/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(parse.Seconds()/n, "parse-s")
	b.ReportMetric(store.Seconds()/n, "import-s")
	b.ReportMetric(load.Seconds()/n, "load-s")
	b.ReportMetric(cpu.Seconds()/n, "cpu-s")
	b.ReportMetric(float64(heap)/(1<<20), "matcher-MiB")
}

// BenchmarkMatchPDQ measures PDQ queries at the default threshold against a
// bank of benchRows random hashes, half of the queries near an entry.
func BenchmarkMatchPDQ(b *testing.B) {
	m := bank.NewMatcher()
	m.SetBank(bank.NewBank("big"))
	var recs []bank.Record
	var queries []string
	h := make([]byte, 32)
	for i := range *benchRows {
		rand.Read(h)
		v := hex.EncodeToString(h)
		recs = append(recs, bank.Record{Key: uint64(i + 1), Bank: "big", Entry: bank.Entry{ID: v[:16], Type: bank.PDQ, Value: v, Opinion: bank.Positive}})
		if i < 1000 {
			q := make([]byte, 32)
			copy(q, h)
			q[0] ^= 0x0f // 4 bits away
			if i%2 == 1 {
				rand.Read(q)
			}
			queries = append(queries, hex.EncodeToString(q))
		}
	}
	if err := m.Apply(recs...); err != nil {
		b.Fatal(err)
	}
	hits := 0
	i := 0
	for b.Loop() {
		hits += len(m.Match(bank.PDQ, queries[i%len(queries)]))
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "matches/s")
	if hits < b.N/2-1 {
		b.Fatalf("%d hits in %d queries, want at least half", hits, b.N)
	}
}

var benchVideos = flag.Int("bank.videos", 2_000, "vPDQ entries in BenchmarkMatchVPDQ")

// BenchmarkMatchVPDQ measures vPDQ queries against a bank of benchVideos
// random 30-frame videos; half of the queries are an entry with a few bits
// of every frame changed (a re-encode), half are unrelated.
func BenchmarkMatchVPDQ(b *testing.B) {
	const frames = 30
	m := bank.NewMatcher()
	m.SetBank(bank.NewBank("videos"))
	var recs []bank.Record
	var queries []string
	h := make([]byte, 32)
	for i := range *benchVideos {
		var vs, qs []string
		for range frames {
			rand.Read(h)
			vs = append(vs, hex.EncodeToString(h))
			q := append([]byte(nil), h...)
			q[3] ^= 0x11 // 2 bits away
			if i%2 == 1 {
				rand.Read(q)
			}
			qs = append(qs, hex.EncodeToString(q))
		}
		v := strings.Join(vs, ",")
		recs = append(recs, bank.Record{Key: uint64(i + 1), Bank: "videos", Entry: bank.Entry{ID: fmt.Sprint(i), Type: bank.VPDQ, Value: v, Opinion: bank.Positive}})
		if i < 100 {
			queries = append(queries, strings.Join(qs, ","))
		}
	}
	if err := m.Apply(recs...); err != nil {
		b.Fatal(err)
	}
	hits := 0
	i := 0
	for b.Loop() {
		hits += len(m.Match(bank.VPDQ, queries[i%len(queries)]))
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
	if hits < b.N/2-1 {
		b.Fatalf("%d hits in %d queries, want at least half", hits, b.N)
	}
}
