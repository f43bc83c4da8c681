package bank

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"slices"
)

// rowChunk is how many entries a rowSet collects in one slice before it
// starts another. Appending a million 184-byte entries to one slice copied
// (and made the GC rescan) several times the final slice as it grew: a
// third of the time of parsing a large file. Chunks are copied once, into a
// slice of the final size.
const rowChunk = 8192

// rowSet normalises parsed rows and finds repeated ids and values within
// one file.
//
// A row that repeats an earlier row's id, or (failing that) its type and
// value, is a bad row naming the earlier line. Rather than keep maps of
// every id and value as rows arrive (a second per million rows, mostly
// cache misses), result sorts 64-bit hashes of them once; only when two
// hashes are equal (a repeat, or a hash collision) does it replay the rows
// through those maps, in line order, for the exact errors.
type rowSet struct {
	fe     FileError // bad rows other than repeats, in line order
	chunks [][]Entry // full chunks, then the one being filled
	lines  []int     // line of each row in chunks
}

func newRowSet(file string) *rowSet {
	return &rowSet{fe: FileError{File: file}}
}

func (s *rowSet) add(line int, e Entry) {
	e, err := Normalize(e)
	if err != nil {
		s.fe.add(line, err)
		return
	}
	if k := len(s.chunks); k == 0 || len(s.chunks[k-1]) == cap(s.chunks[k-1]) {
		s.chunks = append(s.chunks, make([]Entry, 0, rowChunk))
	}
	k := len(s.chunks) - 1
	s.chunks[k] = append(s.chunks[k], e)
	s.lines = append(s.lines, line)
}

// row returns the i-th good row (every chunk but the last is full).
func (s *rowSet) row(i int) *Entry { return &s.chunks[i/rowChunk][i%rowChunk] }

// fail records a bad row after which the file cannot be read further and
// returns the file's error.
func (s *rowSet) fail(line int, err error) error {
	s.fe.add(line, err)
	s.findRepeats()
	return &s.fe
}

func (s *rowSet) result() ([]Entry, error) {
	s.findRepeats()
	if s.fe.Total > 0 {
		return nil, &s.fe
	}
	switch len(s.chunks) {
	case 0:
		return nil, nil
	case 1:
		return s.chunks[0], nil
	}
	out := make([]Entry, 0, len(s.lines))
	for i, c := range s.chunks {
		out = append(out, c...)
		s.chunks[i] = nil // let the chunk go while the rest are copied
	}
	return out, nil
}

// findRepeats adds a bad row for every row that repeats an earlier good
// row's id or value, merged with the other bad rows in line order.
func (s *rowSet) findRepeats() {
	n := len(s.lines)
	seed := maphash.MakeSeed()
	if !hashesRepeat(n, func(i int) uint64 { return maphash.String(seed, s.row(i).ID) }) &&
		!hashesRepeat(n, func(i int) uint64 { return valueHash(seed, s.row(i)) }) {
		return
	}
	byID := map[string]int{}
	byValue := map[valueKey]int{}
	var repeats []RowError
	for i := range n {
		e, line := s.row(i), s.lines[i]
		if first, ok := byID[e.ID]; ok {
			repeats = append(repeats, RowError{line, fmt.Errorf("id %q repeats line %d", e.ID, first)})
			continue
		}
		key := valueKey{e.Type, e.Value}
		if first, ok := byValue[key]; ok {
			repeats = append(repeats, RowError{line, fmt.Errorf("%s value repeats line %d", e.Type, first)})
			continue
		}
		byID[e.ID] = line
		byValue[key] = line
	}
	// fe.Rows holds the first maxRowErrors other bad rows and repeats holds
	// every repeat, so the first maxRowErrors of the two merged are right.
	all := append(s.fe.Rows, repeats...)
	slices.SortStableFunc(all, func(a, b RowError) int { return cmp.Compare(a.Line, b.Line) })
	s.fe.Rows = all[:min(len(all), maxRowErrors)]
	s.fe.Total += len(repeats)
}
