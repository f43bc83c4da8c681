package vpdq_test

import (
	"path/filepath"
	"testing"

	"github.com/rampart-tt/rampart/vpdq"
)

// BenchmarkHashFile measures whole-video hashing (ffmpeg decoding in its
// own process, PDQ here) per frame, for comparison with the reference's
// 5.9 ms a frame at 480x720 and 16.9 ms at 720x1280.
func BenchmarkHashFile(b *testing.B) {
	needShared(b)
	for _, name := range []string{"chair-19-sd-bar", "doorknob-hd-no-bar"} {
		b.Run(name, func(b *testing.B) {
			path := filepath.Join(sharedData, "videos", name+".mp4")
			frames := 0
			cpu0 := cpuTime()
			for b.Loop() {
				fs, err := vpdq.HashFile(b.Context(), path, vpdq.Options{})
				if err != nil {
					b.Fatal(err)
				}
				frames += len(fs)
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(frames), "ms/frame")
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(cpu.Milliseconds())/float64(frames), "cpu-ms/frame")
			}
		})
	}
}
