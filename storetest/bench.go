package storetest

import (
	"strconv"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
)

// Bench measures a store's ingest and query rates on the same data for
// every store, so that their figures compare line for line: PutItems (new
// posts), PutItemsAgain (the cost of idempotence), PutFindings (two signals
// each) and Findings (streaming, unfiltered and by entity). open returns a
// fresh, empty store.
func Bench(b *testing.B, open func(testing.TB) Store) {
	b.Run("PutItems", func(b *testing.B) { benchPutItems(b, open) })
	b.Run("PutItemsAgain", func(b *testing.B) { benchPutItemsAgain(b, open) })
	b.Run("PutFindings", func(b *testing.B) { benchPutFindings(b, open) })
	b.Run("Findings", func(b *testing.B) { benchFindings(b, open) })
}

const benchBatch = 5000

var benchBase = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

// benchPost is a post of typical size: a tweet-length text, two hashtags, a
// URL and a little extra, as the X reader produces.
func benchPost(i int) rampart.Item {
	return rampart.Item{Post: &rampart.Post{
		Platform: rampart.PlatformX, ID: strconv.Itoa(1_440_000_000_000_000_000 + i), AccountID: strconv.Itoa(4_000_000 + i%5000),
		CreatedAt: benchBase.Add(time.Duration(i) * time.Second), Lang: "en",
		Text:     "The same Labour MPs that were happy to cite party members wanting a #PeoplesVote are now saying party members are too thick to be trusted. #Brexit",
		Hashtags: []string{"PeoplesVote", "Brexit"}, URLs: []string{"https://example.org/a/" + strconv.Itoa(i)},
		Extra: map[string]any{"conversation_id": strconv.Itoa(i), "public_metrics": map[string]any{"retweet_count": 3.0, "like_count": 10.0}},
	}, Origin: rampart.Origin{File: "search.jsonl", Line: i + 1, Format: "x_api_v2"}}
}

func benchFinding(i int) rampart.Finding {
	return rampart.Finding{
		Platform: rampart.PlatformX, Kind: rampart.KindPost, ID: strconv.Itoa(1_440_000_000_000_000_000 + i), AccountID: "4203239195",
		Action: rampart.ActionReview, Score: 0.83, Rule: "ttp-mention", Reason: "DESIGNATED_ORG", Basis: "NACTA First Schedule",
		Versions: rampart.Versions{Policy: "p1", Registry: "r1", Models: map[string]string{"classifier": "v3"}},
		Signals: []rampart.Signal{
			{Detector: rampart.DetectorDesignation, Kind: rampart.SignalMention, Entity: "ttp_umar_media", Group: "ttp", Score: 1,
				Evidence: []rampart.Evidence{{Field: "text", Start: 10, End: 20, Text: "Umar Media"}}, Jurisdictions: []string{"PK", "US"}},
			{Detector: rampart.DetectorClassifier, Kind: rampart.SignalClassifier, Score: 0.83,
				Attrs: map[string]any{"probs": map[string]any{"propaganda": 0.83, "news": 0.17}}},
		},
		CreatedAt: benchBase.Add(time.Duration(i) * time.Millisecond),
	}
}

// benchPutItems stores batches of new posts; items/s is the ingest rate.
func benchPutItems(b *testing.B, open func(testing.TB) Store) {
	s := open(b)
	next := 0
	total := 0
	start := time.Now()
	for b.Loop() {
		batch := make([]rampart.Item, benchBatch)
		for i := range batch {
			batch[i] = benchPost(next)
			next++
		}
		n, err := s.PutItems(b.Context(), batch)
		if err != nil || n != benchBatch {
			b.Fatalf("PutItems = %d, %v", n, err)
		}
		total += n
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "items/s")
}

// benchPutItemsAgain re-puts a stored batch: the cost of idempotence.
func benchPutItemsAgain(b *testing.B, open func(testing.TB) Store) {
	s := open(b)
	batch := make([]rampart.Item, benchBatch)
	for i := range batch {
		batch[i] = benchPost(i)
	}
	if _, err := s.PutItems(b.Context(), batch); err != nil {
		b.Fatal(err)
	}
	total := 0
	start := time.Now()
	for b.Loop() {
		if n, err := s.PutItems(b.Context(), batch); err != nil || n != 0 {
			b.Fatalf("PutItems = %d, %v", n, err)
		}
		total += len(batch)
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "items/s")
}

// benchPutFindings stores batches of new findings with two signals each.
func benchPutFindings(b *testing.B, open func(testing.TB) Store) {
	s := open(b)
	next, total := 0, 0
	start := time.Now()
	for b.Loop() {
		batch := make([]rampart.Finding, benchBatch)
		for i := range batch {
			batch[i] = benchFinding(next)
			next++
		}
		n, err := s.PutFindings(b.Context(), batch)
		if err != nil || n != benchBatch {
			b.Fatalf("PutFindings = %d, %v", n, err)
		}
		total += n
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "findings/s")
}

// benchFindings streams 20,000 stored findings, unfiltered and by entity.
func benchFindings(b *testing.B, open func(testing.TB) Store) {
	s := open(b)
	const n = 20_000
	for lo := 0; lo < n; lo += benchBatch {
		batch := make([]rampart.Finding, benchBatch)
		for i := range batch {
			batch[i] = benchFinding(lo + i)
			if (lo+i)%10 == 0 {
				batch[i].Signals[0].Entity, batch[i].Signals[0].Group = "bla", "bla"
			}
		}
		if _, err := s.PutFindings(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name string
		flt  rampart.FindingFilter
		want int
	}{
		{"all", rampart.FindingFilter{}, n},
		{"entity", rampart.FindingFilter{Entity: "bla"}, n / 10},
	} {
		b.Run(bc.name, func(b *testing.B) {
			total := 0
			start := time.Now()
			for b.Loop() {
				got := 0
				for _, err := range s.Findings(b.Context(), bc.flt) {
					if err != nil {
						b.Fatal(err)
					}
					got++
				}
				if got != bc.want {
					b.Fatalf("streamed %d, want %d", got, bc.want)
				}
				total += got
			}
			b.ReportMetric(float64(total)/time.Since(start).Seconds(), "findings/s")
		})
	}
}
