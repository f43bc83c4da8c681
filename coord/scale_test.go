package coord_test

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/coord"
)

// synthetic yields n posts over 30 days from n/10 accounts: organic posts
// repost, link, tag and write about popular objects at random times, and
// every 50th post starts a burst in which 20 accounts of one of 10
// coordinated networks share one object, or near-identical text, within
// 30 s. Deterministic for a seed.
func synthetic(n int, seed uint64) iter.Seq2[rampart.Item, error] { return syntheticKind(n, seed, "") }

// syntheticKind is synthetic with every organic post of one kind when kind
// is set: "repost" (repost targets), "tweet" (identical 12-word texts, one
// per object), "link" (URLs) or "similar" (a 20-word text per object with
// its last word random: near-duplicates, 5-gram Jaccard ≈ 0.85). Bursts
// are of the same kind. These are the inputs of QUT's co-retweet,
// co-tweet, co-link and co-similar-text networks (README.md, "Timings").
func syntheticKind(n int, seed uint64, kind string) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		rng := rand.New(rand.NewPCG(seed, 7))
		accounts := max(n/10, 100)
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		span := int64(30 * 24 * 3600)
		words := make([]string, 500)
		for i := range words {
			words[i] = "w" + strconv.Itoa(i)
		}
		text := func(r *rand.Rand, k int) string {
			var b strings.Builder
			for range k {
				b.WriteString(words[r.IntN(len(words))])
				b.WriteByte(' ')
			}
			return b.String()
		}
		zipf := rand.NewZipf(rng, 1.1, 1, uint64(max(n/5, 10)))
		post := func(i int, acct string, t int64) *rampart.Post {
			return &rampart.Post{Platform: "x", ID: strconv.Itoa(i), AccountID: acct, CreatedAt: start.Add(time.Duration(t) * time.Second)}
		}
		for i := 0; i < n; {
			if i%50 == 0 {
				net := rng.IntN(10)
				t := rng.Int64N(span)
				obj := strconv.FormatUint(zipf.Uint64()+1_000_000, 10)
				base := text(rng, 15)
				bk := rng.IntN(3)
				for k := 0; k < 20 && i < n; k++ {
					p := post(i, fmt.Sprintf("coord%d_%d", net, k), t+rng.Int64N(30))
					switch {
					case kind == "repost" || kind == "" && bk == 0:
						p.RepostOf = obj
					case kind == "link" || kind == "" && bk == 1:
						p.URLs = []string{"https://news.example/a/" + obj + "?utm_source=x"}
					case kind == "tweet":
						p.Text = objText(obj, 12)
					default:
						p.Text = base + words[k%len(words)]
					}
					if !yield(rampart.Item{Post: p}, nil) {
						return
					}
					i++
				}
				continue
			}
			p := post(i, "u"+strconv.Itoa(rng.IntN(accounts)), rng.Int64N(span))
			switch kind {
			case "repost":
				p.RepostOf = strconv.FormatUint(zipf.Uint64(), 10)
			case "link":
				p.URLs = []string{"https://site.example/p/" + strconv.FormatUint(zipf.Uint64(), 10)}
			case "tweet":
				p.Text = objText(strconv.FormatUint(zipf.Uint64(), 10), 12)
			case "similar":
				p.Text = objText(strconv.FormatUint(zipf.Uint64(), 10), 19) + words[rng.IntN(len(words))]
			}
			switch k := rng.IntN(4); {
			case kind != "":
			case k == 0:
				p.RepostOf = strconv.FormatUint(zipf.Uint64(), 10)
			case k == 1:
				p.URLs = []string{"https://site.example/p/" + strconv.FormatUint(zipf.Uint64(), 10)}
			case k == 2:
				p.Hashtags = []string{"t" + strconv.Itoa(rng.IntN(50)), "t" + strconv.Itoa(rng.IntN(50))}
			default:
				p.Text = text(rng, 12)
			}
			if !yield(rampart.Item{Post: p}, nil) {
				return
			}
			i++
		}
	}
}

// objText is a deterministic k-word text for an object id: the same id
// gives the same text.
func objText(obj string, k int) string {
	h, _ := strconv.ParseUint(obj, 10, 64)
	r := rand.New(rand.NewPCG(h, 11))
	var b strings.Builder
	for range k {
		b.WriteString("w" + strconv.Itoa(r.IntN(500)))
		b.WriteByte(' ')
	}
	return b.String()
}

// TestScale runs only when COORD_SCALE_N is set: it builds the graph over
// that many synthetic posts and prints time and counts. Run the compiled
// test binary under /usr/bin/time -v for peak RSS (README.md, "Timings").
func TestScale(t *testing.T) {
	ns := os.Getenv("COORD_SCALE_N")
	if ns == "" {
		t.Skip("set COORD_SCALE_N to run")
	}
	n, err := strconv.Atoi(ns)
	if err != nil {
		t.Fatal(err)
	}
	cfg := coord.Config{}
	if mb := os.Getenv("COORD_SCALE_MB"); mb != "" {
		v, _ := strconv.ParseInt(mb, 10, 64)
		cfg.MemoryBudget = v << 20
	}
	if l := os.Getenv("COORD_SCALE_LAYERS"); l != "" {
		cfg.Layers = strings.Split(l, ",")
	}
	kind := os.Getenv("COORD_SCALE_KIND")
	start := time.Now()
	if os.Getenv("COORD_SCALE_GENONLY") != "" {
		// The generator's own time, to subtract from build times.
		posts := 0
		for range syntheticKind(n, 1, kind) {
			posts++
		}
		fmt.Printf("kind=%q posts=%d generate=%s\n", kind, posts, time.Since(start).Round(time.Millisecond))
		return
	}
	g, err := coord.Build(t.Context(), syntheticKind(n, 1, kind), cfg)
	if err != nil {
		t.Fatal(err)
	}
	built := time.Since(start)
	cs := g.Clusters(1)
	fmt.Printf("kind=%q posts=%d build=%s clusters=%s edges=%d clusters=%d stats=%+v\n", kind, n, built.Round(time.Millisecond),
		(time.Since(start) - built).Round(time.Millisecond), len(g.Edges()), len(cs), g.Stats())
}

// TestScaleShares runs only when COORD_SCALE_SHARES names a share table.
func TestScaleShares(t *testing.T) {
	name := os.Getenv("COORD_SCALE_SHARES")
	if name == "" {
		t.Skip("set COORD_SCALE_SHARES to run")
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	start := time.Now()
	g, err := coord.BuildShares(t.Context(), coord.ReadShares(f), coord.Config{MinEdgeWeight: 1})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("shares build=%s edges=%d stats=%+v\n", time.Since(start).Round(time.Millisecond), len(g.Edges()), g.Stats())
}

func BenchmarkBuild10k(b *testing.B) {
	for b.Loop() {
		if _, err := coord.Build(b.Context(), synthetic(10_000, 1), coord.Config{}); err != nil {
			b.Fatal(err)
		}
	}
}
