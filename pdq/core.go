package pdq

import (
	"slices"
	"sync"
)

// minDim is the reference's MIN_HASHABLE_DIM: a smaller image hashes to all
// zeros with quality 0.
const minDim = 5

// Luminance weights (ITU-R BT.601), as float32 constants like the
// reference's luma_from_*_coeff.
const (
	lumaR float32 = 0.299
	lumaG float32 = 0.587
	lumaB float32 = 0.114
)

// stages holds the intermediate results of one hash, for step-by-step
// comparison with the reference's dumps.
type stages struct {
	buf64    [64 * 64]float32 // after blur and decimation
	dct      [16 * 16]float32 // 16x16 DCT output
	quality  int
	tooSmall bool
}

var scratchPool = sync.Pool{New: func() any { return new([]float32) }}

// fillLuma writes the luminance of p into dst (Height x Width, row-major).
// An image whose channels are equal everywhere takes the grey path, the
// sample value itself, as the reference does with ImageMagick's grey output;
// the weighted sum differs from it at 35 of the 256 grey levels.
func fillLuma(p Pixels, dst []float32) {
	n := p.Width * p.Height
	if p.Channels == 1 {
		for i, v := range p.Pix[:n] {
			dst[i] = float32(v)
		}
		return
	}
	pix := p.Pix[:3*n]
	if equalChannels(pix) {
		for i := range n {
			dst[i] = float32(pix[3*i])
		}
		return
	}
	for i := range n {
		px := pix[3*i : 3*i+3 : 3*i+3]
		// Each product is rounded to float32 on its own, and the sum is
		// left to right, so no fused multiply-add can creep in.
		dst[i] = float32(lumaR*float32(px[0])) + float32(lumaG*float32(px[1])) + float32(lumaB*float32(px[2]))
	}
}

// equalChannels reports whether R = G = B at every pixel of interleaved RGB.
func equalChannels(pix []byte) bool {
	for i := 0; i+2 < len(pix); i += 3 {
		if pix[i] != pix[i+1] || pix[i] != pix[i+2] {
			return false
		}
	}
	return true
}

// compute runs the reference's pdqFloat256FromFloatLuma on p. With
// shortcut, a 64x64 image is used as the 64x64 buffer without blurring, as
// in the reference's single-hash path; its dihedral path has no shortcut.
func compute(p Pixels, shortcut bool) *stages {
	st := new(stages)
	rows, cols := p.Height, p.Width
	if rows < minDim || cols < minDim {
		st.tooSmall = true
		return st
	}
	n := rows * cols
	bp := scratchPool.Get().(*[]float32)
	if cap(*bp) < 2*n {
		*bp = make([]float32, 2*n)
	}
	buf := (*bp)[:2*n]
	luma, scratch := buf[:n], buf[n:]
	fillLuma(p, luma)
	if shortcut && rows == 64 && cols == 64 {
		copy(st.buf64[:], luma)
	} else {
		downsample(luma, scratch, rows, cols, &st.buf64)
	}
	scratchPool.Put(bp)
	st.quality = quality(&st.buf64)
	dct64To16(&st.buf64, &st.dct)
	return st
}

// quality is the reference's pdqImageDomainQualityMetric: the sum of
// quantised vertical and horizontal gradients of the 64x64 buffer, scaled
// and capped at 100. The per-pair step is ((u-v)*100)/255 in float32,
// truncated toward zero.
func quality(b *[64 * 64]float32) int {
	sum := 0
	step := func(u, v float32) int {
		d := int(float32(float32(u-v)*100) / 255)
		if d < 0 {
			return -d
		}
		return d
	}
	for i := range 63 {
		for j := range 64 {
			sum += step(b[i*64+j], b[(i+1)*64+j])
		}
	}
	for i := range 64 {
		for j := range 63 {
			sum += step(b[i*64+j], b[i*64+j+1])
		}
	}
	return min(sum/90, 100)
}

// toHash sets bit k when coefficient k is above the median. The reference
// finds the median with Torben's method, which returns the lower middle
// value (the 128th smallest of 256); sorting a copy gives the same value.
func toHash(d *[16 * 16]float32) Hash {
	s := *d
	slices.Sort(s[:])
	median := s[127]
	var h Hash
	for k, v := range d {
		if v > median {
			h.setBit(k)
		}
	}
	return h
}

// Dihedral transform indexes into the array HashDihedral returns, in the
// reference's order.
const (
	Original = iota
	Rotate90
	Rotate180
	Rotate270
	FlipX
	FlipY
	FlipPlus1  // transpose (flip about the main diagonal)
	FlipMinus1 // flip about the anti-diagonal
)

// dihedral derives the DCT of each of the 8 rotations and flips of the
// image from the DCT of the original: transposes and sign changes of odd
// frequencies, as the reference's dct16OriginalTo* functions.
func dihedral(a *[16 * 16]float32) [8]Hash {
	var out [8]Hash
	var b [16 * 16]float32
	build := func(transpose bool, negate func(i, j int) bool) Hash {
		for i := range 16 {
			for j := range 16 {
				v := a[i*16+j]
				if negate(i, j) {
					v = -v
				}
				if transpose {
					b[j*16+i] = v
				} else {
					b[i*16+j] = v
				}
			}
		}
		return toHash(&b)
	}
	out[Original] = toHash(a)
	out[Rotate90] = build(true, func(_, j int) bool { return j&1 == 0 })
	out[Rotate180] = build(false, func(i, j int) bool { return (i+j)&1 == 1 })
	out[Rotate270] = build(true, func(i, _ int) bool { return i&1 == 0 })
	out[FlipX] = build(false, func(i, _ int) bool { return i&1 == 0 })
	out[FlipY] = build(false, func(_, j int) bool { return j&1 == 0 })
	out[FlipPlus1] = build(true, func(_, _ int) bool { return false })
	out[FlipMinus1] = build(true, func(i, j int) bool { return (i+j)&1 == 1 })
	return out
}
