package pdq

import (
	"encoding/hex"
	"fmt"
	"math/bits"
)

// Hash is a 256-bit PDQ hash. The bytes are in the order of the reference's
// hexadecimal form (64 lowercase hex digits, 16-bit word 15 first), so the
// hash read as one big-endian 256-bit number has bit k set when DCT
// coefficient k (row k/16, column k%16) is above the median.
type Hash [32]byte

// HexLen is the length of a hash in hexadecimal.
const HexLen = 64

// String returns the 64 lowercase hex digits of h.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// MarshalText implements encoding.TextMarshaler.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (h *Hash) UnmarshalText(b []byte) error {
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*h = p
	return nil
}

// Parse reads a hash written as 64 hex digits (either case).
func Parse(s string) (Hash, error) {
	var h Hash
	if len(s) != HexLen {
		return h, fmt.Errorf("parse pdq hash %q: want %d hex digits, got %d characters", clip(s), HexLen, len(s))
	}
	for i := 0; i < len(s); i++ {
		if _, ok := hexVal(s[i]); !ok {
			return h, fmt.Errorf("parse pdq hash %q: character %d (%q) is not a hex digit", clip(s), i+1, s[i])
		}
	}
	for i := range h {
		hi, _ := hexVal(s[2*i])
		lo, _ := hexVal(s[2*i+1])
		h[i] = hi<<4 | lo
	}
	return h, nil
}

func hexVal(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

// Bit reports whether bit k (0..255) is set; bit k belongs to DCT row k/16,
// column k%16.
func (h Hash) Bit(k int) bool { return h[31-k/8]>>(k%8)&1 == 1 }

func (h *Hash) setBit(k int) { h[31-k/8] |= 1 << (k % 8) }

// Words returns h as four 64-bit words, most significant first.
func (h Hash) Words() [4]uint64 {
	var w [4]uint64
	for i := range w {
		for j := 0; j < 8; j++ {
			w[i] = w[i]<<8 | uint64(h[i*8+j])
		}
	}
	return w
}

// Distance returns the Hamming distance between two hashes (0..256).
func Distance(a, b Hash) int {
	wa, wb := a.Words(), b.Words()
	return bits.OnesCount64(wa[0]^wb[0]) + bits.OnesCount64(wa[1]^wb[1]) +
		bits.OnesCount64(wa[2]^wb[2]) + bits.OnesCount64(wa[3]^wb[3])
}

// IsZero reports whether every bit is clear: the hash the reference gives
// an image below the minimum size (5 pixels on a side).
func (h Hash) IsZero() bool { return h == Hash{} }
