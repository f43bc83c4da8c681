package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rampart-tt/rampart/vpdq"
)

// newHashVPDQCmd builds `rampart hash vpdq`: per-frame vPDQ hashes of
// videos, decoded with the system's ffmpeg.
func newHashVPDQCmd(s *streams) *cobra.Command {
	var (
		opt    vpdq.Options
		outDir string
	)
	c := &cobra.Command{
		Use:   "vpdq [--seconds-per-hash S] [--quality-min Q] FILE...",
		Short: "Print frame,quality,hash,timestamp for each frame of each video (the reference vpdq-hash-video layout)",
		Long: `Hash videos with vPDQ: each frame decoded by ffmpeg (which must be installed:
apt-get install ffmpeg) is hashed with PDQ at full resolution, and printed as
frame,quality,hash,timestamp, the reference vpdq-hash-video tool's layout.
--seconds-per-hash 0 (the default, as the reference's) hashes every frame.
--quality-min drops frames of lower PDQ quality; the default 0 keeps all, as
the reference does (matching ignores frames below 50 anyway).

With several files, each file's lines follow a "# FILE" comment line, which
rampart's hash-file reader skips. --out-dir writes DIR/NAME.txt per video
instead, exactly as the reference writes it. A video that cannot be hashed is
reported on stderr with its name; the others are still hashed, and the exit
status is 1 when any failed.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			failed := 0
			for _, f := range args {
				if err := hashVPDQOne(cmd, s, f, opt, outDir, len(args) > 1); err != nil {
					fmt.Fprintf(s.err, "rampart: %v\n", err)
					failed++
				}
				if err := cmd.Context().Err(); err != nil {
					return err
				}
			}
			if failed > 0 {
				return fmt.Errorf("hash vpdq: %d of %d video(s) failed (see messages above)", failed, len(args))
			}
			return nil
		},
	}
	c.Flags().Float64Var(&opt.SecondsPerHash, "seconds-per-hash", 0, "hash one frame every S seconds; 0 hashes every frame")
	c.Flags().IntVar(&opt.QualityMin, "quality-min", 0, "drop frames whose PDQ quality is below Q (0-100)")
	c.Flags().BoolVar(&opt.AllowDamaged, "allow-damaged", false, "hash the frames that decode from a damaged or truncated video instead of failing")
	c.Flags().StringVar(&outDir, "out-dir", "", "write DIR/NAME.txt per video instead of printing")
	return c
}

// hashVPDQOne streams one video's lines to stdout, or to a file in outDir
// written under a temporary name and renamed once complete.
func hashVPDQOne(cmd *cobra.Command, s *streams, path string, opt vpdq.Options, outDir string, header bool) error {
	if outDir == "" {
		w := bufio.NewWriter(s.out)
		if header {
			fmt.Fprintf(w, "# %s\n", path)
		}
		err := vpdq.Hash(cmd.Context(), path, opt, func(f vpdq.Feature) error {
			_, err := fmt.Fprintln(w, f)
			return err
		})
		if ferr := w.Flush(); err == nil && ferr != nil {
			err = fmt.Errorf("write: %w", ferr)
		}
		return err
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + ".txt"
	tmp, err := os.CreateTemp(outDir, ".vpdq-*")
	if err != nil {
		return fmt.Errorf("hash vpdq %s: --out-dir: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	herr := vpdq.Hash(cmd.Context(), path, opt, func(f vpdq.Feature) error {
		_, err := fmt.Fprintln(w, f)
		return err
	})
	err = w.Flush()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if herr != nil {
		return herr // names the video already
	}
	if err != nil {
		return fmt.Errorf("hash vpdq %s: write %s: %w", path, tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(outDir, name)); err != nil {
		return fmt.Errorf("hash vpdq %s: %w", path, err)
	}
	return nil
}
