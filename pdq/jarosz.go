package pdq

// Downsampling to 64x64, as the reference's jaroszFilterFloat followed by
// decimateFloat: two rounds of a box filter along rows then along columns
// (two box passes approximate a tent filter, after W. Jarosz, "Fast Image
// Convolutions", SIGGRAPH 2001 course notes), then sampling the pixel at the
// centre of each of the 64x64 cells.
//
// Every output value is computed with the same float32 operations in the
// same order as the reference's box1DFloat: a running sum that adds the
// entering sample and then subtracts the leaving one, divided by the current
// window length. What differs is only the loop structure, for speed:
//
//   - the column passes sweep all columns at once, row by row, so memory is
//     read sequentially instead of with a stride of one row;
//   - the last row pass keeps only the running sums at the 64 sampled
//     columns and the last column pass runs on those 64 columns alone, since
//     decimation reads nothing else. Sums are still accumulated over every
//     sample, so the kept values are bit-identical.

// numJaroszPasses is the reference's PDQ_NUM_JAROSZ_XY_PASSES.
const numJaroszPasses = 2

// windowSize is the reference's computeJaroszFilterWindowSize: half the
// ratio of old to new size, rounded up, so that two passes cover one cell.
func windowSize(oldDim, newDim int) int {
	return (oldDim + 2*newDim - 1) / (2 * newDim)
}

// boxPhases splits a box filter of window w over n samples into the
// reference's four phases: accumulate without output, output with a growing
// window, output with the full window, output with a shrinking window.
func boxPhases(n, w int) (p1, p2, p3, p4 int) {
	half := (w + 2) / 2
	return half - 1, w - half + 1, n - w, half - 1
}

// boxRow filters one row in place of out.
func boxRow(in, out []float32, w int) {
	p1, p2, p3, p4 := boxPhases(len(in), w)
	var sum float32
	cnt := 0
	ri := 0
	for range p1 {
		sum += in[ri]
		cnt++
		ri++
	}
	for oi := range p2 {
		sum += in[ri]
		cnt++
		out[oi] = sum / float32(cnt)
		ri++
	}
	if p3 > 0 {
		c := float32(cnt)
		add, sub, o := in[w:w+p3], in[:p3], out[p2:p2+p3]
		for k := range o {
			sum += add[k]
			sum -= sub[k]
			o[k] = sum / c
		}
	}
	li, oi := max(p3, 0), p2+max(p3, 0)
	for range p4 {
		sum -= in[li]
		cnt--
		out[oi] = sum / float32(cnt)
		li++
		oi++
	}
}

// boxRowSums runs the same filter as boxRow but stores the running sums
// before division; boxCount gives the divisor for each output position.
func boxRowSums(in, sums []float32, w int) {
	p1, p2, p3, p4 := boxPhases(len(in), w)
	var sum float32
	ri := 0
	for range p1 {
		sum += in[ri]
		ri++
	}
	for oi := range p2 {
		sum += in[ri]
		sums[oi] = sum
		ri++
	}
	if p3 > 0 {
		add, sub, o := in[w:w+p3], in[:p3], sums[p2:p2+p3]
		for k := range o {
			sum += add[k]
			sum -= sub[k]
			o[k] = sum
		}
	}
	li, oi := max(p3, 0), p2+max(p3, 0)
	for range p4 {
		sum -= in[li]
		sums[oi] = sum
		li++
		oi++
	}
}

// boxCount is the window length the reference divides by at output oi of a
// filter of window w over n samples.
func boxCount(oi, n, w int) int {
	p1, p2, p3, _ := boxPhases(n, w)
	switch {
	case oi < p2:
		return p1 + 1 + oi
	case oi < p2+max(p3, 0):
		return w
	}
	return w - 1 - (oi - p2 - max(p3, 0))
}

// boxCols filters every column of in (rows x cols, row-major) into out.
// sums is scratch of length cols.
func boxCols(in, out, sums []float32, rows, cols, w int) {
	p1, p2, p3, p4 := boxPhases(rows, w)
	sums = sums[:cols]
	clear(sums)
	row := func(r int) []float32 { return in[r*cols : r*cols+cols] }
	orow := func(r int) []float32 { return out[r*cols : r*cols+cols] }
	cnt := 0
	ri := 0
	for range p1 {
		a := row(ri)
		for j := range sums {
			sums[j] += a[j]
		}
		cnt++
		ri++
	}
	for oi := range p2 {
		a, o := row(ri), orow(oi)
		cnt++
		c := float32(cnt)
		for j := range sums {
			sums[j] += a[j]
			o[j] = sums[j] / c
		}
		ri++
	}
	li, oi := 0, p2
	c := float32(cnt)
	for range max(p3, 0) {
		a, s, o := row(ri), row(li), orow(oi)
		for j := range sums {
			sums[j] += a[j]
			sums[j] -= s[j]
			o[j] = sums[j] / c
		}
		ri++
		li++
		oi++
	}
	for range p4 {
		s, o := row(li), orow(oi)
		cnt--
		c := float32(cnt)
		for j := range sums {
			sums[j] -= s[j]
			o[j] = sums[j] / c
		}
		li++
		oi++
	}
}

// centres returns, for each of the 64 output cells along a side of n
// samples, the index of the sample at the cell centre, computed in double
// precision as the reference's decimateFloat does.
func centres(n int) [64]int {
	var c [64]int
	for i := range c {
		c[i] = int(((float64(i) + 0.5) * float64(n)) / 64)
	}
	return c
}

// downsample blurs luma (rows x cols, row-major; overwritten) and decimates
// it into out. scratch must hold rows*cols floats.
func downsample(luma, scratch []float32, rows, cols int, out *[64 * 64]float32) {
	wRows := windowSize(cols, 64) // window along each row
	wCols := windowSize(rows, 64) // window along each column
	sums := make([]float32, max(cols, 64))

	// Round 1: rows then columns, in full.
	for r := range rows {
		boxRow(luma[r*cols:r*cols+cols], scratch[r*cols:r*cols+cols], wRows)
	}
	boxCols(scratch, luma, sums, rows, cols, wCols)
	for pass := 1; pass < numJaroszPasses-1; pass++ {
		for r := range rows {
			boxRow(luma[r*cols:r*cols+cols], scratch[r*cols:r*cols+cols], wRows)
		}
		boxCols(scratch, luma, sums, rows, cols, wCols)
	}

	// Last round: only the 64 sampled columns survive decimation.
	cx, cy := centres(cols), centres(rows)
	var div [64]float32
	for k, j := range cx {
		div[k] = float32(boxCount(j, cols, wRows))
	}
	narrow := make([]float32, 2*rows*64)
	narrow, filtered := narrow[:rows*64], narrow[rows*64:]
	rowSums := sums[:cols]
	for r := range rows {
		boxRowSums(luma[r*cols:r*cols+cols], rowSums, wRows)
		o := narrow[r*64 : r*64+64]
		for k, j := range cx {
			o[k] = rowSums[j] / div[k]
		}
	}
	boxCols(narrow, filtered, sums[:64], rows, 64, wCols)
	for i, r := range cy {
		copy(out[i*64:i*64+64], filtered[r*64:r*64+64])
	}
}
