package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/rampart-tt/rampart/bank"
	"github.com/rampart-tt/rampart/pdq"
	"github.com/spf13/cobra"
)

func newMediaCmd(s *streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "media",
		Short: "Match media files against the hash banks",
	}
	c.AddCommand(newMediaMatchCmd(s))
	return c
}

// mediaResult is what media match reports for one file.
type mediaResult struct {
	File    string       `json:"file"`
	MD5     string       `json:"md5"`
	SHA256  string       `json:"sha256"`
	PDQ     string       `json:"pdq,omitempty"`
	Quality int          `json:"quality,omitempty"`
	Matches []bank.Match `json:"matches"`
}

func newMediaMatchCmd(s *streams) *cobra.Command {
	var db string
	var asJSON, resize bool
	c := &cobra.Command{
		Use:   "match FILE...",
		Short: "Hash files and show every bank entry they match, with why",
		Long: `Match hashes each file (MD5 and SHA-256 of its bytes, and PDQ when it is an
image) and looks the hashes up in every enabled bank. Each match names the
bank, the entry, its labels and opinion, the distance and the bank's
threshold; a match that a suppression bank (known false positives) cancelled
is marked SUPPRESSED with the cancelling entry. Nothing is fetched. Files
that cannot be read are reported on stderr; the exit status is then 1.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			bs, err := openExistingBanks(ctx, db)
			if err != nil {
				return err
			}
			m, err := bank.Load(ctx, bs)
			bs.Close()
			if err != nil {
				return err
			}
			enc := json.NewEncoder(s.out)
			enc.SetEscapeHTML(false)
			failed := 0
			for _, f := range args {
				r, err := matchFile(ctx, m, f, resize)
				if err != nil {
					failed++
					fmt.Fprintf(s.err, "rampart: %s: %v\n", f, err)
					continue
				}
				if asJSON {
					if err := enc.Encode(r); err != nil {
						return err
					}
					continue
				}
				printMediaResult(s, r)
			}
			if failed > 0 {
				return errSomeFailed{failed, len(args)}
			}
			return nil
		},
	}
	c.Flags().StringVar(&db, "db", "rampart.db", "SQLite database path")
	c.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per file")
	c.Flags().BoolVar(&resize, "resize512", false, "hash with the C++ tool's 512x512 front end")
	return c
}

func matchFile(ctx context.Context, m *bank.Matcher, path string, resize bool) (mediaResult, error) {
	b, err := readLimited(path, pdq.DefaultMaxBytes)
	if err != nil {
		return mediaResult{}, err
	}
	d := pdq.DigestOf(b)
	r := mediaResult{File: path, MD5: d.MD5Hex(), SHA256: d.SHA256Hex(), Matches: []bank.Match{}}
	if pdq.Format(b) != "" {
		h, err := pdq.HashBytes(ctx, b, pdq.Options{Resize512: resize})
		if err != nil {
			return mediaResult{}, err
		}
		r.PDQ, r.Quality = h.Hash.String(), h.Quality
		r.Matches = append(r.Matches, m.Match(bank.PDQ, r.PDQ)...)
	}
	r.Matches = append(r.Matches, m.Match(bank.MD5, r.MD5)...)
	r.Matches = append(r.Matches, m.Match(bank.SHA256, r.SHA256)...)
	return r, nil
}

func printMediaResult(s *streams, r mediaResult) {
	fmt.Fprintf(s.out, "%s\n  md5 %s\n  sha256 %s\n", r.File, r.MD5, r.SHA256)
	if r.PDQ != "" {
		fmt.Fprintf(s.out, "  pdq %s quality %d", r.PDQ, r.Quality)
		if r.Quality < 50 {
			fmt.Fprint(s.out, " (below 50: unreliable, expect false matches)")
		}
		fmt.Fprintln(s.out)
	}
	if len(r.Matches) == 0 {
		fmt.Fprintln(s.out, "  no match")
	}
	for _, x := range r.Matches {
		fmt.Fprintf(s.out, "  match: %s\n", x.Explain())
	}
}

// hashPDQ hashes one image file with the chosen front end.
func hashPDQ(ctx context.Context, path string, resize bool) (pdq.Result, error) {
	r, err := pdq.HashFile(ctx, path, pdq.Options{Resize512: resize})
	if err != nil {
		return pdq.Result{}, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}
