package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/coord"
	"github.com/rampart-tt/rampart/ingest"
	"github.com/spf13/cobra"
)

type coordFlags struct {
	format     string
	window     float64
	minWeight  int
	weight     string
	similarity float64
	layers     []string
	shares     bool
	outDir     string
	clusters   string
	edges      string
	graphml    string
	seed       uint64
	memoryMB   int64
	tempDir    string
}

func newCoordCmd(s *streams) *cobra.Command {
	var f coordFlags
	c := &cobra.Command{
		Use:   "coord [flags] INPUT...",
		Short: "Find coordinated account networks (co-reposts, copied text, shared links, hashtag sequences, media)",
		Long: `Coord links accounts that shared the same object within --time-window seconds:
the same repost target, near-identical text, the same canonical URL, the same
hashtag sequence or the same media hash. Edges at or above --min-edge-weight form
a graph whose Louvain communities are reported as clusters, each scored against
a uniform-time null model. It writes clusters (JSON Lines), edges (CSV) and the
graph (GraphML, for Gephi). With --shares the inputs are share tables
(object_id,account_id,content_id,timestamp_share: CooRTweet's format, or QUT's).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCoord(cmd.Context(), s, f, args)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.format, "format", ingest.FormatAuto, "input format (auto: detect from each file)")
	fl.Float64Var(&f.window, "time-window", 60, "seconds within which two shares of one object are a co-share")
	fl.IntVar(&f.minWeight, "min-edge-weight", 2, "drop edges lighter than this")
	fl.StringVar(&f.weight, "weight", coord.WeightObjects, "edge weight: objects (distinct objects) or messages (co-share pairs)")
	fl.Float64Var(&f.similarity, "similarity", 0.8, "least Jaccard similarity for two texts to be the same text")
	fl.StringSliceVar(&f.layers, "layers", nil, "layers to use (default all): repost,text,url,hashtags,media")
	fl.BoolVar(&f.shares, "shares", false, "inputs are share tables (CSV), not posts")
	fl.StringVar(&f.outDir, "out-dir", ".", "directory for the output files")
	fl.StringVar(&f.clusters, "clusters", "clusters.jsonl", "clusters file, in --out-dir unless absolute (\"\" to skip)")
	fl.StringVar(&f.edges, "edges", "edges.csv", "edges file, in --out-dir unless absolute (\"\" to skip)")
	fl.StringVar(&f.graphml, "graphml", "graph.graphml", "GraphML file, in --out-dir unless absolute (\"\" to skip)")
	fl.Uint64Var(&f.seed, "seed", 1, "Louvain seed (same seed, same clusters)")
	fl.Int64Var(&f.memoryMB, "memory", 256, "MiB of share records, keys, texts and edges held in memory before spilling to temporary files")
	fl.StringVar(&f.tempDir, "temp-dir", "", "directory for spill files (default: system temp)")
	return c
}

func runCoord(ctx context.Context, s *streams, f coordFlags, args []string) error {
	if !f.shares {
		if err := checkFormat(f.format); err != nil {
			return err
		}
	}
	if f.window <= 0 {
		return usagef("--time-window %v: must be positive", f.window)
	}
	if f.memoryMB <= 0 {
		return usagef("--memory %d: must be positive", f.memoryMB)
	}
	// The budget covers the big spillable structures; accounts, per-object
	// summaries and collector headroom come on top. A soft limit keeps the
	// heap near the budget (GOMEMLIMIT, when set, wins).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(2*(f.memoryMB<<20) + 128<<20)
	}
	cfg := coord.Config{
		TimeWindow:    time.Duration(f.window * float64(time.Second)),
		MinEdgeWeight: f.minWeight,
		Weight:        f.weight,
		Similarity:    f.similarity,
		Layers:        f.layers,
		MemoryBudget:  f.memoryMB << 20,
		TempDir:       f.tempDir,
	}
	if f.minWeight == 0 {
		cfg.MinEdgeWeight = 1 // 0 would mean "default"; every edge weighs at least 1
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	srcs, err := expandInputs(args)
	if err != nil {
		return err
	}
	start := time.Now()
	var g *coord.Graph
	if f.shares {
		g, err = coord.BuildShares(ctx, readShareFiles(srcs, s.in), cfg)
	} else {
		g, err = coord.Build(ctx, readAll(ctx, srcs, f.format, s.in, nil, nil), cfg)
	}
	if err != nil {
		return err
	}
	clusters := g.Clusters(f.seed)
	edges := g.Edges()
	outputs := []struct {
		name  string
		write func(io.Writer) error
	}{
		{f.clusters, func(w io.Writer) error { return coord.WriteClustersJSONL(w, clusters) }},
		{f.edges, func(w io.Writer) error { return coord.WriteEdgesCSV(w, edges) }},
		{f.graphml, func(w io.Writer) error { return coord.WriteGraphML(w, edges, clusters) }},
	}
	if err := os.MkdirAll(f.outDir, 0o755); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	var written []string
	for _, o := range outputs {
		if o.name == "" {
			continue
		}
		p := o.name
		if !filepath.IsAbs(p) {
			p = filepath.Join(f.outDir, p)
		}
		if err := writeCoordFile(p, o.write); err != nil {
			return err
		}
		written = append(written, p)
	}
	st := g.Stats()
	fmt.Fprintf(s.err, "coord: %d posts, %d accounts, %d co-share pairs, %d edges (of %d) at weight >= %d, %d clusters in %s\n",
		st.Posts, st.Accounts, st.CoShares, len(edges), st.EdgesAll, cfg.MinEdgeWeight, len(clusters), time.Since(start).Round(time.Millisecond))
	if st.RecordErrors > 0 || st.PostsSkipped > 0 || st.BadURLs > 0 {
		fmt.Fprintf(s.err, "coord: skipped %d unreadable records, %d posts without account or time, %d bad URLs\n", st.RecordErrors, st.PostsSkipped, st.BadURLs)
	}
	if st.CappedObjects > 0 {
		fmt.Fprintf(s.err, "coord: %d objects hit the pair cap; %d pairs not enumerated\n", st.CappedObjects, st.PairsSkipped)
	}
	for _, p := range written {
		fmt.Fprintf(s.err, "coord: wrote %s\n", p)
	}
	return nil
}

func writeCoordFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	return nil
}

// readShareFiles yields the shares of every share-table source in order.
func readShareFiles(srcs []source, stdin io.Reader) func(func(coord.Share, error) bool) {
	return func(yield func(coord.Share, error) bool) {
		for _, src := range srcs {
			if !yieldShares(src, stdin, yield) {
				return
			}
		}
	}
}

// yieldShares yields one source's shares; false means stop.
func yieldShares(src source, stdin io.Reader, yield func(coord.Share, error) bool) bool {
	r := stdin
	if src.name != "-" {
		fh, err := os.Open(src.name)
		if err != nil {
			yield(coord.Share{}, rampart.Errorf(rampart.EINVALID, "open %s: %v", src.name, errors.Unwrap(err)))
			return false
		}
		defer fh.Close()
		r = fh
	}
	for sh, err := range coord.ReadShares(r) {
		if err != nil {
			err = fmt.Errorf("%s: %w", src.name, err)
		}
		if !yield(sh, err) {
			return false
		}
	}
	return true
}
