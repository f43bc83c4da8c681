package coord_test

import (
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/coord"
)

// openData opens a file in testdata, decompressing .gz.
func openData(t testing.TB, name string) io.Reader {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if filepath.Ext(name) != ".gz" {
		return f
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

type pair [2]string

func mkPair(a, b string) pair {
	if a > b {
		a, b = b, a
	}
	return pair{a, b}
}

// readPairs reads undirected pairs from a CSV with the two accounts in the
// first two columns and a weight in the third; directed rows are folded,
// keeping the larger weight.
func readPairs(t testing.TB, name string) map[pair]int {
	t.Helper()
	rows, err := csv.NewReader(openData(t, name)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[pair]int{}
	for _, r := range rows[1:] {
		var w int
		for _, c := range r[2] {
			w = w*10 + int(c-'0')
		}
		k := mkPair(r[0], r[1])
		out[k] = max(out[k], w)
	}
	return out
}

func buildShares(t testing.TB, name string, cfg coord.Config) *coord.Graph {
	t.Helper()
	g, err := coord.BuildShares(t.Context(), coord.ReadShares(openData(t, name)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func edgeSet(g *coord.Graph) map[pair]int {
	out := map[pair]int{}
	for _, e := range g.Edges() {
		out[mkPair(e.A.ID, e.B.ID)] = e.Weight
	}
	return out
}

type agreement struct {
	Ours, Ref, Both, OnlyOurs, OnlyRef int
}

func agree(ours map[pair]int, ref map[pair]int, minRef int) agreement {
	a := agreement{Ours: len(ours)}
	for k, w := range ref {
		if w < minRef {
			continue
		}
		a.Ref++
		if _, ok := ours[k]; ok {
			a.Both++
		} else {
			a.OnlyRef++
		}
	}
	a.OnlyOurs = a.Ours - a.Both
	return a
}

// TestRussianReference compares edges on CooRTweet's real retweet data at a
// 60 s window with CooRTweet's filtered network (60 edges) and QUT's
// co-retweet network (63 pairs of weight ≥ 2). The figures are in README.md.
func TestRussianReference(t *testing.T) {
	cooR := readPairs(t, "reference_coortweet_edges_tw60_ew0.5_subgraph1.csv")
	qut := readPairs(t, "reference_qut_co_retweet_tw60_mew1_directed.csv.gz")
	tests := []struct {
		name         string
		cfg          coord.Config
		wantCooR     agreement
		wantQUT      agreement
		wantQUTAllW1 *agreement // against all of QUT's pairs, when MinEdgeWeight is 1
	}{
		{
			name:     "messages>=2",
			cfg:      coord.Config{TimeWindow: 60 * time.Second, MinEdgeWeight: 2, Weight: coord.WeightMessages},
			wantCooR: agreement{Ours: 63, Ref: 60, Both: 60, OnlyOurs: 3},
			wantQUT:  agreement{Ours: 63, Ref: 63, Both: 63},
		},
		{
			name:     "objects>=2",
			cfg:      coord.Config{TimeWindow: 60 * time.Second, MinEdgeWeight: 2, Weight: coord.WeightObjects},
			wantCooR: agreement{Ours: 32, Ref: 60, Both: 32, OnlyRef: 28},
			wantQUT:  agreement{Ours: 32, Ref: 63, Both: 32, OnlyRef: 31},
		},
		{
			name:         "messages>=1",
			cfg:          coord.Config{TimeWindow: 60 * time.Second, MinEdgeWeight: 1, Weight: coord.WeightMessages},
			wantCooR:     agreement{Ours: 6206, Ref: 60, Both: 60, OnlyOurs: 6146},
			wantQUT:      agreement{Ours: 6206, Ref: 63, Both: 63, OnlyOurs: 6143},
			wantQUTAllW1: &agreement{Ours: 6206, Ref: 6206, Both: 6206},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ours := edgeSet(buildShares(t, "russian_coord_tweets.csv.gz", tt.cfg))
			if d := cmp.Diff(tt.wantCooR, agree(ours, cooR, 0)); d != "" {
				t.Errorf("against CooRTweet (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.wantQUT, agree(ours, qut, 2)); d != "" {
				t.Errorf("against QUT weight>=2 (-want +got):\n%s", d)
			}
			if tt.wantQUTAllW1 != nil {
				if d := cmp.Diff(*tt.wantQUTAllW1, agree(ours, qut, 1)); d != "" {
					t.Errorf("against all QUT pairs (-want +got):\n%s", d)
				}
			}
		})
	}
}

// TestSimulatedTruth measures precision and recall against the 4,950 true
// coordinated pairs of CooRTweet's simulate_data (10 s window).
func TestSimulatedTruth(t *testing.T) {
	truth := readPairs(t, "sim_truth_edges_undirected_seed123.csv.gz")
	tests := []struct {
		minWeight int
		want      agreement
	}{
		{1, agreement{Ours: 4950, Ref: 4950, Both: 4950}},
		// 15 true pairs co-shared only one object: weight 1.
		{2, agreement{Ours: 4935, Ref: 4950, Both: 4935, OnlyRef: 15}},
	}
	for _, tt := range tests {
		g := buildShares(t, "sim_input_seed123.csv.gz", coord.Config{TimeWindow: 10 * time.Second, MinEdgeWeight: tt.minWeight})
		got := agree(edgeSet(g), truth, 0)
		p := float64(got.Both) / float64(got.Ours)
		r := float64(got.Both) / float64(got.Ref)
		t.Logf("min weight %d: %+v precision %.4f recall %.4f", tt.minWeight, got, p, r)
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("min weight %d (-want +got):\n%s", tt.minWeight, d)
		}
	}
}
