package sim_test

import (
	"io"
	"testing"

	"github.com/rampart-tt/rampart/sim"
)

// BenchmarkGenerate reports posts/s for 100k posts over 5k accounts.
func BenchmarkGenerate(b *testing.B) {
	cfg := sim.Config{Seed: 7, Accounts: 5000, Posts: 100_000}
	for b.Loop() {
		if _, err := sim.Generate(b.Context(), cfg, io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cfg.Posts)*float64(b.N)/b.Elapsed().Seconds(), "posts/s")
}
