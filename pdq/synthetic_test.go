package pdq_test

import (
	"fmt"

	"github.com/rampart-tt/rampart/pdq"
)

// The synthetic reference images are integer formulas of (x, y) (see
// gen_synthetic.py in the shared PDQ data), so they are regenerated here
// instead of stored; the small ones are also stored and checked against the
// generator.

func pattern(x, y int) [3]int {
	return [3]int{(x*7 + y*3) >> 2, (x * y) >> 6, ((x ^ y) >> 1) + (x >> 3)}
}

func gpattern(x, y int) int {
	c := pattern(x, y)
	return (c[0]*3 + c[1]*5 + c[2]*2) / 10
}

// lcg is the generator's linear congruential sequence of bytes.
func lcg(seed uint32) func() int {
	s := seed
	return func() int {
		s = (1103515245*s + 12345) & 0x7FFFFFFF
		return int(s>>16) & 0xFF
	}
}

type synthSpec struct {
	name string
	w, h int
	grey bool
	fn   func(x, y int) [3]int
}

func rgb(f func(x, y int) [3]int) func(x, y int) [3]int { return f }

func greyOf(f func(x, y int) int) func(x, y int) [3]int {
	return func(x, y int) [3]int { v := f(x, y); return [3]int{v, v, v} }
}

func synthSpecs() []synthSpec {
	specs := []synthSpec{
		{"rgb_4x4_below_min", 4, 4, false, pattern},
		{"rgb_5x5_min", 5, 5, false, pattern},
		{"rgb_16x16", 16, 16, false, pattern},
		{"rgb_63x63", 63, 63, false, pattern},
		{"rgb_64x64_no_blur_path", 64, 64, false, pattern},
		{"rgb_65x65", 65, 65, false, pattern},
		{"rgb_127x129", 127, 129, false, pattern},
		{"rgb_300x200", 300, 200, false, pattern},
		{"rgb_512x512", 512, 512, false, pattern},
		{"rgb_513x512_resize", 513, 512, false, pattern},
		{"rgb_1000x300_resize_upsamples_y", 1000, 300, false, pattern},
		{"rgb_300x1000_resize_upsamples_x", 300, 1000, false, pattern},
		{"rgb_1600x1004", 1600, 1004, false, pattern},
		{"rgb_2000x2000", 2000, 2000, false, pattern},
		{"gray_300x200", 300, 200, true, greyOf(gpattern)},
		{"gray_1600x1004", 1600, 1004, true, greyOf(gpattern)},
		{"rgbgray_300x200_equal_channels", 300, 200, false, greyOf(gpattern)},
		{"flat_rgb_200x200", 200, 200, false, func(_, _ int) [3]int { return [3]int{77, 77, 77} }},
		{"checker_rgb_256x256", 256, 256, false, func(x, y int) [3]int {
			if ((x>>3)+(y>>3))&1 == 1 {
				return [3]int{255, 255, 255}
			}
			return [3]int{}
		}},
	}
	// Noise images draw from one sequence in raster order, channel by channel.
	g := lcg(12345)
	specs = append(specs, synthSpec{"noise_rgb_640x480", 640, 480, false, func(_, _ int) [3]int { return [3]int{g(), g(), g()} }})
	g2 := lcg(999)
	specs = append(specs, synthSpec{"noise_gray_200x150", 200, 150, true, func(_, _ int) [3]int { v := g2(); return [3]int{v, v, v} }})
	return specs
}

// fileName is the name the reference data uses for a spec.
func (s synthSpec) fileName() string {
	if s.grey {
		return s.name + ".pgm"
	}
	return s.name + ".ppm"
}

// pixels renders a spec (each call of a noise spec must be the first).
func (s synthSpec) pixels() pdq.Pixels {
	c := 3
	if s.grey {
		c = 1
	}
	p := pdq.Pixels{Width: s.w, Height: s.h, Channels: c, Pix: make([]byte, 0, s.w*s.h*c)}
	for y := range s.h {
		for x := range s.w {
			v := s.fn(x, y)
			for i := range c {
				p.Pix = append(p.Pix, byte(v[i]&255))
			}
		}
	}
	return p
}

// synthByName renders one synthetic image by file name.
func synthByName(name string) (pdq.Pixels, error) {
	for _, s := range synthSpecs() {
		if s.fileName() == name {
			return s.pixels(), nil
		}
	}
	return pdq.Pixels{}, fmt.Errorf("no synthetic image %q", name)
}
