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

// benchPredict runs predict over benchPosts and reports posts per second of
// wall time and per second of process CPU time. On a shared machine the
// wall figure counts time the benchmark spent waiting for a core; the CPU
// figure (run with GOMAXPROCS=1, so that it is one core's work) does not.
func benchPredict(b *testing.B, predict func(string) classify.Prediction) {
	b.ReportAllocs()
	predict(benchPosts[0]) // warm the pool
	cpu0 := processCPU()
	i := 0
	for b.Loop() {
		predict(benchPosts[i%len(benchPosts)])
		i++
	}
	cpu := processCPU() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "posts/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "posts/cpu-s")
	}
}

// BenchmarkPredict measures the full prediction with the explanation (top
// features) on the shipped model.
func BenchmarkPredict(b *testing.B) { benchPredict(b, benchModel(b).Predict) }

// BenchmarkPredictLabel is the same without the explanation.
func BenchmarkPredictLabel(b *testing.B) { benchPredict(b, benchModel(b).PredictLabel) }

// BenchmarkPredictExplainHarmful is what the detector calls: the
// explanation only for propaganda and recruitment.
func BenchmarkPredictExplainHarmful(b *testing.B) {
	benchPredict(b, benchModel(b).PredictExplainHarmful)
}
