package coord_test

import (
	"iter"
	"math"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/coord"
)

// approx compares Expected sums, whose floating-point additions happen in
// another order when partial edges are merged from spill runs.
var approx = cmp.Comparer(func(x, y float64) bool {
	return x == y || math.Abs(x-y) <= 1e-9*max(math.Abs(x), math.Abs(y))
})

// TestSpillMatchesMemory forces every structure (share records, keys and
// texts, edge table, text pairs) to spill with a tiny memory budget and
// checks that edges, clusters and counts equal those of the in-memory run.
func TestSpillMatchesMemory(t *testing.T) {
	posts := func() iter.Seq2[rampart.Item, error] { return synthetic(20_000, 3) }
	tests := []struct {
		name   string
		cfg    coord.Config
		build  func(cfg coord.Config) (*coord.Graph, error)
		budget int64
	}{
		{"posts all layers", coord.Config{MinEdgeWeight: 1},
			func(cfg coord.Config) (*coord.Graph, error) { return coord.Build(t.Context(), posts(), cfg) }, 64 << 10},
		{"posts messages weight", coord.Config{Weight: coord.WeightMessages},
			func(cfg coord.Config) (*coord.Graph, error) { return coord.Build(t.Context(), posts(), cfg) }, 8 << 10},
		{"texts only", coord.Config{MinEdgeWeight: 1, Layers: []string{coord.LayerText}},
			func(cfg coord.Config) (*coord.Graph, error) {
				return coord.Build(t.Context(), syntheticKind(10_000, 5, "similar"), cfg)
			}, 16 << 10},
		{"russian shares", coord.Config{MinEdgeWeight: 1},
			func(cfg coord.Config) (*coord.Graph, error) {
				return coord.BuildShares(t.Context(), coord.ReadShares(openData(t, "russian_coord_tweets.csv.gz")), cfg)
			}, 32 << 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem, err := tc.build(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if mem.Stats().Spilled {
				t.Fatal("the default budget spilled: the comparison would not test the in-memory path")
			}
			dir := t.TempDir()
			small := tc.cfg
			small.MemoryBudget, small.TempDir = tc.budget, dir
			sp, err := tc.build(small)
			if err != nil {
				t.Fatal(err)
			}
			if !sp.Stats().Spilled {
				t.Fatalf("budget %d B did not spill", tc.budget)
			}
			if len(mem.Edges()) == 0 {
				t.Fatal("no edges: the comparison is empty")
			}
			if d := cmp.Diff(mem.Edges(), sp.Edges(), approx); d != "" {
				t.Errorf("edges differ (-memory +spilled):\n%s", d)
			}
			if d := cmp.Diff(mem.Clusters(1), sp.Clusters(1), approx); d != "" {
				t.Errorf("clusters differ (-memory +spilled):\n%s", d)
			}
			if d := cmp.Diff(mem.Stats(), sp.Stats(), cmpopts.IgnoreFields(coord.Stats{}, "Spilled")); d != "" {
				t.Errorf("stats differ (-memory +spilled):\n%s", d)
			}
			left, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(left) != 0 {
				t.Errorf("spill files left behind: %v", left)
			}
		})
	}
}
