package pdq

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// ExifOrientation returns the orientation tag (1..8) of a JPEG file's EXIF
// block (JEITA CP-3451, TIFF 6.0 IFD0 tag 0x0112), or 1 when the file has no
// EXIF block or no orientation tag. It reads only the marker segments before
// the image data. A malformed EXIF block is an error naming the byte offset.
func ExifOrientation(jpeg []byte) (int, error) {
	if len(jpeg) < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8 {
		return 0, fmt.Errorf("exif: not a JPEG file (no start-of-image marker)")
	}
	pos := 2
	for {
		// Markers may be preceded by fill bytes 0xFF.
		if pos >= len(jpeg) {
			return 1, nil
		}
		if jpeg[pos] != 0xFF {
			return 0, fmt.Errorf("exif: byte %d: want a marker (0xFF), got 0x%02X", pos, jpeg[pos])
		}
		for pos < len(jpeg) && jpeg[pos] == 0xFF {
			pos++
		}
		if pos >= len(jpeg) {
			return 1, nil
		}
		marker := jpeg[pos]
		pos++
		switch {
		case marker == 0xD9 || marker == 0xDA: // end of image, start of scan
			return 1, nil
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7): // no length
			continue
		}
		if pos+2 > len(jpeg) {
			return 0, fmt.Errorf("exif: byte %d: segment length cut off", pos)
		}
		n := int(binary.BigEndian.Uint16(jpeg[pos:]))
		if n < 2 || pos+n > len(jpeg) {
			return 0, fmt.Errorf("exif: byte %d: segment 0xFF%02X length %d runs past the end of the file (%d bytes)", pos, marker, n, len(jpeg))
		}
		seg := jpeg[pos+2 : pos+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			o, err := tiffOrientation(seg[6:])
			if err != nil {
				return 0, fmt.Errorf("exif: APP1 segment at byte %d: %w", pos-2, err)
			}
			return o, nil
		}
		pos += n
	}
}

// tiffOrientation finds tag 0x0112 in IFD0 of a TIFF structure.
func tiffOrientation(t []byte) (int, error) {
	if len(t) < 8 {
		return 0, fmt.Errorf("TIFF header cut off (%d bytes)", len(t))
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0, fmt.Errorf("TIFF byte order %q is neither II nor MM", t[:2])
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0, fmt.Errorf("TIFF magic is %d, want 42", bo.Uint16(t[2:]))
	}
	ifd := int64(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > int64(len(t)) {
		return 0, fmt.Errorf("IFD0 offset %d is outside the %d-byte TIFF block", ifd, len(t))
	}
	count := int64(bo.Uint16(t[ifd:]))
	for i := range count {
		e := ifd + 2 + 12*i
		if e+12 > int64(len(t)) {
			return 0, fmt.Errorf("IFD0 entry %d of %d at TIFF offset %d is cut off", i+1, count, e)
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		typ, n := bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:])
		if typ != 3 || n != 1 {
			return 0, fmt.Errorf("orientation tag at TIFF offset %d has type %d count %d, want SHORT (3) count 1", e, typ, n)
		}
		o := int(bo.Uint16(t[e+8:]))
		if o < 1 || o > 8 {
			return 0, fmt.Errorf("orientation %d at TIFF offset %d is outside 1..8", o, e)
		}
		return o, nil
	}
	return 1, nil
}
