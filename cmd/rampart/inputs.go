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

// recordError adapts a reader's per-record error for the pipeline, which
// counts it under its reason and goes on.
type recordError struct{ e *ingest.RecordError }

func (r recordError) Error() string        { return r.e.Error() }
func (r recordError) Unwrap() error        { return r.e }
func (r recordError) RecordReason() string { return reasonClass(r.e.Reason) }

// reasonClass shortens a reason to its class, so that summaries group
// "invalid JSON: unexpected end at offset 12" and "... at offset 40".
func reasonClass(reason string) string {
	if i := strings.IndexByte(reason, ':'); i > 0 {
		return reason[:i]
	}
	return reason
}

// readAll yields the items of every source in order. wrap lets the caller
// count bytes for a progress bar. A file found by walking a directory whose
// format is unknown is skipped and reported as rejected; a file the user
// named is a fatal error, since the user asked for it.
func readAll(ctx context.Context, srcs []source, format string, stdin io.Reader, wrap func(io.Reader) io.Reader) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		for _, src := range srcs {
			var r io.Reader
			var closer io.Closer
			if src.name == "-" {
				r = stdin
			} else {
				f, err := os.Open(src.name)
				if err != nil {
					if !yield(rampart.Item{}, fmt.Errorf("open input: %w", err)) {
						return
					}
					continue
				}
				r, closer = f, f
			}
			if wrap != nil {
				r = wrap(r)
			}
			rd, err := ingest.Open(src.name, r, format)
			if err != nil {
				if closer != nil {
					closer.Close()
				}
				if src.fromWalk {
					re := &ingest.RecordError{File: src.name, Reason: "skipped file: format not recognised (name it with --format to force one)"}
					if !yield(rampart.Item{}, recordError{re}) {
						return
					}
					continue
				}
				yield(rampart.Item{}, rampart.Errorf(rampart.EINVALID, "%s: %v", src.name, err))
				return
			}
			for it, err := range rd.Items(ctx) {
				if err != nil {
					var re *ingest.RecordError
					if errors.As(err, &re) {
						err = recordError{re}
					} else {
						err = fmt.Errorf("%s: %w", src.name, err)
					}
				}
				if !yield(it, err) {
					if closer != nil {
						closer.Close()
					}
					return
				}
			}
			if closer != nil {
				closer.Close()
			}
		}
	}
}
