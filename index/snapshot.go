package index

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
)

// Snapshot format, version 1, all integers little-endian:
//
//	offset  size  field
//	0       8     magic "RMPTMIH\x00"
//	8       4     version (1)
//	12      4     flags (0; readers refuse unknown bits)
//	16      8     count of entries N
//	24      40*N  entries: id (8 bytes) then the 32 hash bytes in hex order
//	24+40N  4     CRC-32C (Castagnoli) of every preceding byte
//
// Entries are the live ones, in position order; ids are unique. The tables
// are not stored: rebuilding them is a counting sort, about as fast as
// reading them would be.

var snapshotMagic = [8]byte{'R', 'M', 'P', 'T', 'M', 'I', 'H', 0}

const (
	snapshotVersion = 1
	headerSize      = 24
	entrySize       = 40
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// ErrCorrupt marks a snapshot that is truncated, altered or not one.
var ErrCorrupt = errors.New("corrupt index snapshot")

// WriteTo writes a snapshot of the live entries to w.
func (m *MIH) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	crc := crc32.New(crcTable)
	out := io.MultiWriter(bw, crc)
	var n int64
	put := func(b []byte) error {
		k, err := out.Write(b)
		n += int64(k)
		return err
	}
	hdr := make([]byte, headerSize)
	copy(hdr, snapshotMagic[:])
	binary.LittleEndian.PutUint32(hdr[8:], snapshotVersion)
	binary.LittleEndian.PutUint64(hdr[16:], uint64(m.Len()))
	if err := put(hdr); err != nil {
		return n, fmt.Errorf("write index snapshot: %w", err)
	}
	var e [entrySize]byte
	var err error
	m.All(func(id uint64, h Hash) bool {
		binary.LittleEndian.PutUint64(e[:], id)
		copy(e[8:], h[:])
		err = put(e[:])
		return err == nil
	})
	if err != nil {
		return n, fmt.Errorf("write index snapshot: %w", err)
	}
	if err := binary.Write(bw, binary.LittleEndian, crc.Sum32()); err != nil {
		return n, fmt.Errorf("write index snapshot: %w", err)
	}
	n += 4
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("write index snapshot: %w", err)
	}
	return n, nil
}

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// Read reads a snapshot written by WriteTo and returns the index, compacted.
// It refuses a wrong magic or version, a truncated file, repeated ids and a
// checksum mismatch, naming the byte offset where it stopped.
func Read(r io.Reader) (*MIH, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	crc := crc32.New(crcTable)
	in := io.TeeReader(br, crc)
	var hdr [headerSize]byte
	if k, err := io.ReadFull(in, hdr[:]); err != nil {
		return nil, corrupt("header cut off after %d of %d bytes", k, headerSize)
	}
	if !bytes.Equal(hdr[:8], snapshotMagic[:]) {
		return nil, corrupt("bytes 0-7 are %q, not the index magic %q", hdr[:8], snapshotMagic[:])
	}
	if v := binary.LittleEndian.Uint32(hdr[8:]); v != snapshotVersion {
		return nil, corrupt("version %d at byte 8; this build reads version %d", v, snapshotVersion)
	}
	if f := binary.LittleEndian.Uint32(hdr[12:]); f != 0 {
		return nil, corrupt("unknown flags %#x at byte 12", f)
	}
	count := binary.LittleEndian.Uint64(hdr[16:])
	if count > 1<<32-1 {
		return nil, corrupt("entry count %d at byte 16 is above the limit of 2^32-1", count)
	}
	m := &MIH{tailPos: map[uint64]uint32{}}
	// Grow as entries arrive rather than trusting count for the allocation.
	capHint := int(min(count, 1<<16))
	m.codes, m.ids = make([]code, 0, capHint), make([]uint64, 0, capHint)
	var e [entrySize]byte
	for i := range count {
		if _, err := io.ReadFull(in, e[:]); err != nil {
			return nil, corrupt("entry %d of %d (byte %d) cut off", i+1, count, headerSize+i*entrySize)
		}
		m.ids = append(m.ids, binary.LittleEndian.Uint64(e[:]))
		m.codes = append(m.codes, toCode(Hash(e[8:])))
	}
	want := crc.Sum32()
	var sum [4]byte
	if _, err := io.ReadFull(br, sum[:]); err != nil {
		return nil, corrupt("checksum cut off at byte %d", headerSize+count*entrySize)
	}
	if got := binary.LittleEndian.Uint32(sum[:]); got != want {
		return nil, corrupt("checksum %08x at byte %d, content sums to %08x", got, headerSize+count*entrySize, want)
	}
	m.dead = make([]uint64, (len(m.codes)+63)/64)
	m.buildTables()
	// byID is sorted now: a repeated id sits next to its twin.
	for i := 1; i < len(m.byID); i++ {
		if a, b := m.byID[i-1], m.byID[i]; m.ids[a] == m.ids[b] {
			return nil, corrupt("entries %d and %d (bytes %d and %d) repeat id %d",
				min(a, b)+1, max(a, b)+1, headerSize+int(min(a, b))*entrySize, headerSize+int(max(a, b))*entrySize, m.ids[a])
		}
	}
	return m, nil
}

// Save writes a snapshot to path atomically (a temporary file renamed).
func (m *MIH) Save(path string) error {
	f, err := os.CreateTemp(dirOf(path), ".mih-*")
	if err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := m.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("save index %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save index %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	return nil
}

// Load reads a snapshot file; bytes after the checksum are an error.
func Load(path string) (*MIH, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load index: %w", err)
	}
	m, err := Read(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("load index %s: %w", path, err)
	}
	if want := headerSize + m.Len()*entrySize + 4; len(data) != want {
		return nil, fmt.Errorf("load index %s: %w", path, corrupt("%d bytes after the checksum", len(data)-want))
	}
	return m, nil
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if os.IsPathSeparator(path[i]) {
			return path[:i+1]
		}
	}
	return "."
}
