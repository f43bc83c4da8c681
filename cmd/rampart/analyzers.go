package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/account"
	"github.com/rampart-tt/rampart/coord"
)

// analyzerFlags select the window analyzers of scan and demo.
type analyzerFlags struct {
	names   []string // bot, coord, evasion; "none" for none
	botMin  float64
	removed string // removed-accounts file for ban evasion
	window  int
}

var analyzerNames = []string{"bot", "coord", "evasion", "none"}

func (f analyzerFlags) build() ([]rampart.Analyzer, error) {
	var out []rampart.Analyzer
	names := f.names
	if f.removed != "" && !slices.Contains(names, "evasion") && !slices.Contains(names, "none") {
		names = append(names, "evasion")
	}
	for _, n := range names {
		switch n {
		case "none":
			if len(names) > 1 {
				return nil, usagef("--analyzers none cannot be combined with others (got %s)", strings.Join(names, ","))
			}
			return nil, nil
		case "bot":
			out = append(out, account.NewAnalyzer(nil, account.WithMinScore(f.botMin)))
		case "coord":
			cfg := coord.Defaults()
			if err := cfg.Validate(); err != nil {
				return nil, err
			}
			out = append(out, coord.NewAnalyzer(cfg))
		case "evasion":
			if f.removed == "" {
				return nil, usagef("the evasion analyzer needs --removed FILE (accounts removed earlier, as native JSONL)")
			}
			fh, err := os.Open(f.removed)
			if err != nil {
				return nil, usageError{fmt.Errorf("--removed: %w", err)}
			}
			idx, err := account.LoadRemoved(fh, f.removed)
			fh.Close()
			if err != nil {
				return nil, err
			}
			out = append(out, account.NewEvasionAnalyzer(idx))
		default:
			return nil, usagef("unknown analyzer %q: want %s", n, strings.Join(analyzerNames, ", "))
		}
	}
	return out, nil
}
