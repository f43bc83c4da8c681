package classify_test

import (
	"testing"

	"github.com/rampart-tt/rampart/classify"
)

// benchPosts are about 200 bytes each, in three scripts.
var benchPosts = []string{
	"Police say two constables were shot dead at a checkpost in Tank district late on Tuesday; a faction of the TTP claimed the attack in a message sent to reporters, officials said.",
	"Yaar koi batayega Quetta wali highway aaj khuli hai? Kal se traffic band hai aur bus wale keh rahe hain ke protest ki wajah se raasta band hai, kuch pata chala?",
	"کوئٹہ پریس کلب کے باہر دھرنے کا تیسواں دن، ہمارے بھائیوں کو عدالت میں پیش کرو، ہم صرف انصاف مانگتے ہیں",
}

func benchModel(b *testing.B) *classify.Model {
	m, err := classify.Default()
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkPredict measures posts per second with the explanation (top
// features) on the shipped model.
func BenchmarkPredict(b *testing.B) {
	m := benchModel(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Predict(benchPosts[i%len(benchPosts)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
}

// BenchmarkPredictLabel is the same without the explanation.
func BenchmarkPredictLabel(b *testing.B) {
	m := benchModel(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.PredictLabel(benchPosts[i%len(benchPosts)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
}
