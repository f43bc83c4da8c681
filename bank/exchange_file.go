package bank

import (
	"context"
	"fmt"
	"iter"
	"os"
	"strconv"
)

// fileCheckpointEvery is how many lines a FileExchange commits at a time.
const fileCheckpointEvery = 1000

// FileExchange reads deltas from a JSONL file, one Delta object per line
// ({"op":"add","entry":{...}}). Its checkpoint is the number of lines read,
// so a file that is only ever appended to can be pulled again for its new
// lines.
type FileExchange struct {
	Path string
}

// Name returns the file path.
func (f FileExchange) Name() string { return f.Path }

// Fetch yields the deltas after the checkpoint line.
func (f FileExchange) Fetch(ctx context.Context, checkpoint string) iter.Seq2[Delta, error] {
	return func(yield func(Delta, error) bool) {
		skip := 0
		if checkpoint != "" {
			n, err := strconv.Atoi(checkpoint)
			if err != nil || n < 0 {
				yield(Delta{}, fmt.Errorf("checkpoint %q is not a line count; was this bank pulled from another kind of exchange?", checkpoint))
				return
			}
			skip = n
		}
		file, err := os.Open(f.Path)
		if err != nil {
			yield(Delta{}, fmt.Errorf("open delta file: %w", err))
			return
		}
		defer file.Close()
		last, stopped := 0, false
		var bad error
		err = eachLine(file, func(line int, b []byte) {
			last = line
			if stopped || bad != nil || line <= skip {
				return
			}
			if err := ctx.Err(); err != nil {
				bad = err
				return
			}
			var d Delta
			if err := decodeStrict(b, &d); err != nil {
				bad = fmt.Errorf("%s: line %d: %w", f.Path, line, err)
				return
			}
			if d.Op == OpCheckpoint {
				bad = fmt.Errorf("%s: line %d: a delta file may not contain checkpoint deltas; its checkpoints are line counts", f.Path, line)
				return
			}
			if !yield(d, nil) {
				stopped = true
				return
			}
			if line%fileCheckpointEvery == 0 && !yield(Delta{Op: OpCheckpoint, Checkpoint: strconv.Itoa(line)}, nil) {
				stopped = true
			}
		})
		switch {
		case stopped:
			return
		case bad != nil:
			yield(Delta{}, bad)
		case err != nil:
			yield(Delta{}, fmt.Errorf("%s: %w", f.Path, err))
		case last > skip:
			yield(Delta{Op: OpCheckpoint, Checkpoint: strconv.Itoa(last)}, nil)
		}
	}
}
