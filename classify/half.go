package classify

import "math"

// IEEE 754 binary16 conversion for storing weights at half size. Rounding is
// to nearest even; values beyond the half range saturate to ±65504 (weights
// never come near it), NaN stays NaN, and subnormals are kept.

func toHalf(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int32(b>>23) & 0xff
	man := b & 0x7fffff
	switch {
	case exp == 0xff: // Inf or NaN
		if man != 0 {
			return sign | 0x7e00
		}
		return sign | 0x7c00
	case exp-127 > 15: // too large: saturate
		return sign | 0x7bff
	case exp-127 >= -14: // normal
		e := uint32(exp - 127 + 15)
		m := man >> 13
		rest := man & 0x1fff
		h := uint32(e<<10 | m)
		if rest > 0x1000 || (rest == 0x1000 && m&1 == 1) {
			h++ // may carry into the exponent, which is still correct
		}
		if h >= 0x7c00 {
			h = 0x7bff
		}
		return sign | uint16(h)
	case exp-127 >= -25: // subnormal half
		m := man | 0x800000
		shift := uint32(-(exp - 127) - 14 + 13)
		h := m >> shift
		rest := m & (1<<shift - 1)
		half := uint32(1) << (shift - 1)
		if rest > half || (rest == half && h&1 == 1) {
			h++
		}
		return sign | uint16(h)
	}
	return sign // underflow to zero
}

func fromHalf(h uint16) float32 {
	sign := uint32(h&0x8000) << 16
	exp := uint32(h>>10) & 0x1f
	man := uint32(h & 0x3ff)
	switch {
	case exp == 0x1f:
		return math.Float32frombits(sign | 0x7f800000 | man<<13)
	case exp == 0:
		if man == 0 {
			return math.Float32frombits(sign)
		}
		// Subnormal: value is man × 2^-24.
		f := float32(man) * (1.0 / (1 << 24))
		if sign != 0 {
			f = -f
		}
		return f
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | man<<13)
}

// quantize rounds every weight to the nearest half-precision value in place,
// so that a trained model predicts exactly what its saved file will.
func quantize(w []float32) {
	for i, v := range w {
		w[i] = fromHalf(toHalf(v))
	}
}
