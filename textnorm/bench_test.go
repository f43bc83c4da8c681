package textnorm_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/textnorm"
)

// A 200-byte mixed post: Roman Urdu, English, Urdu script, a hashtag.
const post200 = "Breaking: TTP ne Bannu mein hamla kiya, 3 soldiers shaheed. " +
	"کالعدم تحریک طالبان پاکستان نے ذمہ داری قبول کی #PakistanZindabad @news_pk"

var benchInputs = []struct{ name, text string }{
	{"mixed200", post200},
	{"english", "The Pakistani Taliban claimed responsibility for the attack on a police station in Khyber Pakhtunkhwa on Monday."},
	{"urdu", "کالعدم تحریک طالبان پاکستان نے شمالی وزیرستان میں سیکیورٹی فورسز پر حملے کی ذمہ داری قبول کر لی ہے۔"},
}

func BenchmarkNormalize(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in.name, func(b *testing.B) {
			var n textnorm.Text
			b.SetBytes(int64(len(in.text)))
			b.ReportAllocs()
			n.Reset(in.text) // load the tables outside the timing
			cpu := startCPU()
			for b.Loop() {
				n.Reset(in.text)
			}
			cpu.report(b, len(in.text))
		})
	}
}

// BenchmarkNormalizeCorpus normalises the designation package's benchmark
// corpus (1,500 synthetic multiscript posts, about 65% ASCII), one post per
// Reset, so per-call costs count as they do in Find. RAMPART_BENCH_TEXT
// names another file of one post per line.
func BenchmarkNormalizeCorpus(b *testing.B) {
	path := "../designation/testdata/bench/sim_posts.txt"
	if p := os.Getenv("RAMPART_BENCH_TEXT"); p != "" {
		path = p
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	var n textnorm.Text
	for _, l := range lines {
		n.Reset(l) // build the tables, and the pages the corpus uses, outside the timing
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		for _, l := range lines {
			n.Reset(l)
		}
	}
	cpu.report(b, len(raw))
}
