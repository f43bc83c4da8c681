package coord

import (
	"cmp"
	"encoding/binary"
)

// rec is one share of one object: the unit that is sorted by (object, time)
// and scanned with a sliding window. Records are fixed-size so that they
// sort and spill cheaply; the object's key (or, for the text layer, the
// LSH band keys and normalised text) is in the blob store at key.
type rec struct {
	obj   uint64 // hash of (layer, key) or of the LSH bucket
	t     int64  // unix milliseconds
	key   uint64 // blob store offset of the key
	th    uint64 // text layer: hash of the normalised text (equal: identical)
	klen  uint32 // key length in bytes
	acct  uint32
	msg   uint32
	layer uint8
	band  uint8 // text layer: the LSH band of this bucket
}

// recSize is a record's size in memory (with padding) and on disk.
const recSize = 48

func putRec(b []byte, r rec) {
	binary.LittleEndian.PutUint64(b[0:], r.obj)
	binary.LittleEndian.PutUint64(b[8:], uint64(r.t))
	binary.LittleEndian.PutUint64(b[16:], r.key)
	binary.LittleEndian.PutUint64(b[24:], r.th)
	binary.LittleEndian.PutUint32(b[32:], r.klen)
	binary.LittleEndian.PutUint32(b[36:], r.acct)
	binary.LittleEndian.PutUint32(b[40:], r.msg)
	b[44], b[45], b[46], b[47] = r.layer, r.band, 0, 0
}

func getRec(b []byte) rec {
	return rec{
		obj:   binary.LittleEndian.Uint64(b[0:]),
		t:     int64(binary.LittleEndian.Uint64(b[8:])),
		key:   binary.LittleEndian.Uint64(b[16:]),
		th:    binary.LittleEndian.Uint64(b[24:]),
		klen:  binary.LittleEndian.Uint32(b[32:]),
		acct:  binary.LittleEndian.Uint32(b[36:]),
		msg:   binary.LittleEndian.Uint32(b[40:]),
		layer: b[44],
		band:  b[45],
	}
}

// cmpRec orders by (object, time, message): a total order, since a message
// has at most one record per object.
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
// spread FNV's weak low bits. A fixed hash keeps runs reproducible:
// processing order, and so every float sum, is the same from one run to
// the next.
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
