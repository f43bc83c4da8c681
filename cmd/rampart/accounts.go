package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/account"
	"github.com/rampart-tt/rampart/ingest"
	"github.com/spf13/cobra"
)

func newAccountsCmd(s *streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "accounts",
		Short: "Score accounts as likely bots or fakes, and match them against removed accounts",
	}
	c.AddCommand(newAccountsScoreCmd(s), newAccountsEvasionCmd(s))
	return c
}

// readWindow reads every item of the inputs into memory, counting and
// reporting rejected records, since both subcommands need each account's
// posts together.
func readWindow(ctx context.Context, s *streams, format string, args []string) ([]rampart.Item, error) {
	if err := checkFormat(format); err != nil {
		return nil, err
	}
	srcs, err := expandInputs(args)
	if err != nil {
		return nil, err
	}
	rej := &rejectLog{w: s.err, max: 20}
	var items []rampart.Item
	for it, err := range readAll(ctx, srcs, format, s.in, nil, nil) {
		if err != nil {
			var rr interface{ RecordReason() string }
			if errors.As(err, &rr) {
				rej.log(err)
				continue
			}
			return nil, err
		}
		items = append(items, it)
	}
	rej.finish()
	return items, nil
}

type scoreLine struct {
	Platform    string                 `json:"platform"`
	ID          string                 `json:"id"`
	Score       float64                `json:"score"`
	Head        string                 `json:"head"`
	TopFeatures []account.Contribution `json:"top_features"`
	Missing     []string               `json:"missing,omitempty"`
}

func newAccountsScoreCmd(s *streams) *cobra.Command {
	var format, now string
	c := &cobra.Command{
		Use:   "score [--format F] INPUT...",
		Short: "Print a bot score per account as JSON Lines",
		Long: `Score reads accounts and posts (same inputs and formats as scan) and prints one
JSON line per account: platform, id, score in [0,1] (higher = more likely
automated or fake), the head used (profile or activity), the largest feature
contributions, and the features that were missing. Accounts seen only as post
authors are scored from their activity; their profile features are listed as
missing. Account age is measured at the newest post of each account, or at
--now (default: the current time) for accounts without posts.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clock := time.Now
			fixed := false
			if now != "" {
				t, err := time.Parse(time.RFC3339, now)
				if err != nil {
					return usagef("--now %q: want an RFC 3339 time such as 2026-02-01T00:00:00Z", now)
				}
				clock, fixed = func() time.Time { return t }, true
			}
			items, err := readWindow(cmd.Context(), s, format, args)
			if err != nil {
				return err
			}
			m := account.DefaultModel()
			enc := json.NewEncoder(s.out)
			for _, g := range account.GroupByAccount(items) {
				var at time.Time
				if fixed || len(g.Posts) == 0 {
					at = clock()
				}
				sc := m.Score(g.Account, g.Posts, at)
				if err := enc.Encode(scoreLine{Platform: g.Subject.Platform, ID: g.Subject.ID, Score: sc.Value,
					Head: sc.Head, TopFeatures: sc.Top, Missing: sc.Missing}); err != nil {
					return fmt.Errorf("write output: %w", err)
				}
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", ingest.FormatAuto, "input format: auto|"+strings.Join(ingest.Formats(), "|"))
	c.Flags().StringVar(&now, "now", "", "measure account age at this RFC 3339 time")
	return c
}

type evasionLine struct {
	Platform   string              `json:"platform"`
	ID         string              `json:"id"`
	Handle     string              `json:"handle,omitempty"`
	Candidates []account.Candidate `json:"candidates"`
}

func newAccountsEvasionCmd(s *streams) *cobra.Command {
	var format, removed string
	var top int
	var minScore float64
	c := &cobra.Command{
		Use:   "evasion INPUT... --removed FILE [--top 10]",
		Short: "Rank removed accounts that each input account may re-create",
		Long: `Evasion indexes the removed accounts of --removed FILE and prints, for every
account of the inputs that has candidates, one JSON line with the ranked
removed accounts and the evidence for each.

FILE is native JSON Lines: one {"kind":"account",...} record per removed
account, optionally with its posts ({"kind":"post",...} with account_id), and
two optional fields on account records: "removed_at" (RFC 3339) and "group"
(designated group id).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if removed == "" {
				return usagef("--removed FILE is required")
			}
			if top < 1 {
				return usagef("--top must be at least 1, got %d", top)
			}
			f, err := os.Open(removed)
			if err != nil {
				return usagef("--removed: %v", err)
			}
			idx, err := account.LoadRemoved(f, removed)
			f.Close()
			if err != nil {
				return rampart.Errorf(rampart.EINVALID, "%v", err)
			}
			items, err := readWindow(cmd.Context(), s, format, args)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(s.out)
			for _, g := range account.GroupByAccount(items) {
				if g.Account == nil {
					continue
				}
				cs := idx.Candidates(g.Account, g.Posts, top, minScore)
				if len(cs) == 0 {
					continue
				}
				if err := enc.Encode(evasionLine{Platform: g.Subject.Platform, ID: g.Subject.ID, Handle: g.Account.Handle, Candidates: cs}); err != nil {
					return fmt.Errorf("write output: %w", err)
				}
			}
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&format, "format", ingest.FormatAuto, "input format: auto|"+strings.Join(ingest.Formats(), "|"))
	fl.StringVar(&removed, "removed", "", "JSON Lines file of removed accounts (and their posts)")
	fl.IntVar(&top, "top", 10, "candidates per account")
	fl.Float64Var(&minScore, "min-score", 0.3, "least candidate score printed")
	return c
}
