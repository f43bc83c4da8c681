package pdq

import (
	_ "embed"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// dctBits is the reference's 16x64 DCT-II matrix as float32 bit patterns,
// row-major, one hexadecimal word per line. Row i, column j holds
// sqrt(2/64) * cos(pi/128 * (i+1) * (2j+1)): the rows for frequencies 1..16
// (the DC row is skipped). The table is embedded rather than computed
// because the reference rounds a double product into float32 and a
// recomputation with Go's math.Cos need not land on the same bits.
//
//go:embed dct_matrix_16x64_float32_bits.txt
var dctBits string

// dctMatrix is dctBits decoded: dctMatrix[i*64+j].
var dctMatrix = mustParseDCT(dctBits)

func mustParseDCT(s string) *[16 * 64]float32 {
	m, err := parseDCT(s)
	if err != nil {
		// The table is compiled in; a bad table is a build defect that
		// TestDCTTable reports, never a run-time condition.
		panic(err)
	}
	return m
}

func parseDCT(s string) (*[16 * 64]float32, error) {
	fields := strings.Fields(s)
	if len(fields) != 16*64 {
		return nil, fmt.Errorf("dct table: want %d words, got %d", 16*64, len(fields))
	}
	var m [16 * 64]float32
	for i, f := range fields {
		u, err := strconv.ParseUint(f, 16, 32)
		if err != nil {
			return nil, fmt.Errorf("dct table: word %d: %w", i+1, err)
		}
		m[i] = math.Float32frombits(uint32(u))
	}
	return &m, nil
}

// dct64To16 computes B = D A D^T for the 64x64 buffer A, keeping only the
// 16x16 lowest non-DC frequencies, as the reference's dct64To16 does: first
// T = D A (16x64), then B = T D^T, each dot product summed in float32 from
// k = 0 upwards. Each product is rounded to float32 explicitly (the
// conversion) so that the compiler cannot fuse it with the addition into an
// FMA, which the reference (x86-64 SSE2) never does.
func dct64To16(a *[64 * 64]float32, b *[16 * 16]float32) {
	d := dctMatrix
	var t [16 * 64]float32
	for i := 0; i < 16; i++ {
		row := d[i*64 : i*64+64]
		for j := 0; j < 64; j++ {
			var sum float32
			for k := 0; k < 64; k++ {
				sum += float32(row[k] * a[k*64+j])
			}
			t[i*64+j] = sum
		}
	}
	for i := 0; i < 16; i++ {
		ti := t[i*64 : i*64+64]
		for j := 0; j < 16; j++ {
			dj := d[j*64 : j*64+64]
			var sum float32
			for k := 0; k < 64; k++ {
				sum += float32(ti[k] * dj[k])
			}
			b[i*16+j] = sum
		}
	}
}
