package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/designation"
	"github.com/rampart-tt/rampart/pipeline"
	"github.com/rampart-tt/rampart/sqlite"
	"github.com/spf13/cobra"
)

func newRescanCmd(s *streams) *cobra.Command {
	var (
		db, policyPath string
		since          int64
		enable         []string
		noClassifier   bool
	)
	c := &cobra.Command{
		Use:   "rescan --since-version V [--db PATH]",
		Short: "Re-scan stored items under the registry now in force and show what a list change changes",
		Long: `Rescan compares the designation registry as it was at stored list version V
(0: the shipped data alone) with the registry in force now, prints the diff,
re-runs detection and policy over every stored item, prints one JSON line per
subject whose designated groups changed ({"platform","kind","id","before",
"after","action"}), and stores the new findings. Findings made before are
kept as they were made: each records the registry version it relied on.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("since-version") {
				return usagef("--since-version is required (see 'rampart designations history')")
			}
			return runRescan(cmd.Context(), s, db, since, envOptions{policyPath: policyPath, enable: enable, noClassifier: noClassifier})
		},
	}
	fl := c.Flags()
	fl.StringVar(&db, "db", "rampart.db", "SQLite database path")
	fl.Int64Var(&since, "since-version", 0, "compare with the registry as of this stored list version (0: the shipped data alone)")
	fl.StringVar(&policyPath, "policy", "", "policy file (default: the embedded policies/default.yaml)")
	fl.StringSliceVar(&enable, "enable", nil, "screen these entities although off by default")
	fl.BoolVar(&noClassifier, "no-classifier", false, "skip the text classifier")
	return c
}

func runRescan(ctx context.Context, s *streams, db string, since int64, o envOptions) error {
	if since < 0 {
		return usagef("--since-version %d: want 0 (the shipped data alone) or a stored list version (see 'rampart designations history')", since)
	}
	if _, err := os.Stat(db); err != nil {
		return fmt.Errorf("open database %s: %w (scan something into it first, or pass --db)", db, err)
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	if since > 0 {
		if _, _, err := st.DesignationVersion(ctx, since); err != nil {
			return usagef("--since-version %d: %v (see 'rampart designations history')", since, err)
		}
	}
	upTo := since
	if since == 0 {
		upTo = -1
	}
	before, _, err := registryInForce(ctx, st, upTo)
	if err != nil {
		return err
	}
	after, _, err := registryInForce(ctx, st, 0)
	if err != nil {
		return err
	}
	diff := designation.DiffRegistries(before, after)
	if err := diff.WriteText(s.err); err != nil {
		return err
	}
	old, err := designation.NewMatcher(before.Screened(o.enable), designation.MatcherOptions{})
	if err != nil {
		return err
	}
	oldDetector := designation.NewDetector(before, old, o.jurisdictions)
	o.registry = after
	e, err := loadEnv(o)
	if err != nil {
		return err
	}
	p, err := e.pipeline(0, nil, 0)
	if err != nil {
		return err
	}
	// The items are already stored; findings an active crisis incident
	// covers are tagged as stored, as in scan.
	sink := newStoreSink(nil, casework.NewCrisisFindings(st, st.Casework(nil), nil))
	enc := json.NewEncoder(s.out)
	changed := 0
	stats, err := p.Run(ctx, st.Items(ctx), func(r pipeline.Result) error {
		oldSignals, err := oldDetector.Detect(ctx, r.Item)
		if err != nil {
			return err
		}
		was := signalGroups(oldSignals)
		var now []string
		action := rampart.ActionNone
		if r.Finding != nil {
			now = signalGroups(r.Finding.Signals)
			action = r.Finding.Action
		}
		if !slices.Equal(was, now) {
			changed++
			subj := r.Item.Subject()
			if err := enc.Encode(map[string]any{"platform": subj.Platform, "kind": subj.Kind, "id": subj.ID,
				"before": nonNil(was), "after": nonNil(now), "action": action}); err != nil {
				return err
			}
		}
		return sink.add(ctx, r)
	}, nil)
	if err != nil {
		return err
	}
	stored, err := sink.flush(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.err, "rescanned %d items under registry %s (was %s): %d subjects changed groups; %d new findings stored\n",
		stats.Read, after.Version(), before.Version(), changed, stored.findings)
	return nil
}

// signalGroups lists the designated groups named by designation signals.
func signalGroups(signals []rampart.Signal) []string {
	var gs []string
	for _, s := range signals {
		if s.Detector == rampart.DetectorDesignation && s.Group != "" && !slices.Contains(gs, s.Group) {
			gs = append(gs, s.Group)
		}
	}
	slices.Sort(gs)
	return gs
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
