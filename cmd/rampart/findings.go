package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/output"
	"github.com/rampart-tt/rampart/sqlite"
	"github.com/spf13/cobra"
)

func newFindingsCmd(s *streams) *cobra.Command {
	var (
		db, out, platform, entity, since string
		actions                          []string
		limit                            int
		incident                         int64
	)
	c := &cobra.Command{
		Use:   "findings",
		Short: "List stored findings, filtered by action, platform, entity, crisis incident and time",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if !slices.Contains(output.Formats, out) {
				return usagef("unknown --output %q: want one of %s", out, strings.Join(output.Formats, ", "))
			}
			if incident < 0 {
				return usagef("--incident %d: want a crisis incident id, as GET /api/v1/incidents lists them", incident)
			}
			f := rampart.FindingFilter{Platform: platform, Entity: entity, IncidentID: incident, Limit: limit}
			for _, a := range actions {
				if a == "withhold" {
					f.Actions = append(f.Actions, rampart.Action(a))
					continue
				}
				act, err := rampart.ParseAction(a)
				if err != nil {
					return usageError{err}
				}
				f.Actions = append(f.Actions, act)
			}
			if since != "" {
				t, err := parseSince(since, time.Now())
				if err != nil {
					return usageError{err}
				}
				f.Since = t
			}
			st, err := sqlite.OpenWith(ctx, db, sqlite.Options{ReadOnly: true})
			if err != nil {
				return err
			}
			defer st.Close()
			w, err := output.New(out, s.out)
			if err != nil {
				return usageError{err}
			}
			for fd, err := range st.Findings(ctx, f) {
				if err != nil {
					return fmt.Errorf("list findings: %w", err)
				}
				if err := w.Write(&fd); err != nil {
					return err
				}
			}
			return w.Close()
		},
	}
	fl := c.Flags()
	fl.StringVar(&db, "db", "rampart.db", "SQLite database path")
	fl.StringVarP(&out, "output", "o", "table", "output format: jsonl|table|csv")
	fl.StringSliceVar(&actions, "action", nil, "only these actions (none, review, refer, withhold, withhold:PK, remove, suspend)")
	fl.StringVar(&platform, "platform", "", "only this platform")
	fl.StringVar(&entity, "entity", "", "only findings naming this entity or group id")
	fl.StringVar(&since, "since", "", "only findings made since an RFC 3339 time or a duration ago (e.g. 24h)")
	fl.Int64Var(&incident, "incident", 0, "only findings tagged with this crisis incident id")
	fl.IntVar(&limit, "limit", 0, "at most this many findings (0: all)")
	return c
}

// parseSince accepts an RFC 3339 time, a date, or a duration before now.
func parseSince(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("--since %q: want an RFC 3339 time (2026-01-02T15:04:05Z), a date (2026-01-02) or a duration (24h)", s)
}
