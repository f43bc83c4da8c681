package pdq_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/pdq"
)

// exifJPEG builds the marker segments of a JPEG with an EXIF block whose
// IFD0 holds the given entries (tag, type, count, value), in byte order bo.
func exifJPEG(bo binary.ByteOrder, entries [][4]uint32) []byte {
	var tiff bytes.Buffer
	if bo == binary.LittleEndian {
		tiff.WriteString("II")
	} else {
		tiff.WriteString("MM")
	}
	w16 := func(v uint16) { _ = binary.Write(&tiff, bo, v) }
	w32 := func(v uint32) { _ = binary.Write(&tiff, bo, v) }
	w16(42)
	w32(8)
	w16(uint16(len(entries)))
	for _, e := range entries {
		w16(uint16(e[0]))
		w16(uint16(e[1]))
		w32(e[2])
		w16(uint16(e[3])) // a SHORT value sits in the first two bytes
		w16(0)
	}
	w32(0)
	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00} // an APP0 first
	out = append(out, 0xFF, 0xE1, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(out, seg...)
	return append(out, 0xFF, 0xDA, 0x00, 0x02)
}

func TestExifOrientation(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	for _, tc := range []struct {
		name    string
		in      []byte
		want    int
		wantErr string
	}{
		{"little-endian 6", exifJPEG(le, [][4]uint32{{0x010F, 2, 4, 0}, {0x0112, 3, 1, 6}}), 6, ""},
		{"big-endian 3", exifJPEG(be, [][4]uint32{{0x0112, 3, 1, 3}}), 3, ""},
		{"no tag", exifJPEG(le, [][4]uint32{{0x010F, 2, 4, 0}}), 1, ""},
		{"no EXIF", []byte{0xFF, 0xD8, 0xFF, 0xDA, 0, 2}, 1, ""},
		{"XMP APP1", []byte("\xFF\xD8\xFF\xE1\x00\x06http\xFF\xD9"), 1, ""},
		{"out of range", exifJPEG(le, [][4]uint32{{0x0112, 3, 1, 9}}), 0, "orientation 9 at TIFF offset 10 is outside 1..8"},
		{"wrong type", exifJPEG(be, [][4]uint32{{0x0112, 4, 1, 6}}), 0, "type 4 count 1"},
		{"not JPEG", []byte("GIF89a"), 0, "not a JPEG"},
		{"segment past end", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x10, 0x00, 'E'}, 0, "byte 4: segment 0xFFE1 length 4096 runs past the end"},
		{"garbage between segments", []byte{0xFF, 0xD8, 0x12}, 0, "byte 2: want a marker"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pdq.ExifOrientation(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %d, %v; want %d", got, err, tc.want)
			}
		})
	}
	// Cut the valid block at every length: errors, never panics.
	full := exifJPEG(le, [][4]uint32{{0x0112, 3, 1, 6}})
	for n := range len(full) {
		_, _ = pdq.ExifOrientation(full[:n])
	}
}

func TestOrient(t *testing.T) {
	// 3x2 grey image:  1 2 3
	//                  4 5 6
	src := pdq.Pixels{Width: 3, Height: 2, Channels: 1, Pix: []byte{1, 2, 3, 4, 5, 6}}
	for _, tc := range []struct {
		o    int
		w, h int
		want []byte
	}{
		{1, 3, 2, []byte{1, 2, 3, 4, 5, 6}},
		{2, 3, 2, []byte{3, 2, 1, 6, 5, 4}},
		{3, 3, 2, []byte{6, 5, 4, 3, 2, 1}},
		{4, 3, 2, []byte{4, 5, 6, 1, 2, 3}},
		{5, 2, 3, []byte{1, 4, 2, 5, 3, 6}},
		{6, 2, 3, []byte{4, 1, 5, 2, 6, 3}},
		{7, 2, 3, []byte{6, 3, 5, 2, 4, 1}},
		{8, 2, 3, []byte{3, 6, 2, 5, 1, 4}},
	} {
		got := pdq.Orient(src, tc.o)
		want := pdq.Pixels{Width: tc.w, Height: tc.h, Channels: 1, Pix: tc.want}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("orientation %d (-want +got):\n%s", tc.o, diff)
		}
	}
}

// TestApplyEXIF decodes a real JPEG carrying orientation 6 and checks that
// the option turns it (and that the default leaves it as stored).
func TestApplyEXIF(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 40, 20))
	for y := range 20 {
		for x := range 40 {
			img.SetGray(x, y, color.Gray{Y: uint8(x * 6)})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	exif := exifJPEG(binary.BigEndian, [][4]uint32{{0x0112, 3, 1, 6}})
	exif = exif[2 : len(exif)-4] // segments only, no SOI or SOS
	data := append(append([]byte{0xFF, 0xD8}, exif...), enc.Bytes()[2:]...)
	for _, tc := range []struct {
		apply bool
		w, h  int
	}{{false, 40, 20}, {true, 20, 40}} {
		p, _, err := pdq.DecodeBytes(data, pdq.Options{ApplyEXIF: tc.apply})
		if err != nil {
			t.Fatal(err)
		}
		if p.Width != tc.w || p.Height != tc.h {
			t.Errorf("ApplyEXIF=%v: %dx%d, want %dx%d", tc.apply, p.Width, p.Height, tc.w, tc.h)
		}
	}
}

func FuzzEXIF(f *testing.F) {
	f.Add(exifJPEG(binary.LittleEndian, [][4]uint32{{0x0112, 3, 1, 6}}))
	f.Add(exifJPEG(binary.BigEndian, [][4]uint32{{0x0112, 3, 1, 8}}))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xDA})
	f.Fuzz(func(t *testing.T, b []byte) {
		o, err := pdq.ExifOrientation(b)
		if err == nil && (o < 1 || o > 8) {
			t.Fatalf("orientation %d without an error", o)
		}
	})
}
