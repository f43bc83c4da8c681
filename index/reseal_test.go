package index_test

import (
	"encoding/binary"
	"hash/crc32"
)

// reseal recomputes the trailing CRC-32C of a snapshot.
func reseal(b []byte) []byte {
	n := len(b) - 4
	binary.LittleEndian.PutUint32(b[n:], crc32.Checksum(b[:n], crc32.MakeTable(crc32.Castagnoli)))
	return b
}
