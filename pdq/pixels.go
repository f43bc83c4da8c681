package pdq

import (
	"fmt"
	"image"
	"image/color"
)

// Pixels is an 8-bit image in memory: Channels is 1 (grey) or 3 (RGB,
// interleaved), rows run top to bottom with no padding, so Pix holds
// Width*Height*Channels bytes. It is the lowest-level input to the hash and
// is what the reference hashes after its decoder has run.
type Pixels struct {
	Width, Height int
	Channels      int
	Pix           []byte
}

// Validate reports a malformed buffer.
func (p Pixels) Validate() error {
	if p.Channels != 1 && p.Channels != 3 {
		return fmt.Errorf("pixels: channels must be 1 (grey) or 3 (RGB), got %d", p.Channels)
	}
	if p.Width < 0 || p.Height < 0 {
		return fmt.Errorf("pixels: negative size %dx%d", p.Width, p.Height)
	}
	want := int64(p.Width) * int64(p.Height) * int64(p.Channels)
	if int64(len(p.Pix)) != want {
		return fmt.Errorf("pixels: %dx%d with %d channels needs %d bytes, got %d", p.Width, p.Height, p.Channels, want, len(p.Pix))
	}
	return nil
}

// squashSize is the reference tool's DOWNSAMPLE_DIMS.
const squashSize = 512

// squash512 reproduces the C++ tool's CImg resize(512, 512) with its default
// nearest-neighbour interpolation, applied when either side exceeds 512:
// output pixel x reads source column floor(x*W/512), and likewise for rows.
// The aspect ratio is ignored, so a short side is up-sampled.
func squash512(p Pixels) Pixels {
	if p.Width <= squashSize && p.Height <= squashSize {
		return p
	}
	c := p.Channels
	out := Pixels{Width: squashSize, Height: squashSize, Channels: c, Pix: make([]byte, squashSize*squashSize*c)}
	var sx [squashSize]int
	for x := range sx {
		sx[x] = x * p.Width / squashSize * c
	}
	for y := range squashSize {
		src := p.Pix[(y*p.Height/squashSize)*p.Width*c:]
		dst := out.Pix[y*squashSize*c : (y+1)*squashSize*c]
		for x, o := range sx {
			copy(dst[x*c:x*c+c], src[o:o+c])
		}
	}
	return out
}

// orient applies an EXIF orientation (1..8) so that the image is upright:
// 2 mirrors, 3 rotates 180 degrees, 4 flips vertically, 5 transposes,
// 6 rotates 90 degrees clockwise, 7 transverses, 8 rotates 90 degrees
// counter-clockwise. Other values leave p as it is.
func orient(p Pixels, o int) Pixels {
	if o < 2 || o > 8 {
		return p
	}
	w, h, c := p.Width, p.Height, p.Channels
	swap := o >= 5
	ow, oh := w, h
	if swap {
		ow, oh = h, w
	}
	out := Pixels{Width: ow, Height: oh, Channels: c, Pix: make([]byte, len(p.Pix))}
	for y := range h {
		for x := range w {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			copy(out.Pix[(dy*ow+dx)*c:(dy*ow+dx)*c+c], p.Pix[(y*w+x)*c:(y*w+x)*c+c])
		}
	}
	return out
}

// FromImage converts a decoded image to 8-bit Pixels. Alpha is dropped, not
// composited: the colour stored in the file is kept, as ImageMagick's PNM
// output (the reference's input) keeps it; premultiplied colours are
// divided back by alpha. Samples deeper than 8 bits keep their high byte.
// Grey images give one channel.
func FromImage(img image.Image) Pixels {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := img.(type) {
	case *image.Gray:
		p := Pixels{Width: w, Height: h, Channels: 1, Pix: make([]byte, w*h)}
		for y := range h {
			copy(p.Pix[y*w:(y+1)*w], m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):])
		}
		return p
	case *image.Gray16:
		p := Pixels{Width: w, Height: h, Channels: 1, Pix: make([]byte, w*h)}
		for y := range h {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := range w {
				p.Pix[y*w+x] = row[2*x] // high byte (big-endian)
			}
		}
		return p
	}
	p := Pixels{Width: w, Height: h, Channels: 3, Pix: make([]byte, 3*w*h)}
	put := func(x, y int, r, g, bl uint8) {
		i := 3 * (y*w + x)
		p.Pix[i], p.Pix[i+1], p.Pix[i+2] = r, g, bl
	}
	switch m := img.(type) {
	case *image.YCbCr:
		ycbcrToRGB(m, p.Pix)
	case *image.NYCbCrA:
		for y := range h {
			for x := range w {
				yi := m.YOffset(b.Min.X+x, b.Min.Y+y)
				ci := m.COffset(b.Min.X+x, b.Min.Y+y)
				r, g, bl := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
				put(x, y, r, g, bl)
			}
		}
	case *image.NRGBA:
		for y := range h {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := range w {
				put(x, y, row[4*x], row[4*x+1], row[4*x+2])
			}
		}
	case *image.RGBA:
		for y := range h {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := range w {
				a := row[4*x+3]
				put(x, y, unpremul8(row[4*x], a), unpremul8(row[4*x+1], a), unpremul8(row[4*x+2], a))
			}
		}
	case *image.Paletted:
		pal := make([][3]uint8, len(m.Palette))
		for i, c := range m.Palette {
			n := color.NRGBAModel.Convert(c).(color.NRGBA)
			pal[i] = [3]uint8{n.R, n.G, n.B}
		}
		for y := range h {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := range w {
				var c [3]uint8 // an index past the palette reads as black, as image.Paletted.At does
				if int(row[x]) < len(pal) {
					c = pal[row[x]]
				}
				put(x, y, c[0], c[1], c[2])
			}
		}
	case *image.CMYK:
		for y := range h {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := range w {
				r, g, bl := color.CMYKToRGB(row[4*x], row[4*x+1], row[4*x+2], row[4*x+3])
				put(x, y, r, g, bl)
			}
		}
	default:
		// NRGBA64Model keeps colours un-premultiplied; the high byte of
		// each 16-bit sample is its 8-bit value.
		for y := range h {
			for x := range w {
				c := color.NRGBA64Model.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA64)
				put(x, y, uint8(c.R>>8), uint8(c.G>>8), uint8(c.B>>8))
			}
		}
	}
	return p
}

// unpremul8 divides a premultiplied 8-bit sample by alpha, rounding.
func unpremul8(v, a uint8) uint8 {
	if a == 0xff || a == 0 {
		return v
	}
	return uint8(min((uint32(v)*0xff+uint32(a)/2)/uint32(a), 0xff))
}

// ycbcrToRGB converts with the standard library's YCbCrToRGB, walking rows
// directly instead of calling YOffset/COffset per pixel (the same offsets,
// computed once per row).
func ycbcrToRGB(m *image.YCbCr, dst []byte) {
	b := m.Rect
	hx, vy := 1, 1
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		hx = 2
	case image.YCbCrSubsampleRatio420:
		hx, vy = 2, 2
	case image.YCbCrSubsampleRatio440:
		vy = 2
	case image.YCbCrSubsampleRatio411:
		hx = 4
	case image.YCbCrSubsampleRatio410:
		hx, vy = 4, 2
	}
	w := b.Dx()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		yrow := m.Y[(y-b.Min.Y)*m.YStride:]
		crow := (y/vy - b.Min.Y/vy) * m.CStride
		cb, cr := m.Cb[crow:], m.Cr[crow:]
		out := dst[(y-b.Min.Y)*w*3:]
		for x := b.Min.X; x < b.Max.X; x++ {
			ci := x/hx - b.Min.X/hx
			i := x - b.Min.X
			r, g, bl := color.YCbCrToRGB(yrow[i], cb[ci], cr[ci])
			out[3*i], out[3*i+1], out[3*i+2] = r, g, bl
		}
	}
}
