package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/bank"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/ingest"
	"github.com/rampart-tt/rampart/output"
	"github.com/rampart-tt/rampart/pipeline"
	"github.com/rampart-tt/rampart/progress"
	"github.com/rampart-tt/rampart/sqlite"
	"github.com/spf13/cobra"
)

type scanFlags struct {
	format  string
	output  string
	policy  string
	db      string
	noStore bool
	all     bool
	workers int
	enable  []string
	an      analyzerFlags

	noClassifier bool
	classifyAll  bool
}

func newScanCmd(s *streams) *cobra.Command {
	var f scanFlags
	c := &cobra.Command{
		Use:   "scan [flags] INPUT...",
		Short: "Scan platform exports for designated groups and decide under a policy",
		Long: `Scan reads files, directories or - (stdin), detects designated groups and other
signals, applies the policy, prints findings that need action and stores every
finding (and every item) in the database.

Formats are detected from content (--format auto, the default); --format forces
one of: ` + strings.Join(ingest.Formats(), ", ") + `.
A name mention alone gives action none: such findings are stored and shown with --all.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd.Context(), s, f, args)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.format, "format", ingest.FormatAuto, "input format: auto|"+strings.Join(ingest.Formats(), "|"))
	fl.StringVarP(&f.output, "output", "o", "jsonl", "output format: jsonl|table|csv")
	fl.StringVar(&f.policy, "policy", "", "policy file (default: the embedded policies/default.yaml)")
	fl.StringVar(&f.db, "db", "rampart.db", "SQLite database path")
	fl.BoolVar(&f.noStore, "no-store", false, "do not open or write a database")
	fl.BoolVar(&f.all, "all", false, "also print findings whose action is none (mentions alone)")
	fl.IntVar(&f.workers, "workers", 0, "detection workers (default: number of CPUs)")
	fl.StringSliceVar(&f.enable, "enable", nil, "screen these entities although off by default (e.g. ptm,tlp)")
	fl.BoolVar(&f.noClassifier, "no-classifier", false, "skip the text classifier (names, hashes and accounts only)")
	fl.BoolVar(&f.classifyAll, "classify-all", false, "classify every post (default: only posts where a designated group is named or linked; every post then gets a finding)")
	fl.StringSliceVar(&f.an.names, "analyzers", []string{"bot"}, "window analyzers: bot, coord, evasion (needs --removed), or none")
	fl.Float64Var(&f.an.botMin, "bot-min", 0.5, "report bot scores at or above this")
	fl.StringVar(&f.an.removed, "removed", "", "accounts removed earlier (native JSONL), for ban-evasion matching")
	fl.IntVar(&f.an.window, "window", 100_000, "items per analyzer window (bounds memory: about 2-3 KB per item)")
	return c
}

func runScan(ctx context.Context, s *streams, f scanFlags, args []string) error {
	if err := checkFormat(f.format); err != nil {
		return err
	}
	if !slices.Contains(output.Formats, f.output) {
		return usagef("unknown --output %q: want one of %s", f.output, strings.Join(output.Formats, ", "))
	}
	srcs, err := expandInputs(args)
	if err != nil {
		return err
	}
	// Without analyzers the live heap of a scan is small and bounded (the
	// batches in flight) while short-lived garbage per post is high: let the
	// heap grow to 4x live before collecting. With analyzers the window is
	// the live heap, and the default collector pacing keeps RSS near it.
	// GOGC, when set, wins.
	if os.Getenv("GOGC") == "" && slices.Contains(f.an.names, "none") {
		debug.SetGCPercent(400)
		// ...within a soft ceiling, so that RSS stays flat however large
		// the input (GOMEMLIMIT, when set, wins).
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(512 << 20)
		}
	}
	opts := envOptions{policyPath: f.policy, enable: f.enable, noClassifier: f.noClassifier, classifyAll: f.classifyAll}
	var sink *storeSink
	if !f.noStore {
		st, err := sqlite.Open(ctx, f.db)
		if err != nil {
			return fmt.Errorf("open database %s: %w (use --no-store to scan without one)", f.db, err)
		}
		defer st.Close()
		// Findings an active crisis incident covers are tagged as stored.
		sink = newStoreSink(st, casework.NewCrisisFindings(st, st.Casework(nil), nil))
		// The registry in force: the shipped one overlaid with lists
		// imported into this database ('rampart designations import').
		if opts.registry, _, err = registryInForce(ctx, st, 0); err != nil {
			return err
		}
		// Hash banks live in the same database ('rampart bank ...').
		if opts.banks, err = loadBanks(ctx, f.db); err != nil {
			return err
		}
	}
	e, err := loadEnv(opts)
	if err != nil {
		return err
	}
	analyzers, err := f.an.build()
	if err != nil {
		return err
	}
	p, err := e.pipeline(f.workers, analyzers, f.an.window)
	if err != nil {
		return err
	}
	w, err := output.New(f.output, s.out)
	if err != nil {
		return usageError{err}
	}

	var total int64
	for _, src := range srcs {
		total += src.size
	}
	bar := progress.New(s.err, total)
	rej := &rejectLog{w: s.err, max: 20}
	skips := &skipTally{}
	start := time.Now()
	stats, runErr := p.Run(ctx, readAll(ctx, srcs, f.format, s.in, bar.Reader, skips), func(r pipeline.Result) error {
		bar.Add(1)
		if sink != nil {
			if err := sink.add(ctx, r); err != nil {
				return err
			}
		}
		if r.Finding != nil && (f.all || r.Finding.Action != rampart.ActionNone) {
			return w.Write(r.Finding)
		}
		return nil
	}, rej.log)
	bar.Done()
	if err := w.Close(); err != nil && runErr == nil {
		runErr = fmt.Errorf("write output: %w", err)
	}
	var stored storeCounts
	if sink != nil {
		// Flush what was accepted even when the run failed part-way: data
		// already read is never lost.
		c, err := sink.flush(context.WithoutCancel(ctx))
		if err != nil && runErr == nil {
			runErr = err
		}
		stored = c
	}
	rej.finish()
	printSummary(s.err, stats, skips, stored, sink != nil, time.Since(start))
	if e.media != nil {
		fmt.Fprintf(s.err, "media: %d files hashed, %d could not be read or decoded\n", e.media.FilesHashed(), e.media.Errors())
	}
	return runErr
}

// rejectLog prints the first rejected records in full and counts the rest,
// so that a file of a million bad lines does not flood the terminal.
type rejectLog struct {
	w       io.Writer
	max     int
	n       int
	dropped int
}

func (r *rejectLog) log(err error) {
	r.n++
	if r.n <= r.max {
		fmt.Fprintf(r.w, "rejected: %v\n", err)
		return
	}
	r.dropped++
}

func (r *rejectLog) finish() {
	if r.dropped > 0 {
		fmt.Fprintf(r.w, "rejected: … and %d more (counted in the summary)\n", r.dropped)
	}
}

// printSummary writes the scan's summary: items read, records rejected and
// skipped on purpose (each with its reasons), flags, findings by action and
// what was stored.
func printSummary(w io.Writer, st pipeline.Stats, skips *skipTally, stored storeCounts, storing bool, took time.Duration) {
	rate := float64(st.Read) / max(took.Seconds(), 1e-9)
	fmt.Fprintf(w, "read %d items in %s (%.0f items/s)", st.Read, took.Round(time.Millisecond), rate)
	if st.Rejected > 0 {
		fmt.Fprintf(w, "; rejected %d:", st.Rejected)
		for _, k := range sortedKeys(st.Reasons) {
			fmt.Fprintf(w, " %s %d;", k, st.Reasons[k])
		}
	}
	// The rejection list already ends with a semicolon.
	sep := "; "
	if st.Rejected > 0 {
		sep = " "
	}
	skips.print(w, sep)
	fmt.Fprintln(w)
	for _, k := range sortedKeys(st.Flags) {
		fmt.Fprintf(w, "flagged %d items: %s\n", st.Flags[k], k)
	}
	fmt.Fprintf(w, "findings %d:", st.Findings)
	for _, a := range st.ActionsBySeverity() {
		fmt.Fprintf(w, " %s %d", a, st.Actions[a])
	}
	fmt.Fprintln(w)
	if storing {
		fmt.Fprintf(w, "stored: %d new items, %d new findings\n", stored.items, stored.findings)
	}
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// checkFormat accepts auto or a supported input format.
func checkFormat(format string) error {
	if format == ingest.FormatAuto || slices.Contains(ingest.Formats(), format) {
		return nil
	}
	return usagef("unknown --format %q: want auto or one of %s", format, strings.Join(ingest.Formats(), ", "))
}

// loadBanks loads the hash banks stored in db into a matcher.
func loadBanks(ctx context.Context, db string) (*bank.Matcher, error) {
	bs, err := bank.OpenSQLite(ctx, db, bank.Options{})
	if err != nil {
		return nil, fmt.Errorf("open hash banks in %s: %w", db, err)
	}
	defer bs.Close()
	m, err := bank.Load(ctx, bs)
	if err != nil {
		return nil, fmt.Errorf("load hash banks: %w", err)
	}
	return m, nil
}
