package main

import (
	"fmt"
	"io"
	"sync"
)

// skipTally adds up what the readers skipped on purpose (ingest.Skipper:
// service messages, system lines, repeated copies) over every input of a
// scan, so that the summary accounts for records that became neither items
// nor rejections. Inputs are read on the pipeline's producer goroutine and
// the summary is printed on another, hence the lock.
type skipTally struct {
	mu sync.Mutex
	m  map[string]int64
}

// add counts one input's skips; a nil tally counts nothing.
func (t *skipTally) add(skipped map[string]int) {
	if t == nil || len(skipped) == 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = make(map[string]int64, len(skipped))
	}
	for reason, n := range skipped {
		t.m[reason] += int64(n)
	}
}

// counts returns a copy of the counts per reason and their sum.
func (t *skipTally) counts() (map[string]int64, int64) {
	if t == nil {
		return nil, 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]int64, len(t.m))
	var total int64
	for reason, n := range t.m {
		out[reason] = n
		total += n
	}
	return out, total
}

// print writes "skipped N: reason n; ..." after sep, in the style of the
// summary's rejections, or nothing when no record was skipped.
func (t *skipTally) print(w io.Writer, sep string) {
	m, total := t.counts()
	if total == 0 {
		return
	}
	fmt.Fprintf(w, "%sskipped %d:", sep, total)
	for _, k := range sortedKeys(m) {
		fmt.Fprintf(w, " %s %d;", k, m[k])
	}
}
