package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/rampart-tt/rampart/sim"
	"github.com/spf13/cobra"
)

func newSimCmd(s *streams) *cobra.Command {
	var cfg sim.Config
	var out string
	c := &cobra.Command{
		Use:   "sim --seed N --accounts N --posts N -o FILE",
		Short: "Generate a synthetic platform with ground truth (FILE and FILE.labels.jsonl)",
		Long: `Sim writes a synthetic platform as native JSON Lines to FILE, and its ground
truth to FILE.labels.jsonl: organic users, news outlets and researchers, counter-
speech, lawful Baloch and Pashtun rights activism, propaganda accounts of several
designated groups, bot amplifier networks and ban-evaders, in English, Urdu,
Roman Urdu, Pashto and Arabic. Everything in it is invented. The same seed gives
byte-identical output. Labels never reach detection: scan skips *.labels.jsonl
when it walks a directory.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("-o FILE is required")
			}
			if err := cfg.Validate(); err != nil {
				return usageError{err}
			}
			stats, err := writeSim(cmd, cfg, out)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.err, "wrote %d accounts and %d posts to %s (labels in %s.labels.jsonl)\n", stats.Accounts, stats.Posts, out, out)
			return nil
		},
	}
	fl := c.Flags()
	fl.Uint64Var(&cfg.Seed, "seed", 1, "random seed (same seed, same output)")
	fl.IntVar(&cfg.Accounts, "accounts", 1000, "number of accounts")
	fl.IntVar(&cfg.Posts, "posts", 10000, "number of posts")
	fl.IntVar(&cfg.Days, "days", 30, "length of the posting period in days")
	fl.StringSliceVar(&cfg.Platforms, "platforms", nil, "platforms to spread accounts over (default x,telegram,facebook)")
	fl.StringVarP(&out, "output", "o", "", "output file (labels go to FILE.labels.jsonl)")
	return c
}

func writeSim(cmd *cobra.Command, cfg sim.Config, path string) (sim.Stats, error) {
	items, err := os.Create(path)
	if err != nil {
		return sim.Stats{}, fmt.Errorf("create %s: %w", path, err)
	}
	defer items.Close()
	labels, err := os.Create(path + ".labels.jsonl")
	if err != nil {
		return sim.Stats{}, fmt.Errorf("create labels file: %w", err)
	}
	defer labels.Close()
	iw, lw := bufio.NewWriterSize(items, 1<<20), bufio.NewWriterSize(labels, 1<<20)
	stats, err := sim.Generate(cmd.Context(), cfg, iw, lw)
	if err != nil {
		return stats, fmt.Errorf("generate: %w", err)
	}
	for _, w := range []*bufio.Writer{iw, lw} {
		if err := w.Flush(); err != nil {
			return stats, fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := items.Close(); err != nil {
		return stats, err
	}
	return stats, labels.Close()
}
