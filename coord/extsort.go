package coord

import (
	"bufio"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// extSorter is an external merge sort (Knuth, TAOCP vol. 3, §5.4) of
// fixed-size records: records are held in memory up to a byte budget; when
// the budget is reached the buffer is sorted and written as one run to a
// temporary file; at the end the runs are merged with a heap. Memory is the
// buffer plus one read buffer per run, whatever the input size. All runs
// share one file, so a sort needs one file descriptor.
type extSorter[T any] struct {
	budget int64 // bytes of records held in memory before a run is written
	size   int   // bytes per record, in memory and on disk
	cmp    func(a, b T) int
	put    func(b []byte, x T) // writes x into b[:size]
	get    func(b []byte) T
	dir    string

	buf    []T
	f      *os.File
	w      *bufio.Writer
	runs   [][2]int64 // [start, end) byte offsets in f
	off    int64
	count  int64
	sorted bool
}

// add appends a record, writing a run when the buffer is full.
func (s *extSorter[T]) add(x T) error {
	s.count++
	if len(s.buf) == cap(s.buf) {
		// Grow to at most the budget, so that the last growth does not
		// overshoot it as append's doubling would.
		limit := int(max(s.budget/int64(s.size), 1))
		s.buf = slices.Grow(s.buf, min(max(2*cap(s.buf), 1024), limit)-len(s.buf))
	}
	s.buf = append(s.buf, x)
	if int64(len(s.buf))*int64(s.size) >= s.budget {
		return s.writeRun()
	}
	return nil
}

// spilled reports whether any run went to disk.
func (s *extSorter[T]) spilled() bool { return len(s.runs) > 0 }

func (s *extSorter[T]) writeRun() error {
	if err := s.addRun(s.buf); err != nil {
		return err
	}
	// Keep the buffer's memory for the next run: a run is as large as the
	// budget allows, so the buffer does not grow again.
	s.buf = s.buf[:0]
	return nil
}

// addRun sorts xs and writes them as one run (xs may be reused after).
func (s *extSorter[T]) addRun(xs []T) error {
	if len(xs) == 0 {
		return nil
	}
	if s.f == nil {
		f, err := os.CreateTemp(s.dir, "rampart-coord-*.run")
		if err != nil {
			return fmt.Errorf("create spill file (set a temp dir with room): %w", err)
		}
		s.f, s.w = f, bufio.NewWriterSize(f, 256<<10)
	}
	slices.SortFunc(xs, s.cmp)
	b := make([]byte, s.size)
	start := s.off
	for _, x := range xs {
		s.put(b, x)
		if _, err := s.w.Write(b); err != nil {
			return fmt.Errorf("write spill file %s: %w", s.f.Name(), err)
		}
	}
	s.off += int64(len(xs)) * int64(s.size)
	s.runs = append(s.runs, [2]int64{start, s.off})
	return nil
}

// each calls fn with every record in sorted order; it may be called again
// (a second pass) until close. fn's error stops the iteration.
func (s *extSorter[T]) each(fn func(T) error) error {
	if len(s.runs) == 0 {
		if !s.sorted {
			slices.SortFunc(s.buf, s.cmp)
			s.sorted = true
		}
		for _, x := range s.buf {
			if err := fn(x); err != nil {
				return err
			}
		}
		return nil
	}
	if len(s.buf) > 0 {
		if err := s.writeRun(); err != nil {
			return err
		}
	}
	s.buf = nil
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("write spill file %s: %w", s.f.Name(), err)
	}
	h := &runHeap[T]{cmp: s.cmp}
	// Read buffers shrink with the number of runs so that a long merge
	// does not need much memory: 4 KiB at least, 256 KiB at most.
	bufSize := int(min(max(s.budget/int64(len(s.runs)+1), 4<<10), 256<<10))
	for _, r := range s.runs {
		rd := &runReader[T]{r: bufio.NewReaderSize(io.NewSectionReader(s.f, r[0], r[1]-r[0]), bufSize), b: make([]byte, s.size), get: s.get}
		ok, err := rd.next()
		if err != nil {
			return fmt.Errorf("read spill file %s: %w", s.f.Name(), err)
		}
		if ok {
			h.rs = append(h.rs, rd)
		}
	}
	heap.Init(h)
	for len(h.rs) > 0 {
		rd := h.rs[0]
		if err := fn(rd.cur); err != nil {
			return err
		}
		ok, err := rd.next()
		if err != nil {
			return fmt.Errorf("read spill file %s: %w", s.f.Name(), err)
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

// close removes the spill file; safe to call more than once.
func (s *extSorter[T]) close() {
	s.buf = nil
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f, s.w = nil, nil
	}
	s.runs = nil
}

type runReader[T any] struct {
	r   *bufio.Reader
	b   []byte
	get func([]byte) T
	cur T
}

func (r *runReader[T]) next() (bool, error) {
	_, err := io.ReadFull(r.r, r.b)
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("truncated run: %w", err)
	}
	r.cur = r.get(r.b)
	return true, nil
}

// runHeap orders run readers by their current record. Callers' orders are
// total (ties broken by message id), so the merged order does not depend
// on how the input was cut into runs.
type runHeap[T any] struct {
	rs  []*runReader[T]
	cmp func(a, b T) int
}

func (h *runHeap[T]) Len() int           { return len(h.rs) }
func (h *runHeap[T]) Less(i, j int) bool { return h.cmp(h.rs[i].cur, h.rs[j].cur) < 0 }
func (h *runHeap[T]) Swap(i, j int)      { h.rs[i], h.rs[j] = h.rs[j], h.rs[i] }
func (h *runHeap[T]) Push(x any)         { h.rs = append(h.rs, x.(*runReader[T])) }
func (h *runHeap[T]) Pop() any {
	x := h.rs[len(h.rs)-1]
	h.rs = h.rs[:len(h.rs)-1]
	return x
}
