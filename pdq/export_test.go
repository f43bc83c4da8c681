package pdq

// Stages exposes the intermediate buffers of one hash to the external test
// package, for step-by-step comparison with the reference's dumps.
func Stages(p Pixels, opt Options, dihedralPath bool) (buf64 [64 * 64]float32, dct [16 * 16]float32, quality int) {
	if opt.Resize512 {
		p = squash512(p)
	}
	st := compute(p, !dihedralPath)
	return st.buf64, st.dct, st.quality
}

// ParseDCT exposes the table parser for its test.
var ParseDCT = parseDCT

// Orient exposes the EXIF orientation transform.
var Orient = orient
