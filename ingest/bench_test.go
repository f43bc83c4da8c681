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

// telethonBenchRecord is one channel post as Telethon's to_json writes it,
// with every field a real dump carries (most of them null), an Urdu
// caption with an emoji before its entities, and a photo: about 1.3 KB.
func telethonBenchRecord(i int) string {
	text := fmt.Sprintf(`\ud83d\udce2 \u0622\u062c \u06a9\u06cc \u062e\u0628\u0631\u06cc\u06ba %d: https://example.org/a/%d #news @desk`, i, i)
	return fmt.Sprintf(`{"_": "Message", "id": %d, "peer_id": {"_": "PeerChannel", "channel_id": 1234567890}, "date": "2024-01-02T03:04:05+00:00", "message": "%s", "out": false, "mentioned": false, "media_unread": false, "silent": false, "post": true, "from_scheduled": false, "legacy": false, "edit_hide": false, "pinned": false, "noforwards": false, "invert_media": false, "offline": false, "from_id": null, "from_boosts_applied": null, "saved_peer_id": null, "fwd_from": null, "via_bot_id": null, "via_business_bot_id": null, "reply_to": null, "media": {"_": "MessageMediaPhoto", "spoiler": false, "photo": {"_": "Photo", "id": %d, "access_hash": 1, "file_reference": "AQID", "date": "2024-01-02T03:04:05+00:00", "sizes": [], "dc_id": 4, "has_stickers": false, "video_sizes": []}, "ttl_seconds": null}, "reply_markup": null, "entities": [{"_": "MessageEntityUrl", "offset": %d, "length": %d}, {"_": "MessageEntityHashtag", "offset": %d, "length": 5}, {"_": "MessageEntityMention", "offset": %d, "length": 5}], "views": %d, "forwards": 3, "replies": null, "edit_date": null, "post_author": null, "grouped_id": null, "reactions": null, "restriction_reason": [], "ttl_period": null, "quick_reply_shortcut_id": null, "effect": null, "factcheck": null}`,
		i, text, 5000+i, telethonURLOffset(i), len(fmt.Sprintf("https://example.org/a/%d", i)),
		telethonURLOffset(i)+len(fmt.Sprintf("https://example.org/a/%d", i))+1,
		telethonURLOffset(i)+len(fmt.Sprintf("https://example.org/a/%d", i))+7, i*7)
}

// telethonURLOffset is where the URL starts in UTF-16 units: the emoji (2),
// a space, the seven-letter Urdu phrase with its space (12), the number,
// a colon and a space.
func telethonURLOffset(i int) int { return 2 + 1 + 12 + len(fmt.Sprint(i)) + 2 }

// BenchmarkTelethon measures the Telethon reader over JSON Lines.
func BenchmarkTelethon(b *testing.B) {
	const n = 5_000
	var buf bytes.Buffer
	for i := range n {
		buf.WriteString(telethonBenchRecord(i))
		buf.WriteByte('\n')
	}
	data := buf.Bytes()
	// The records must read cleanly, or the figure measures error paths.
	r, err := ingest.Open("bench.jsonl", bytes.NewReader(data), ingest.FormatAuto)
	if err != nil || r.Format() != ingest.FormatTelethon {
		b.Fatalf("bench input not detected as telethon: %v", err)
	}
	for it, err := range r.Items(b.Context()) {
		if err != nil {
			b.Fatal(err)
		}
		if p := it.Post; p != nil && (len(p.URLs) != 1 || len(p.Hashtags) != 1 || len(p.Mentions) != 1 || p.Hashtags[0] != "news" || p.Mentions[0] != "desk") {
			b.Fatalf("entities read wrongly: %+v", p)
		}
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cpuTime(b)
	b.ResetTimer()
	posts := 0
	for b.Loop() {
		r, err := ingest.Open("bench.jsonl", bytes.NewReader(data), ingest.FormatTelethon)
		if err != nil {
			b.Fatal(err)
		}
		for it, err := range r.Items(b.Context()) {
			if err != nil {
				b.Fatal(err)
			}
			if it.Post != nil {
				posts++
			}
		}
	}
	b.ReportMetric(float64((cpuTime(b)-cpu0).Nanoseconds())/float64(posts), "cpu-ns/post")
	b.ReportMetric(float64(posts)/b.Elapsed().Seconds(), "posts/s")
	b.ReportMetric(float64(len(data)/n), "bytes/post")
}
