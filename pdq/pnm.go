package pdq

import (
	"fmt"
)

// Netpbm (PNM) reading: P1/P4 bitmaps, P2/P5 greymaps, P3/P6 pixmaps, in
// ASCII or binary, maxval 1..65535 (two big-endian bytes per sample above
// 255), as specified at https://netpbm.sourceforge.net/doc/. The reference
// vectors are PNM, so this reader is the decoder-free path to bit-exactness.
//
// Samples are scaled to 8 bits: unchanged at maxval 255, the high byte at
// maxval 65535, and round(v*255/maxval) otherwise. Bitmaps read 1 as black
// (0) and 0 as white (255), as the format defines.

// pnmHeader is what precedes the raster.
type pnmHeader struct {
	kind          byte // '1'..'6'
	width, height int
	maxval        int
	offset        int // first raster byte
	line          int // line of the first raster byte
}

// pnmScanner walks the header and ASCII rasters, tracking the line.
type pnmScanner struct {
	data []byte
	pos  int
	line int
}

func (s *pnmScanner) errorf(format string, args ...any) error {
	return fmt.Errorf("pnm: line %d: %s", s.line, fmt.Sprintf(format, args...))
}

// skip passes white space and comments (from '#' to the end of the line).
func (s *pnmScanner) skip() {
	for s.pos < len(s.data) {
		switch c := s.data[s.pos]; {
		case c == '#':
			for s.pos < len(s.data) && s.data[s.pos] != '\n' {
				s.pos++
			}
		case c == '\n':
			s.line++
			s.pos++
		case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
			s.pos++
		default:
			return
		}
	}
}

// number reads an unsigned decimal no larger than limit.
func (s *pnmScanner) number(what string, limit int) (int, error) {
	s.skip()
	if s.pos >= len(s.data) {
		return 0, s.errorf("file ends before the %s", what)
	}
	start, v := s.pos, 0
	for s.pos < len(s.data) && '0' <= s.data[s.pos] && s.data[s.pos] <= '9' {
		v = v*10 + int(s.data[s.pos]-'0')
		if v > limit {
			return 0, s.errorf("%s is above %d", what, limit)
		}
		s.pos++
	}
	if s.pos == start {
		return 0, s.errorf("%s: want a decimal number, got %q", what, s.data[s.pos])
	}
	return v, nil
}

// maxPNMSide bounds width and height so that products cannot overflow.
const maxPNMSide = 1 << 24

func isPNM(data []byte) bool {
	return len(data) >= 3 && data[0] == 'P' && data[1] >= '1' && data[1] <= '6' && isSpace(data[2])
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '#'
}

// readPNMHeader parses everything up to the raster.
func readPNMHeader(data []byte) (pnmHeader, error) {
	if !isPNM(data) {
		return pnmHeader{}, fmt.Errorf("pnm: line 1: not a PNM file (want P1..P6 and white space)")
	}
	s := &pnmScanner{data: data, pos: 2, line: 1}
	h := pnmHeader{kind: data[1], maxval: 1}
	var err error
	if h.width, err = s.number("width", maxPNMSide); err != nil {
		return h, err
	}
	if h.height, err = s.number("height", maxPNMSide); err != nil {
		return h, err
	}
	if h.width == 0 || h.height == 0 {
		return h, s.errorf("empty image (%dx%d)", h.width, h.height)
	}
	if h.kind != '1' && h.kind != '4' {
		if h.maxval, err = s.number("maxval", 65535); err != nil {
			return h, err
		}
		if h.maxval == 0 {
			return h, s.errorf("maxval is 0; want 1..65535")
		}
	}
	if h.kind >= '4' {
		// Exactly one white-space byte separates the header from a binary raster.
		if s.pos >= len(data) || !isSpace(data[s.pos]) || data[s.pos] == '#' {
			return h, s.errorf("want one white-space byte before the raster")
		}
		if data[s.pos] == '\n' {
			s.line++
		}
		s.pos++
	}
	h.offset, h.line = s.pos, s.line
	return h, nil
}

// decodePNM reads a whole PNM file. The caller has checked the size.
func decodePNM(data []byte) (Pixels, error) {
	h, err := readPNMHeader(data)
	if err != nil {
		return Pixels{}, err
	}
	channels := 1
	if h.kind == '3' || h.kind == '6' {
		channels = 3
	}
	p := Pixels{Width: h.width, Height: h.height, Channels: channels, Pix: make([]byte, h.width*h.height*channels)}
	scale := scaler(h.maxval)
	switch h.kind {
	case '4':
		stride := (h.width + 7) / 8
		need := stride * h.height
		if len(data)-h.offset < need {
			return Pixels{}, fmt.Errorf("pnm: raster truncated: %dx%d bitmap needs %d bytes after the header, file has %d", h.width, h.height, need, len(data)-h.offset)
		}
		for y := range h.height {
			row := data[h.offset+y*stride:]
			for x := range h.width {
				if row[x/8]&(0x80>>(x%8)) == 0 {
					p.Pix[y*h.width+x] = 255
				}
			}
		}
	case '5', '6':
		bps := 1
		if h.maxval > 255 {
			bps = 2
		}
		need := len(p.Pix) * bps
		if len(data)-h.offset < need {
			return Pixels{}, fmt.Errorf("pnm: raster truncated: %dx%d P%c with maxval %d needs %d bytes after the header, file has %d", h.width, h.height, h.kind, h.maxval, need, len(data)-h.offset)
		}
		raster := data[h.offset : h.offset+need]
		for i := range p.Pix {
			v := int(raster[i*bps])
			if bps == 2 {
				v = v<<8 | int(raster[i*bps+1])
			}
			if v > h.maxval {
				return Pixels{}, fmt.Errorf("pnm: sample %d is %d, above maxval %d", i+1, v, h.maxval)
			}
			p.Pix[i] = scale(v)
		}
	case '1':
		s := &pnmScanner{data: data, pos: h.offset, line: h.line}
		for i := range p.Pix {
			s.skip()
			if s.pos >= len(data) {
				return Pixels{}, s.errorf("raster truncated: got %d of %d bits", i, len(p.Pix))
			}
			switch data[s.pos] {
			case '0':
				p.Pix[i] = 255
			case '1':
			default:
				return Pixels{}, s.errorf("bit %d: want 0 or 1, got %q", i+1, data[s.pos])
			}
			s.pos++
		}
	case '2', '3':
		s := &pnmScanner{data: data, pos: h.offset, line: h.line}
		for i := range p.Pix {
			v, err := s.number(fmt.Sprintf("sample %d of %d", i+1, len(p.Pix)), 65535)
			if err != nil {
				return Pixels{}, err
			}
			if v > h.maxval {
				return Pixels{}, s.errorf("sample %d is %d, above maxval %d", i+1, v, h.maxval)
			}
			p.Pix[i] = scale(v)
		}
	}
	return p, nil
}

// scaler maps samples of the given maxval to 0..255.
func scaler(maxval int) func(int) byte {
	switch maxval {
	case 255:
		return func(v int) byte { return byte(v) }
	case 65535:
		return func(v int) byte { return byte(v >> 8) }
	}
	return func(v int) byte { return byte((v*255 + maxval/2) / maxval) }
}
