package textnorm_test

import (
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
