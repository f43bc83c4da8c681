package main

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"

	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/sqlite"
	"github.com/spf13/cobra"
)

func newAuditCmd(s *streams) *cobra.Command {
	c := &cobra.Command{Use: "audit", Short: "Verify and export the tamper-evident audit log"}
	c.AddCommand(newAuditVerifyCmd(s), newAuditExportCmd(s))
	return c
}

func newAuditVerifyCmd(s *streams) *cobra.Command {
	var db string
	var keys []string
	var bundle string
	c := &cobra.Command{
		Use:   "verify [--db PATH | --bundle FILE] [--key PUBLIC.pem]...",
		Short: "Check the hash chain and checkpoint signatures; exit 1 naming the first bad record",
		Long: `Verify walks the audit log record by record: every hash, every link to the
previous record, every checkpoint signature. It exits 0 when the chain is
intact and 1 when it is not, naming the first bad record and what happened to
it (edited, deleted, reordered, inserted, signature, truncated, malformed).
With --bundle it checks an export without database access. --key names public
keys whose checkpoints are trusted; without one, a bundle's own keys are used
and the report says so.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			trusted, err := loadPublicKeys(keys)
			if err != nil {
				return usageError{err}
			}
			var rep audit.Report
			if bundle != "" {
				f, err := os.Open(bundle)
				if err != nil {
					return usageError{err}
				}
				defer f.Close()
				rep, err = audit.VerifyBundle(f, trusted)
				if err != nil {
					return verifyFailure(s, rep, err)
				}
			} else {
				st, err := sqlite.OpenWith(cmd.Context(), db, sqlite.Options{ReadOnly: true})
				if err != nil {
					return err
				}
				defer st.Close()
				rep, err = audit.Verify(cmd.Context(), st.AuditLog(), trusted)
				if err != nil {
					return verifyFailure(s, rep, err)
				}
			}
			fmt.Fprintf(s.out, "audit log intact: %d records, head %d %s; %d signed checkpoints cover up to record %d\n",
				rep.Records, rep.Head.Seq, rep.Head.Hash, rep.Checkpoints, rep.Signed.Seq)
			if rep.Records > rep.Signed.Seq {
				fmt.Fprintf(s.out, "records after %d are linked but not yet signed\n", rep.Signed.Seq)
			}
			if rep.KeysFromBundle {
				fmt.Fprintln(s.out, "signatures checked against the bundle's own keys: pass --key to check who signed")
			}
			return nil
		},
	}
	c.Flags().StringVar(&db, "db", "rampart.db", "SQLite database path")
	c.Flags().StringVar(&bundle, "bundle", "", "verify an exported bundle instead of a database")
	c.Flags().StringSliceVar(&keys, "key", nil, "trusted ed25519 public key files (PEM)")
	return c
}

// verifyFailure reports a broken chain; the command exits 1.
func verifyFailure(s *streams, rep audit.Report, err error) error {
	var be *audit.BreakError
	if errors.As(err, &be) {
		fmt.Fprintf(s.out, "audit log BROKEN at record %d (%s): %s; %d records checked\n", be.Seq, be.Kind, be.Reason, rep.Records)
		return fmt.Errorf("audit chain broken at record %d (%s)", be.Seq, be.Kind)
	}
	return fmt.Errorf("verify audit log: %w", err)
}

func loadPublicKeys(paths []string) ([]ed25519.PublicKey, error) {
	var out []ed25519.PublicKey
	for _, p := range paths {
		k, err := audit.LoadPublicKey(p)
		if err != nil {
			return nil, fmt.Errorf("--key %s: %w", p, err)
		}
		out = append(out, k)
	}
	return out, nil
}

func newAuditExportCmd(s *streams) *cobra.Command {
	var db, out string
	c := &cobra.Command{
		Use:   "export [--db PATH] -o FILE",
		Short: "Write a bundle an overseer can verify without database access",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("-o FILE is required")
			}
			st, err := sqlite.OpenWith(cmd.Context(), db, sqlite.Options{ReadOnly: true})
			if err != nil {
				return err
			}
			defer st.Close()
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			if err := audit.Export(cmd.Context(), st.AuditLog(), f); err != nil {
				f.Close()
				return fmt.Errorf("export audit log: %w", err)
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(s.err, "wrote %s; check it with 'rampart audit verify --bundle %s'\n", out, out)
			return nil
		},
	}
	c.Flags().StringVar(&db, "db", "rampart.db", "SQLite database path")
	c.Flags().StringVarP(&out, "output", "o", "", "bundle file to write")
	return c
}
