package designation_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/designation"
)

// BenchmarkFindCorpus measures Find with the shipped registry over 1,500
// synthetic multiscript posts (testdata/bench/sim_posts.txt, the first
// lines of `rampart sim --seed 1 --accounts 2000 --posts 200000`: English,
// Roman Urdu, Urdu, Pashto, Arabic, hashtags and URLs, about 65% ASCII),
// normalisation included. RAMPART_BENCH_TEXT names another file of one
// post per line to measure instead.
func BenchmarkFindCorpus(b *testing.B) {
	path := "testdata/bench/sim_posts.txt"
	if p := os.Getenv("RAMPART_BENCH_TEXT"); p != "" {
		path = p
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	reg, err := designation.Default()
	if err != nil {
		b.Fatal(err)
	}
	m, err := designation.NewMatcher(reg.Screened(nil), designation.MatcherOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range lines {
		m.Find(designation.FieldText, l) // build textnorm's pages for the corpus outside the timing
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		for _, l := range lines {
			m.Find(designation.FieldText, l)
		}
	}
	if d := cpuTime() - start; d > 0 {
		per := float64(d.Nanoseconds()) / float64(b.N)
		b.ReportMetric(float64(len(raw))/per*1e3, "cpu-MB/s")
	}
}
