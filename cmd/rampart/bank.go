package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/rampart-tt/rampart/bank"
	"github.com/rampart-tt/rampart/sqlite"
	"github.com/spf13/cobra"
)

func newBankCmd(s *streams) *cobra.Command {
	var db string
	c := &cobra.Command{
		Use:   "bank",
		Short: "Manage hash banks: known content by PDQ, MD5, SHA-256, vPDQ and URL",
		Long: `Banks live in the Rampart SQLite database (--db). Files are read and written
in the HMA-compatible CSV layout (columns signal_type,signal_value,opinion,
group,kind,source,tags,id,added_at,disabled_at; only the first two are
required) or native JSONL (one entry object per line); the format follows the
file extension (.csv, .jsonl) unless --format says otherwise. A file with any
bad row is rejected whole, listing the bad lines.`,
	}
	c.PersistentFlags().StringVar(&db, "db", "rampart.db", "SQLite database path")
	c.AddCommand(newBankCreateCmd(s, &db), newBankImportCmd(s, &db), newBankExportCmd(s, &db), newBankListCmd(s, &db),
		newBankAddCmd(s, &db), newBankDisableCmd(s, &db), newBankPullCmd(s, &db))
	return c
}

// openBanks opens the bank tables in the Rampart database, creating the
// store's schema first so that the file stays one the store accepts.
func openBanks(ctx context.Context, path string) (*bank.Store, error) {
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	st.Close()
	bs, err := bank.OpenSQLite(ctx, path, bank.Options{})
	if err != nil {
		return nil, err
	}
	return bs, nil
}

// openExistingBanks is openBanks for commands that only read: a missing file
// is an error rather than a new empty database.
func openExistingBanks(ctx context.Context, path string) (*bank.Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open database %s: %w (create a bank first with 'rampart bank create', or pass --db)", path, err)
	}
	return openBanks(ctx, path)
}

func newBankCreateCmd(s *streams, db *string) *cobra.Command {
	b := bank.NewBank("")
	var disabled bool
	c := &cobra.Command{
		Use:   "create NAME",
		Short: "Create a bank",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b.Name, b.Enabled = args[0], !disabled
			if err := b.Validate(); err != nil {
				return usageError{err}
			}
			bs, err := openBanks(cmd.Context(), *db)
			if err != nil {
				return err
			}
			defer bs.Close()
			if err := bs.CreateBank(cmd.Context(), b); err != nil {
				return err
			}
			fmt.Fprintf(s.out, "created bank %s (threshold %d, ratio %g, enabled %v, suppress %v)\n", b.Name, b.Threshold, b.Ratio, b.Enabled, b.Suppress)
			return nil
		},
	}
	fl := c.Flags()
	fl.IntVar(&b.Threshold, "threshold", bank.DefaultPDQThreshold, "largest PDQ distance that matches (0..256)")
	fl.Float64Var(&b.Ratio, "ratio", 1, "share of entries live (0..1), for a gradual roll-out")
	fl.BoolVar(&b.Suppress, "suppress", false, "a bank of known false positives: its matches cancel other banks' matches")
	fl.BoolVar(&disabled, "disabled", false, "create the bank switched off")
	fl.StringVar(&b.Description, "description", "", "what the bank holds")
	return c
}

func fileFormat(flag, path string) (string, error) {
	f := flag
	if f == "" {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".csv", ".txt":
			f = "csv"
		case ".jsonl", ".ndjson":
			f = "jsonl"
		default:
			return "", usagef("cannot tell the format of %q from its extension: pass --format csv or --format jsonl", path)
		}
	}
	if f != "csv" && f != "jsonl" {
		return "", usagef("unknown --format %q: want csv or jsonl", f)
	}
	return f, nil
}

func newBankImportCmd(s *streams, db *string) *cobra.Command {
	var format string
	var create bool
	c := &cobra.Command{
		Use:   "import NAME FILE",
		Short: "Import a bank file (all rows or none)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, path := args[0], args[1]
			f, err := fileFormat(format, path)
			if err != nil {
				return err
			}
			in, err := os.Open(path)
			if err != nil {
				return fmt.Errorf("import: %w", err)
			}
			defer in.Close()
			var es []bank.Entry
			if f == "csv" {
				es, err = bank.ReadCSV(in, path)
			} else {
				es, err = bank.ReadJSONL(in, path)
			}
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			bs, err := openBanks(ctx, *db)
			if err != nil {
				return err
			}
			defer bs.Close()
			if create {
				if _, err := bs.Bank(ctx, name); err != nil {
					if err := bs.CreateBank(ctx, bank.NewBank(name)); err != nil {
						return err
					}
				}
			}
			res, err := bs.Import(ctx, name, es)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.out, "bank %s: %d added, %d updated from %s\n", name, res.Added, res.Updated, path)
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "", "csv or jsonl (default: from the file extension)")
	c.Flags().BoolVar(&create, "create", false, "create the bank with default settings when it does not exist")
	return c
}

func newBankExportCmd(s *streams, db *string) *cobra.Command {
	var format, out string
	c := &cobra.Command{
		Use:   "export NAME",
		Short: "Write a bank's entries (disabled ones included) as CSV or JSONL",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format == "" {
				format = "csv"
				if out != "" && out != "-" {
					var err error
					if format, err = fileFormat("", out); err != nil {
						return err
					}
				}
			}
			if _, err := fileFormat(format, ""); err != nil {
				return err
			}
			ctx := cmd.Context()
			bs, err := openExistingBanks(ctx, *db)
			if err != nil {
				return err
			}
			defer bs.Close()
			if _, err := bs.Bank(ctx, args[0]); err != nil {
				return err
			}
			var es []bank.Entry
			for r, err := range bs.Entries(ctx, args[0]) {
				if err != nil {
					return err
				}
				es = append(es, r.Entry)
			}
			return writeTo(s.out, out, func(w io.Writer) error {
				if format == "csv" {
					return bank.WriteCSV(w, es)
				}
				return bank.WriteJSONL(w, es)
			})
		},
	}
	c.Flags().StringVar(&format, "format", "", "csv or jsonl (default: from -o's extension, else csv)")
	c.Flags().StringVarP(&out, "output", "o", "", "file to write (default stdout)")
	return c
}

// writeTo writes to stdout, or to a file replaced only when fn succeeds.
func writeTo(stdout io.Writer, path string, fn func(io.Writer) error) error {
	if path == "" || path == "-" {
		return fn(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".rampart-export-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

func newBankListCmd(s *streams, db *string) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "list [NAME]",
		Short: "List banks, or with NAME the entries of one bank",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			bs, err := openExistingBanks(ctx, *db)
			if err != nil {
				return err
			}
			defer bs.Close()
			if len(args) == 0 {
				banks, err := bs.Banks(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return json.NewEncoder(s.out).Encode(banks)
				}
				tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "BANK\tENTRIES\tDISABLED\tTHRESHOLD\tRATIO\tENABLED\tSUPPRESS\tCHECKPOINT")
				for _, b := range banks {
					fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%g\t%v\t%v\t%s\n", b.Name, b.Entries, b.Disabled, b.Threshold, b.Ratio, b.Enabled, b.Suppress, b.Checkpoint)
				}
				return tw.Flush()
			}
			if _, err := bs.Bank(ctx, args[0]); err != nil {
				return err
			}
			tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
			enc := json.NewEncoder(s.out)
			if !asJSON {
				fmt.Fprintln(tw, "ID\tTYPE\tOPINION\tGROUP\tKIND\tSOURCE\tDISABLED\tVALUE")
			}
			for r, err := range bs.Entries(ctx, args[0]) {
				if err != nil {
					return err
				}
				if asJSON {
					if err := enc.Encode(r.Entry); err != nil {
						return err
					}
					continue
				}
				dis := "-"
				if r.Disabled() {
					dis = r.DisabledAt.Format("2006-01-02")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Type, r.Opinion, dash(r.Labels.Group), dash(r.Labels.Kind), dash(r.Labels.Source), dis, r.Value)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON (one entry per line for a bank's entries)")
	return c
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newBankAddCmd(s *streams, db *string) *cobra.Command {
	var e bank.Entry
	var opinion, typ, image string
	var resize bool
	c := &cobra.Command{
		Use:   "add NAME [TYPE VALUE]",
		Short: "Add one entry: a value of a signal type, or --image to hash a local image",
		Long: `Add one entry and print its id. Give the signal type and value
(pdq HEX, md5 HEX, sha256 HEX, vpdq HEX,HEX,..., url URL|domain:NAME|telegram:NAME),
or --image FILE to add the PDQ hash of a local image.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 && len(args) != 3 {
				return fmt.Errorf("want NAME TYPE VALUE, or NAME with --image")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			switch {
			case len(args) == 3 && image == "":
				typ, e.Value = args[1], args[2]
			case len(args) == 1 && image != "":
				r, err := hashImage(ctx, image, resize)
				if err != nil {
					return err
				}
				typ, e.Value = string(bank.PDQ), r
			default:
				return usagef("give either TYPE VALUE or --image FILE")
			}
			e.Type, e.Opinion = bank.SignalType(typ), bank.Opinion(opinion)
			bs, err := openBanks(ctx, *db)
			if err != nil {
				return err
			}
			defer bs.Close()
			rec, err := bs.Add(ctx, args[0], e)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.out, "bank %s: entry %s %s %s\n", args[0], rec.ID, rec.Type, rec.Value)
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&e.ID, "id", "", "entry id (default: derived from type and value)")
	fl.StringVar(&e.Labels.Group, "group", "", "designated group (registry entity id) behind the content")
	fl.StringVar(&e.Labels.Kind, "kind", "", "kind of content: claim_poster, logo, execution_video, martyr_portrait, ...")
	fl.StringVar(&e.Labels.Source, "source", "", "where the entry came from: gifct, internal, referral, ...")
	fl.StringSliceVar(&e.Labels.Tags, "tag", nil, "free tag (repeatable)")
	fl.StringVar(&opinion, "opinion", "positive", "positive, investigate or negative")
	fl.StringVar(&image, "image", "", "hash this image file with PDQ instead of giving TYPE VALUE")
	fl.BoolVar(&resize, "resize512", false, "with --image: the C++ tool's 512x512 front end")
	return c
}

func hashImage(ctx context.Context, path string, resize bool) (string, error) {
	r, err := hashPDQ(ctx, path, resize)
	if err != nil {
		return "", err
	}
	return r.Hash.String(), nil
}

func newBankDisableCmd(s *streams, db *string) *cobra.Command {
	return &cobra.Command{
		Use:   "disable NAME ENTRY_ID",
		Short: "Switch an entry off (it stays in the bank's history)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			bs, err := openExistingBanks(cmd.Context(), *db)
			if err != nil {
				return err
			}
			defer bs.Close()
			rec, err := bs.Disable(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			fmt.Fprintf(s.out, "bank %s: entry %s disabled at %s\n", args[0], rec.ID, rec.DisabledAt.Format("2006-01-02T15:04:05Z07:00"))
			return nil
		},
	}
}

func newBankPullCmd(s *streams, db *string) *cobra.Command {
	var from string
	c := &cobra.Command{
		Use:   "pull NAME --from FILE|URL",
		Short: "Apply the deltas of an exchange: a JSONL delta file or an HTTP JSON feed",
		Long: `Pull applies add, update and delete deltas to a bank and stores the
exchange's checkpoint with them, so a pull that fails resumes where the last
committed page ended. --from takes a JSONL file of {"op","entry"} lines or an
http(s) URL answering GET URL?checkpoint=C with
{"deltas":[...],"checkpoint":"...","more":bool}.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == "" {
				return usagef("--from is required")
			}
			var ex bank.Exchange = bank.FileExchange{Path: from}
			if strings.HasPrefix(from, "http://") || strings.HasPrefix(from, "https://") {
				ex = bank.HTTPExchange{URL: from}
			}
			ctx := cmd.Context()
			bs, err := openExistingBanks(ctx, *db)
			if err != nil {
				return err
			}
			defer bs.Close()
			res, err := bank.Pull(ctx, bs, args[0], ex)
			fmt.Fprintf(s.out, "bank %s: %d added, %d updated, %d deleted; checkpoint %q\n", args[0], res.Added, res.Updated, res.Deleted, res.Checkpoint)
			return err
		},
	}
	c.Flags().StringVar(&from, "from", "", "delta file or feed URL")
	return c
}
