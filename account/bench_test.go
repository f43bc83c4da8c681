package account_test

import (
	"testing"

	"github.com/rampart-tt/rampart/account"
	"github.com/rampart-tt/rampart/sim"
)

// BenchmarkScore reports accounts scored per second with posts (activity
// head), on a 2000-account sim.
func BenchmarkScore(b *testing.B) {
	groups := account.GroupByAccount(generate(b, sim.Config{Seed: 99, Accounts: 2000, Posts: 20000}).items)
	m := account.DefaultModel()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		g := groups[n%len(groups)]
		m.Score(g.Account, g.Posts, t0)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "accounts/s")
}
