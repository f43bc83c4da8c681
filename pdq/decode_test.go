package pdq_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/image/bmp"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/pdq"
)

// pngHeader returns a PNG signature and IHDR chunk claiming w x h, with no
// image data: what a decompression bomb starts with.
func pngHeader(w, h uint32) []byte {
	var ihdr bytes.Buffer
	_ = binary.Write(&ihdr, binary.BigEndian, w)
	_ = binary.Write(&ihdr, binary.BigEndian, h)
	ihdr.Write([]byte{8, 2, 0, 0, 0})
	chunk := append([]byte("IHDR"), ihdr.Bytes()...)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, uint32(ihdr.Len()))
	out = append(out, chunk...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
}

func TestGuards(t *testing.T) {
	wee, err := os.ReadFile(testdata("images", "wee.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		in       []byte
		opt      pdq.Options
		wantIs   error
		wantCode string
		wantMsg  string
	}{
		{"PNG bomb", pngHeader(200_000, 200_000), pdq.Options{}, pdq.ErrTooLarge, rampart.ETOOLARGE, "200000x200000 = 40000000000 pixels, above the limit of 100000000"},
		{"PNM bomb", []byte("P6 100000 100000 255\n"), pdq.Options{}, pdq.ErrTooLarge, rampart.ETOOLARGE, "above the limit"},
		{"custom limit", wee, pdq.Options{MaxPixels: 1000}, pdq.ErrTooLarge, rampart.ETOOLARGE, "34x42 = 1428 pixels, above the limit of 1000"},
		{"unknown", []byte("hello world"), pdq.Options{}, pdq.ErrUnknownFormat, rampart.EINVALID, "first bytes 68 65 6c 6c 6f 20 77 6f match none"},
		{"empty", nil, pdq.Options{}, pdq.ErrUnknownFormat, rampart.EINVALID, "unknown image format"},
		{"truncated JPEG", wee[:len(wee)/2], pdq.Options{}, pdq.ErrCorrupt, rampart.EINVALID, "decode jpeg"},
		{"PNG header only", pngHeader(10, 10), pdq.Options{}, pdq.ErrCorrupt, rampart.EINVALID, "decode png"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := pdq.DecodeBytes(tc.in, tc.opt)
			if !errors.Is(err, tc.wantIs) {
				t.Fatalf("error %v, want %v", err, tc.wantIs)
			}
			if got := rampart.ErrorCode(err); got != tc.wantCode {
				t.Errorf("code %q, want %q", got, tc.wantCode)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("message %q lacks %q", err, tc.wantMsg)
			}
		})
	}
	_, err = pdq.HashReader(t.Context(), bytes.NewReader(wee), pdq.Options{MaxBytes: 100})
	if !errors.Is(err, pdq.ErrTooLarge) || !strings.Contains(err.Error(), "over 100 bytes") {
		t.Errorf("MaxBytes: %v", err)
	}
}

// TestTruncated cuts real files of every format at many lengths: each cut
// must give an error or a valid image, never a panic.
func TestTruncated(t *testing.T) {
	files := map[string][]byte{}
	for _, name := range []string{"wee.jpg", "small.jpg", "pytx_LA.png"} {
		b, err := os.ReadFile(testdata("images", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	files["gif"], files["bmp"] = encodeGIF(t, testImage()), encodeBMP(t, testImage())
	files["pnm"] = readGz(t, testdata("synthetic", "rgb_16x16.ppm.gz"))
	for name, b := range files {
		step := max(1, len(b)/200)
		for n := 0; n < len(b); n += step {
			p, _, err := pdq.DecodeBytes(b[:n], pdq.Options{})
			if err == nil {
				if verr := p.Validate(); verr != nil {
					t.Errorf("%s cut at %d: %v", name, n, verr)
				}
			}
		}
	}
}

func testImage() *image.Paletted {
	pal := color.Palette{color.RGBA{0, 0, 0, 255}, color.RGBA{200, 30, 60, 255}, color.RGBA{20, 220, 90, 255}, color.RGBA{250, 250, 250, 255}}
	img := image.NewPaletted(image.Rect(0, 0, 37, 23), pal)
	for y := range 23 {
		for x := range 37 {
			img.SetColorIndex(x, y, uint8((x/5+y/4)%4))
		}
	}
	return img
}

func encodeGIF(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	if err := gif.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeBMP(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	if err := bmp.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestFormats checks that every lossless format decodes to the same pixels
// and hash as the image it was made from, and that alpha is dropped, not
// composited.
func TestFormats(t *testing.T) {
	src := testImage()
	want, wantQ, err := pdq.HashImage(src, pdq.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		format string
		data   []byte
	}{
		{pdq.FormatGIF, encodeGIF(t, src)},
		{pdq.FormatBMP, encodeBMP(t, src)},
		{pdq.FormatPNG, encodePNG(t, src)},
	} {
		res, err := pdq.HashBytes(t.Context(), tc.data, pdq.Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		got := []any{res.Format, res.Hash, res.Quality, res.Width, res.Height, res.Digest}
		wantRes := []any{tc.format, want, wantQ, 37, 23, pdq.DigestOf(tc.data)}
		if diff := cmp.Diff(wantRes, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.format, diff)
		}
	}

	// Half-transparent NRGBA keeps its stored colour.
	nrgba := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	nrgba.SetNRGBA(0, 0, color.NRGBA{200, 100, 50, 128})
	nrgba.SetNRGBA(1, 0, color.NRGBA{10, 20, 30, 0})
	p := pdq.FromImage(nrgba)
	if diff := cmp.Diff([]byte{200, 100, 50, 10, 20, 30}, p.Pix); diff != "" {
		t.Errorf("alpha handling (-want +got):\n%s", diff)
	}
	// Premultiplied RGBA is divided back.
	rgba := image.NewRGBA(image.Rect(0, 0, 1, 1))
	rgba.SetRGBA(0, 0, color.RGBA{100, 50, 25, 128})
	if diff := cmp.Diff([]byte{199, 100, 50}, pdq.FromImage(rgba).Pix); diff != "" {
		t.Errorf("premultiplied (-want +got):\n%s", diff)
	}
}

func TestDigest(t *testing.T) {
	d := pdq.DigestOf([]byte("abc"))
	if got := d.MD5Hex(); got != "900150983cd24fb0d6963f7d28e17f72" {
		t.Errorf("md5 %s", got)
	}
	if got := d.SHA256Hex(); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("sha256 %s", got)
	}
}

func TestHashPixelsInvalid(t *testing.T) {
	for _, p := range []pdq.Pixels{
		{Width: 2, Height: 2, Channels: 4, Pix: make([]byte, 16)},
		{Width: 2, Height: 2, Channels: 3, Pix: make([]byte, 11)},
		{Width: -1, Height: 2, Channels: 1},
	} {
		if _, _, err := pdq.HashPixels(p, pdq.Options{}); rampart.ErrorCode(err) != rampart.EINVALID {
			t.Errorf("%dx%dx%d with %d bytes: %v", p.Width, p.Height, p.Channels, len(p.Pix), err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, name := range []string{"wee.jpg", "small.jpg"} {
		b, err := os.ReadFile(testdata("images", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("P5 2 2 255\n\x00\x01\x02\x03"))
	f.Add([]byte("P3 1 1 65535\n1 2 3\n"))
	f.Add(pngHeader(3, 3))
	f.Fuzz(func(t *testing.T, b []byte) {
		opt := pdq.Options{MaxPixels: 1 << 20, ApplyEXIF: true}
		p, _, err := pdq.DecodeBytes(b, opt)
		if err != nil {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("decoded invalid pixels: %v", err)
		}
		if _, _, err := pdq.HashPixels(p, pdq.Options{}); err != nil {
			t.Fatalf("hash: %v", err)
		}
	})
}

// TestHashBytes64 checks HashBytes with Dihedral on a 64x64 PNG, where the
// reference's two paths differ in form (Hash uses the buffer as it is, the
// dihedral set blurs with a window of 1); on this image both give the same
// bits, and both must match the reference.
func TestHashBytes64(t *testing.T) {
	p, err := synthByName("rgb_64x64_no_blur_path.ppm")
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for i := range 64 * 64 {
		copy(img.Pix[4*i:], p.Pix[3*i:3*i+3])
		img.Pix[4*i+3] = 255
	}
	res, err := pdq.HashBytes(t.Context(), encodePNG(t, img), pdq.Options{Dihedral: true})
	if err != nil {
		t.Fatal(err)
	}
	want := parseExpected(t, testdata("expected", "synthetic__expected_all.csv"))["rgb_64x64_no_blur_path.ppm"]
	got := []string{res.Hash.String(), res.Dihedral[pdq.Original].String(), res.Dihedral[pdq.FlipMinus1].String()}
	if diff := cmp.Diff([]string{want.FullRes, want.DihFull[0], want.DihFull[7]}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
