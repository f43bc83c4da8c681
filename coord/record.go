package coord

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// rec is one share of one object: the unit that is sorted by (object, time)
// and scanned with a sliding window. For the text layer the object is an
// LSH bucket and key holds the normalised text, so that candidates can be
// verified by exact Jaccard.
type rec struct {
	obj   uint64 // hash of (layer, key) or of the LSH bucket
	t     int64  // unix milliseconds
	acct  uint32
	msg   uint32
	layer uint8
	key   string
}

func (r *rec) size() int64 { return int64(40 + len(r.key)) }

func cmpRec(a, b rec) int {
	if c := cmp.Compare(a.obj, b.obj); c != 0 {
		return c
	}
	if c := cmp.Compare(a.t, b.t); c != 0 {
		return c
	}
	return cmp.Compare(a.msg, b.msg)
}

// objHash hashes (layer, key) with FNV-1a, then a splitmix64 finaliser to
// spread FNV's weak low bits (partitions use hash mod 64). A fixed hash
// keeps runs reproducible: processing order, and so every float sum, is the
// same from one run to the next.
func objHash(layer uint8, key string) uint64 {
	return mix64(fnv1a(uint64(14695981039346656037)^uint64(layer), key))
}

func fnv1a(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// spillParts is how many partition files a spill uses. Records are spread
// by object hash, so each partition holds whole objects and is processed on
// its own: with P partitions, memory is about total/P.
const spillParts = 64

// spool holds records in memory up to a budget, then moves them to
// partition files by object hash.
type spool struct {
	budget int64
	dir    string
	mem    []rec
	used   int64
	files  []*os.File
	bufs   []*bufio.Writer
	count  int64
	spills int
}

func (s *spool) add(r rec) error {
	s.count++
	if s.files != nil {
		return writeRec(s.bufs[r.obj%spillParts], r)
	}
	s.mem = append(s.mem, r)
	s.used += r.size()
	if s.used > s.budget {
		return s.spill()
	}
	return nil
}

func (s *spool) spill() error {
	s.spills++
	s.files = make([]*os.File, spillParts)
	s.bufs = make([]*bufio.Writer, spillParts)
	for i := range s.files {
		f, err := os.CreateTemp(s.dir, "rampart-coord-*.spill")
		if err != nil {
			s.close()
			return fmt.Errorf("create spill file (set a temp dir with room): %w", err)
		}
		s.files[i] = f
		s.bufs[i] = bufio.NewWriterSize(f, 64<<10)
	}
	for _, r := range s.mem {
		if err := writeRec(s.bufs[r.obj%spillParts], r); err != nil {
			return err
		}
	}
	s.mem, s.used = nil, 0
	return nil
}

// partitions calls fn with each partition's records sorted by (object, time).
func (s *spool) partitions(fn func([]rec) error) error {
	if s.files == nil {
		slices.SortFunc(s.mem, cmpRec)
		err := fn(s.mem)
		s.mem = nil
		return err
	}
	defer s.close()
	for i, f := range s.files {
		if err := s.bufs[i].Flush(); err != nil {
			return fmt.Errorf("write spill file: %w", err)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("rewind spill file: %w", err)
		}
		recs, err := readRecs(bufio.NewReaderSize(f, 64<<10))
		if err != nil {
			return fmt.Errorf("read spill file %s: %w", f.Name(), err)
		}
		slices.SortFunc(recs, cmpRec)
		if err := fn(recs); err != nil {
			return err
		}
	}
	return nil
}

func (s *spool) close() {
	for _, f := range s.files {
		if f != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}
	s.files, s.bufs = nil, nil
}

func writeRec(w *bufio.Writer, r rec) error {
	var b [binary.MaxVarintLen64*5 + 1]byte
	n := binary.PutUvarint(b[:], r.obj)
	n += binary.PutVarint(b[n:], r.t)
	n += binary.PutUvarint(b[n:], uint64(r.acct))
	n += binary.PutUvarint(b[n:], uint64(r.msg))
	b[n] = r.layer
	n++
	n += binary.PutUvarint(b[n:], uint64(len(r.key)))
	if _, err := w.Write(b[:n]); err != nil {
		return fmt.Errorf("write spill file: %w", err)
	}
	if _, err := w.WriteString(r.key); err != nil {
		return fmt.Errorf("write spill file: %w", err)
	}
	return nil
}

func readRecs(r *bufio.Reader) ([]rec, error) {
	var out []rec
	for {
		obj, err := binary.ReadUvarint(r)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		var x rec
		x.obj = obj
		if x.t, err = binary.ReadVarint(r); err != nil {
			return nil, err
		}
		a, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, err
		}
		m, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, err
		}
		x.acct, x.msg = uint32(a), uint32(m)
		if x.layer, err = r.ReadByte(); err != nil {
			return nil, err
		}
		n, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, err
		}
		if n > 1<<20 {
			return nil, fmt.Errorf("corrupt record: key length %d", n)
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		x.key = string(buf)
		out = append(out, x)
	}
}
