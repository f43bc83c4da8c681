package coord

import (
	"bufio"
	"fmt"
	"os"
)

// blobStore keeps variable-length strings (object keys, normalised texts)
// out of the sorted records: a record carries an offset and a length, so
// records are fixed-size and cheap to sort and spill, and a text is stored
// once rather than once per LSH band. Strings are held in memory up to a
// budget, then everything goes to a temporary file and is read back with
// ReadAt, which only happens for objects that turn out to be co-shared.
type blobStore struct {
	budget int64
	dir    string
	mem    []byte
	f      *os.File
	w      *bufio.Writer
	size   int64 // bytes stored, memory or file
	sealed bool
	rbuf   []byte
}

// add stores s and returns its offset.
func (s *blobStore) add(b string) (uint64, error) {
	off := uint64(s.size)
	s.size += int64(len(b))
	if s.f == nil {
		s.mem = append(s.mem, b...)
		if int64(len(s.mem)) <= s.budget {
			return off, nil
		}
		f, err := os.CreateTemp(s.dir, "rampart-coord-*.keys")
		if err != nil {
			return 0, fmt.Errorf("create spill file (set a temp dir with room): %w", err)
		}
		s.f, s.w = f, bufio.NewWriterSize(f, 256<<10)
		if _, err := s.w.Write(s.mem); err != nil {
			return 0, fmt.Errorf("write spill file %s: %w", f.Name(), err)
		}
		s.mem = nil
		return off, nil
	}
	if _, err := s.w.WriteString(b); err != nil {
		return 0, fmt.Errorf("write spill file %s: %w", s.f.Name(), err)
	}
	return off, nil
}

// spilled reports whether the strings went to disk.
func (s *blobStore) spilled() bool { return s.f != nil }

// get returns the n bytes at off. The result is valid until the next get
// when the store is on disk; callers copy what they keep.
func (s *blobStore) get(off uint64, n uint32) ([]byte, error) {
	if s.f == nil {
		return s.mem[off : off+uint64(n)], nil
	}
	if !s.sealed {
		if err := s.w.Flush(); err != nil {
			return nil, fmt.Errorf("write spill file %s: %w", s.f.Name(), err)
		}
		s.sealed = true
	}
	if cap(s.rbuf) < int(n) {
		s.rbuf = make([]byte, n)
	}
	b := s.rbuf[:n]
	if _, err := s.f.ReadAt(b, int64(off)); err != nil {
		return nil, fmt.Errorf("read spill file %s at %d: %w", s.f.Name(), off, err)
	}
	return b, nil
}

func (s *blobStore) close() {
	s.mem = nil
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f, s.w = nil, nil
	}
}
