package sqlite_test

import (
	"testing"

	"github.com/rampart-tt/rampart/storetest"
)

// BenchmarkStore runs the stores' shared benchmarks (storetest.Bench), so
// that SQLite's and PostgreSQL's rates compare line for line.
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(tb testing.TB) storetest.Store { return openTemp(tb) })
}
