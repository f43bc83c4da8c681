package bank_test

import (
	"crypto/rand"
	"encoding/hex"
	"flag"
	"strings"
	"testing"

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
// write it in one transaction, and load the matcher; entries/s is reported.
func BenchmarkImportPDQ(b *testing.B) {
	data := randomPDQCSV(*benchRows)
	for b.Loop() {
		b.StopTimer()
		s := openStore(b)
		createBank(b, s, bank.NewBank("big"))
		b.StartTimer()
		es, err := bank.ReadCSV(strings.NewReader(data), "bench.csv")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Import(b.Context(), "big", es); err != nil {
			b.Fatal(err)
		}
		m, err := bank.Load(b.Context(), s)
		if err != nil {
			b.Fatal(err)
		}
		if m.Len() != *benchRows {
			b.Fatalf("loaded %d of %d", m.Len(), *benchRows)
		}
	}
	b.ReportMetric(float64(*benchRows)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
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
