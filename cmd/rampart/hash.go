package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/rampart-tt/rampart/pdq"
	"github.com/spf13/cobra"
)

// errSomeFailed reports that a batch command finished but some inputs failed;
// each failure was already printed with its file name.
type errSomeFailed struct{ failed, total int }

func (e errSomeFailed) Error() string {
	return fmt.Sprintf("%d of %d file(s) failed (see messages above)", e.failed, e.total)
}

func newHashCmd(s *streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "hash",
		Short: "Hash media files (PDQ, MD5, SHA-256) as hash banks store them",
		Long: `Hash prints one line per file. It opens no database and works from any
directory. A file that cannot be hashed is reported on stderr with its name;
the others are still hashed, and the exit status is 1 when any failed.`,
	}
	c.AddCommand(newHashPDQCmd(s), newHashVPDQCmd(s), newHashDigestCmd(s, "md5"), newHashDigestCmd(s, "sha256"))
	return c
}

func newHashPDQCmd(s *streams) *cobra.Command {
	var opt pdq.Options
	c := &cobra.Command{
		Use:   "pdq FILE...",
		Short: "Print hash,quality,file for each image (the reference pdq-photo-hasher's CSV layout)",
		Long: `Hash each image with PDQ and print hash,quality,file lines, as the reference
pdq-photo-hasher tool does. The default hashes at full resolution, as
python-threatexchange and HMA do; --resize512 first squashes images larger
than 512 pixels to 512x512 as the C++ tool does (hashes differ by 2 to 10
bits between the two, so use the one your banks were built with).
--dihedral prints the 8 hashes of the rotations and flips, in the reference's
order (original, rot90, rot180, rot270, flipx, flipy, flip+1, flip-1), before
quality and file.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return eachFile(cmd.Context(), s, args, func(ctx context.Context, f string) (string, error) {
				r, err := pdq.HashFile(ctx, f, opt)
				if err != nil {
					return "", err
				}
				if opt.Dihedral && r.Dihedral != nil {
					line := ""
					for _, h := range r.Dihedral {
						line += h.String() + ","
					}
					return fmt.Sprintf("%s%d,%s", line, r.Quality, f), nil
				}
				return fmt.Sprintf("%s,%d,%s", r.Hash, r.Quality, f), nil
			})
		},
	}
	c.Flags().BoolVar(&opt.Resize512, "resize512", false, "squash images over 512 px to 512x512 first (C++ pdq-photo-hasher front end)")
	c.Flags().BoolVar(&opt.Dihedral, "dihedral", false, "print the hashes of all 8 rotations and flips")
	return c
}

func newHashDigestCmd(s *streams, algo string) *cobra.Command {
	return &cobra.Command{
		Use:   algo + " FILE...",
		Short: "Print hash,file with the " + algo + " of each file's bytes",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return eachFile(cmd.Context(), s, args, func(_ context.Context, f string) (string, error) {
				b, err := readLimited(f, pdq.DefaultMaxBytes)
				if err != nil {
					return "", err
				}
				d := pdq.DigestOf(b)
				if algo == "md5" {
					return d.MD5Hex() + "," + f, nil
				}
				return d.SHA256Hex() + "," + f, nil
			})
		},
	}
}

// eachFile runs fn on every file, printing its line or its error, and fails
// after the last file when any failed.
func eachFile(ctx context.Context, s *streams, files []string, fn func(context.Context, string) (string, error)) error {
	failed := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := fn(ctx, f)
		if err != nil {
			failed++
			fmt.Fprintf(s.err, "rampart: %s: %v\n", f, err)
			continue
		}
		fmt.Fprintln(s.out, line)
	}
	if failed > 0 {
		return errSomeFailed{failed, len(files)}
	}
	return nil
}

// readLimited reads a whole file, refusing one longer than limit.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return b, nil
}
