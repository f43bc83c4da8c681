package designation_test

import (
	"strings"
	"syscall"
	"testing"
	"time"
)

// benchPosts is mixed text: English news, Roman Urdu, Urdu, Arabic, hashtags,
// with and without aliases.
var benchPosts = []string{
	"The Pakistani Taliban claimed responsibility for the attack on a police station in Khyber Pakhtunkhwa on Monday.",
	"TTP ne Bannu mein hamla kiya, 3 soldiers shaheed. Let's pray for them. #PakistanZindabad @news_pk",
	"کالعدم تحریک طالبان پاکستان نے شمالی وزیرستان میں سیکیورٹی فورسز پر حملے کی ذمہ داری قبول کر لی ہے۔",
	"أعلنت حركة طالبان باكستان مسؤوليتها عن الهجوم في إقليم خيبر بختونخوا",
	"Weather today: sunny with light winds, great for a jam session in the park. Bla bla bla, see you there!",
	"بلوچ لبریشن آرمی اور بی ایل ایف کے حملوں کی مذمت، Fitna al-Hindustan #Balochistan",
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFind measures Find over mixed posts, normalisation included.
// Besides wall-clock MB/s it reports cpu-MB/s (bytes over process CPU
// time), which stays a per-core figure on a loaded shared machine.
func BenchmarkFind(b *testing.B) {
	_, m := newTestMatcher(b)
	for _, field := range []string{"text", "name"} {
		b.Run(field, func(b *testing.B) {
			total := len(strings.Join(benchPosts, ""))
			b.SetBytes(int64(total))
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				for _, p := range benchPosts {
					m.Find(field, p)
				}
			}
			if d := cpuTime() - start; d > 0 {
				per := float64(d.Nanoseconds()) / float64(b.N)
				b.ReportMetric(float64(total)/per*1e3, "cpu-MB/s")
			}
		})
	}
}
