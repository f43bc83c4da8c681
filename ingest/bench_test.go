package ingest_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/ingest"
)

// benchPost is a native post of about 400 bytes, with the \u0026 escapes
// json.Marshal writes into URLs.
func benchPost(i int) string {
	return fmt.Sprintf(`{"kind":"post","platform":"telegram","id":"1001:%d","account_id":"user%d","chat":"1001","created_at":"2024-01-02T03:04:05Z","text":"message %d: %s","lang":"en","urls":["https://example.org/a?x=1\u0026y=%d"],"hashtags":["news","update"],"mentions":["someone"],"reply_to":"1001:%d"}`,
		i, i%700, i, strings.Repeat("lorem ipsum dolor sit amet ", 7), i, i-1)
}

func benchInput(n int) ([]byte, int) {
	var buf bytes.Buffer
	for i := range n {
		buf.WriteString(benchPost(i))
		buf.WriteByte('\n')
	}
	return buf.Bytes(), buf.Len() / n
}

// BenchmarkJSONL measures the whole native reader: line splitting,
// decoding, origin and UTF-8 checks.
func BenchmarkJSONL(b *testing.B) {
	const n = 10_000
	data, avg := benchInput(n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cpuTime(b)
	b.ResetTimer()
	items := 0
	for b.Loop() {
		r, err := ingest.Open("bench.jsonl", bytes.NewReader(data), ingest.FormatJSONL)
		if err != nil {
			b.Fatal(err)
		}
		for _, err := range r.Items(b.Context()) {
			if err != nil {
				b.Fatal(err)
			}
			items++
		}
	}
	// On a shared machine wall time overstates the cost; CPU time used by
	// this process per item is the figure to compare with the budget.
	b.ReportMetric(float64((cpuTime(b)-cpu0).Nanoseconds())/float64(items), "cpu-ns/item")
	b.ReportMetric(float64(items)/b.Elapsed().Seconds(), "items/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(items), "ns/item")
	b.ReportMetric(float64(avg), "bytes/item")
}

// BenchmarkDecode compares the fast decoder with rampart.Item.UnmarshalJSON
// on one record.
func BenchmarkDecode(b *testing.B) {
	line := []byte(benchPost(12345))
	b.Run("reference", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var it rampart.Item
			if err := it.UnmarshalJSON(line); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := ingest.DecodeNativeFast(line); !ok {
				b.Fatal("fast path declined the benchmark record")
			}
		}
	})
}
