package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/ingest"
)

// source is one input: a file, or stdin ("-").
type source struct {
	name     string
	size     int64 // 0 when unknown
	fromWalk bool  // found by walking a directory, not named by the user
}

// expandInputs turns arguments into sources. Directories are walked; hidden
// files and sim label files (*.labels.jsonl, which hold ground truth and must
// never reach detection) are skipped there, but honoured when named.
func expandInputs(args []string) ([]source, error) {
	var out []source
	for _, a := range args {
		if a == "-" {
			out = append(out, source{name: "-"})
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			return nil, usagef("input %s: %v", a, errors.Unwrap(err))
		}
		if !st.IsDir() {
			out = append(out, source{name: a, size: st.Size()})
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			base := d.Name()
			if p != a && strings.HasPrefix(base, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() || strings.HasSuffix(base, ".labels.jsonl") {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			out = append(out, source{name: p, size: info.Size(), fromWalk: true})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", a, err)
		}
	}
	return out, nil
}

// readAll yields the items of every source in order. wrap lets the caller
// count bytes for a progress bar. A file found by walking a directory whose
// format is unknown is skipped and reported as rejected; a file the user
// named is a fatal error, since the user asked for it. What each reader
// skipped on purpose is added to skips (nil: not counted).
func readAll(ctx context.Context, srcs []source, format string, stdin io.Reader, wrap func(io.Reader) io.Reader, skips *skipTally) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		for _, src := range srcs {
			if !readSource(ctx, src, format, stdin, wrap, skips, yield) {
				return
			}
		}
	}
}

// readSource yields the items of one source and reports whether to go on
// with the next. Per-record errors are *ingest.RecordError, which the
// pipeline counts; anything else is fatal and named with the source.
// Records the reader skipped on purpose are added to skips, also when the
// read stops early (they then cover what was read).
func readSource(ctx context.Context, src source, format string, stdin io.Reader, wrap func(io.Reader) io.Reader, skips *skipTally, yield func(rampart.Item, error) bool) bool {
	r := stdin
	if src.name != "-" {
		f, err := os.Open(src.name)
		if err != nil {
			return yield(rampart.Item{}, fmt.Errorf("open input: %w", err))
		}
		defer f.Close()
		r = f
	}
	if wrap != nil {
		r = wrap(r)
	}
	rd, err := ingest.Open(src.name, r, format)
	if err != nil {
		if src.fromWalk {
			return yield(rampart.Item{}, &ingest.RecordError{File: src.name,
				Reason: "skipped file: format not recognised (name it with --format to force one)"})
		}
		yield(rampart.Item{}, rampart.Errorf(rampart.EINVALID, "%s: %v", src.name, err))
		return false
	}
	if sk, ok := rd.(ingest.Skipper); ok {
		defer func() { skips.add(sk.Skipped()) }()
	}
	for it, err := range rd.Items(ctx) {
		var re *ingest.RecordError
		if err != nil && !errors.As(err, &re) {
			err = fmt.Errorf("%s: %w", src.name, err)
		}
		if !yield(it, err) {
			return false
		}
	}
	return true
}
