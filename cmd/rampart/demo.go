package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/bank"
	"github.com/rampart-tt/rampart/output"
	"github.com/rampart-tt/rampart/pipeline"
	"github.com/rampart-tt/rampart/sim"
	"github.com/rampart-tt/rampart/sqlite"
	"github.com/spf13/cobra"
)

func newDemoCmd(s *streams) *cobra.Command {
	var (
		cfg  sim.Config
		keep string
	)
	c := &cobra.Command{
		Use:   "demo",
		Short: "Generate a small synthetic platform, scan it under the default policy and summarise",
		Long: `Demo is Rampart's main job on data you can share: it generates a synthetic
platform (see 'rampart sim'), scans it with the embedded registry and default
policy, stores the findings, and prints what was found next to the ground truth,
so you can see both sides: harmful content caught and lawful speech left alone.
Everything in the synthetic platform is invented.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cfg.Validate(); err != nil {
				return usageError{err}
			}
			dir := keep
			if dir == "" {
				tmp, err := os.MkdirTemp("", "rampart-demo-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(tmp)
				dir = tmp
			} else if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			return runDemo(cmd, s, cfg, dir)
		},
	}
	fl := c.Flags()
	fl.Uint64Var(&cfg.Seed, "seed", 7, "random seed of the synthetic platform")
	fl.IntVar(&cfg.Accounts, "accounts", 1500, "accounts to generate")
	fl.IntVar(&cfg.Posts, "posts", 20000, "posts to generate")
	fl.StringVar(&keep, "dir", "", "keep the generated input, labels and database in this directory (default: a temporary one, removed afterwards)")
	return c
}

func runDemo(cmd *cobra.Command, s *streams, cfg sim.Config, dir string) error {
	ctx := cmd.Context()
	input := filepath.Join(dir, "platform.jsonl")
	fmt.Fprintf(s.out, "Generating a synthetic platform: %d accounts, %d posts (seed %d) ...\n", cfg.Accounts, cfg.Posts, cfg.Seed)
	if _, err := writeSim(cmd, cfg, input); err != nil {
		return err
	}
	truth, err := loadTruth(input + ".labels.jsonl")
	if err != nil {
		return err
	}
	dbPath := filepath.Join(dir, "rampart.db")
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	banks, nKnown, err := demoBank(ctx, dbPath, cfg.Seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "Loaded a hash bank of %d known propaganda posters (the synthetic platform's own).\n", nKnown)
	e, err := loadEnv(envOptions{banks: banks})
	if err != nil {
		return err
	}
	analyzers, err := analyzerFlags{names: []string{"bot"}, botMin: 0.5}.build()
	if err != nil {
		return err
	}
	p, err := e.pipeline(0, analyzers, 0)
	if err != nil {
		return err
	}
	sink := newStoreSink(st, st)
	tally := newDemoTally()
	start := time.Now()
	stats, err := p.Run(ctx, readAll(ctx, []source{{name: input}}, "auto", nil, nil, nil), func(r pipeline.Result) error {
		tally.add(r, truth)
		return sink.add(ctx, r)
	}, nil)
	if err != nil {
		return err
	}
	stored, err := sink.flush(ctx)
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(s.out, "Scanned %d items in %s (%.0f items/s) under policy %s, registry %s.\n",
		stats.Read, took.Round(time.Millisecond), float64(stats.Read)/max(took.Seconds(), 1e-9), e.policy.Version(), e.registry.Version())
	fmt.Fprintf(s.out, "Stored %d items and %d findings in %s.\n\n", stored.items, stored.findings, filepath.Join(dir, "rampart.db"))
	tally.print(s.out)
	return nil
}

// loadTruth reads the sim labels: post and account id → label or role.
func loadTruth(path string) (map[rampart.Subject]sim.Label, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[rampart.Subject]sim.Label{}
	for l, err := range sim.ReadLabels(bufio.NewReader(f)) {
		if err != nil {
			return nil, fmt.Errorf("read labels: %w", err)
		}
		m[l.Subject()] = l
	}
	return m, nil
}

// demoTally counts actions per ground-truth class, so that the demo shows
// both what was caught and what lawful speech was (not) actioned.
type demoTally struct {
	byClass  map[string]map[rampart.Action]int
	classes  map[string]int
	mentions map[string]int // group → posts naming it
	examples []*rampart.Finding
}

func newDemoTally() *demoTally {
	return &demoTally{byClass: map[string]map[rampart.Action]int{}, classes: map[string]int{}, mentions: map[string]int{}}
}

func (t *demoTally) add(r pipeline.Result, truth map[rampart.Subject]sim.Label) {
	l := truth[r.Item.Subject()]
	class := l.Label
	if r.Item.Account != nil {
		class = "account:" + l.Role
	}
	t.classes[class]++
	act := rampart.ActionNone
	if r.Finding != nil {
		act = r.Finding.Action
		for _, g := range output.Groups(r.Finding) {
			t.mentions[g]++
		}
		if act != rampart.ActionNone && len(t.examples) < 5 {
			t.examples = append(t.examples, r.Finding)
		}
	}
	if t.byClass[class] == nil {
		t.byClass[class] = map[rampart.Action]int{}
	}
	t.byClass[class][act]++
}

func (t *demoTally) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "ground truth (synthetic)\titems\tnone\treview or more\t")
	classes := make([]string, 0, len(t.classes))
	for c := range t.classes {
		classes = append(classes, c)
	}
	slices.Sort(classes)
	for _, c := range classes {
		acted := t.classes[c] - t.byClass[c][rampart.ActionNone]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", c, t.classes[c], t.byClass[c][rampart.ActionNone], acted)
	}
	tw.Flush()
	lawful, lawfulActed := 0, 0
	harmful, harmfulActed := 0, 0
	for _, c := range []string{sim.LabelReporting, sim.LabelCounterSpeech, sim.LabelActivism, sim.LabelOther} {
		lawful += t.classes[c]
		lawfulActed += t.classes[c] - t.byClass[c][rampart.ActionNone]
	}
	for _, c := range []string{sim.LabelPropaganda, sim.LabelRecruitment} {
		harmful += t.classes[c]
		harmfulActed += t.classes[c] - t.byClass[c][rampart.ActionNone]
	}
	fmt.Fprintf(w, "\nLawful posts (reporting, counter-speech, activism, everyday talk): %d of %d actioned.\n", lawfulActed, lawful)
	fmt.Fprintf(w, "Propaganda and recruitment: %d of %d sent to review or beyond.\n", harmfulActed, harmful)
	groups := make([]string, 0, len(t.mentions))
	for g := range t.mentions {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b string) int { return t.mentions[b] - t.mentions[a] })
	fmt.Fprint(w, "Designated groups named (items):")
	for _, g := range groups {
		fmt.Fprintf(w, " %s %d", g, t.mentions[g])
	}
	fmt.Fprintln(w)
	if len(t.examples) > 0 {
		fmt.Fprintln(w, "\nFirst findings that need action:")
		ow, _ := output.New("table", w)
		for _, f := range t.examples {
			ow.Write(f)
		}
		ow.Close()
	}
	fmt.Fprintln(w, "\nA name mention alone gives action none: such findings are stored (see 'rampart findings --action none').")
}

// demoBank stores the synthetic platform's known propaganda posters as a
// hash bank, as a platform would load GIFCT or its own bank, and loads it.
func demoBank(ctx context.Context, db string, seed uint64) (*bank.Matcher, int, error) {
	bs, err := bank.OpenSQLite(ctx, db, bank.Options{})
	if err != nil {
		return nil, 0, err
	}
	defer bs.Close()
	b := bank.NewBank("demo-known-content")
	b.Description = "claim posters of the synthetic platform (invented)"
	if err := bs.CreateBank(ctx, b); err != nil && rampart.ErrorCode(err) != rampart.ECONFLICT {
		return nil, 0, err
	}
	var entries []bank.Entry
	for _, p := range sim.Posters(seed) {
		e, err := bank.Normalize(bank.Entry{Type: bank.PDQ, Value: p.PDQ, Opinion: bank.Positive,
			Labels: bank.Labels{Group: p.Group, Kind: "claim_poster", Source: "internal"}})
		if err != nil {
			return nil, 0, err
		}
		entries = append(entries, e)
	}
	if _, err := bs.Import(ctx, b.Name, entries); err != nil {
		return nil, 0, err
	}
	m, err := bank.Load(ctx, bs)
	return m, len(entries), err
}
