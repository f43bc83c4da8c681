package pdq

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/bmp"
	"golang.org/x/image/webp"

	"github.com/rampart-tt/rampart"
)

// Limits applied when Options leaves them zero.
const (
	DefaultMaxPixels = 100_000_000 // 100 megapixels: 400 MB of RGBA
	DefaultMaxBytes  = 256 << 20   // size of an encoded file
)

// Errors a caller may test for with errors.Is. They arrive wrapped in a
// *rampart.Error with code EINVALID or ETOOLARGE.
var (
	ErrTooLarge      = errors.New("image too large")
	ErrUnknownFormat = errors.New("unknown image format")
	ErrCorrupt       = errors.New("corrupt image")
)

// Image formats, as Result.Format reports them.
const (
	FormatJPEG = "jpeg"
	FormatPNG  = "png"
	FormatGIF  = "gif"
	FormatWebP = "webp"
	FormatBMP  = "bmp"
	FormatPNM  = "pnm"
)

// sniff names the format from the first bytes, or returns "".
func sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return FormatJPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return FormatPNG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return FormatGIF
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return FormatWebP
	case bytes.HasPrefix(b, []byte("BM")):
		return FormatBMP
	case isPNM(b):
		return FormatPNM
	}
	return ""
}

// Format returns the image format of an encoded file by its first bytes
// (one of the Format constants), or "" when it is none of them.
func Format(b []byte) string { return sniff(b) }

func (o Options) maxPixels() int64 {
	if o.MaxPixels > 0 {
		return o.MaxPixels
	}
	return DefaultMaxPixels
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

func invalid(cause error, format string, args ...any) error {
	return &rampart.Error{Code: rampart.EINVALID, Message: fmt.Sprintf(format, args...), Err: cause}
}

// checkSize refuses an empty image or one above the pixel limit, before
// anything the size of the image is allocated.
func checkSize(format string, w, h int, limit int64) error {
	if w <= 0 || h <= 0 {
		return invalid(ErrCorrupt, "%s image has no pixels (%dx%d)", format, w, h)
	}
	if n := int64(w) * int64(h); n > limit {
		return &rampart.Error{Code: rampart.ETOOLARGE, Err: ErrTooLarge, Message: fmt.Sprintf(
			"%s image is %dx%d = %d pixels, above the limit of %d (raise Options.MaxPixels to hash it)", format, w, h, n, limit)}
	}
	return nil
}

// DecodeBytes decodes an encoded image (JPEG, PNG, GIF first frame, WebP,
// BMP or PNM) into 8-bit Pixels. It reads the size from the header first
// and refuses images above Options.MaxPixels; with Options.ApplyEXIF it
// turns JPEGs upright by their EXIF orientation (a malformed EXIF block is
// ignored, as viewers ignore it). It returns the format name.
func DecodeBytes(data []byte, opt Options) (Pixels, string, error) {
	format := sniff(data)
	if format == "" {
		head := data[:min(len(data), 8)]
		return Pixels{}, "", invalid(ErrUnknownFormat, "unknown image format: first bytes % x match none of JPEG, PNG, GIF, WebP, BMP, PNM", head)
	}
	var p Pixels
	if format == FormatPNM {
		h, err := readPNMHeader(data)
		if err != nil {
			return Pixels{}, format, invalid(ErrCorrupt, "decode pnm: %v", err)
		}
		if err := checkSize(format, h.width, h.height, opt.maxPixels()); err != nil {
			return Pixels{}, format, err
		}
		if p, err = decodePNM(data); err != nil {
			return Pixels{}, format, invalid(ErrCorrupt, "decode pnm: %v", err)
		}
	} else {
		img, err := decodeLibrary(format, data, opt.maxPixels())
		if err != nil {
			return Pixels{}, format, err
		}
		p = FromImage(img)
	}
	if opt.ApplyEXIF && format == FormatJPEG {
		if o, err := ExifOrientation(data); err == nil {
			p = orient(p, o)
		}
	}
	return p, format, nil
}

// decodeLibrary checks the header size, then decodes with the standard or
// x/image decoder. A panic inside a decoder is a last line of defence, not
// a check: it becomes an error instead of taking the process down.
func decodeLibrary(format string, data []byte, limit int64) (img image.Image, err error) {
	var config func([]byte) (image.Config, error)
	var decode func([]byte) (image.Image, error)
	switch format {
	case FormatJPEG:
		config = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
	case FormatPNG:
		config = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
	case FormatGIF:
		config = func(b []byte) (image.Config, error) { return gif.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return gif.Decode(bytes.NewReader(b)) }
	case FormatWebP:
		config = func(b []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return webp.Decode(bytes.NewReader(b)) }
	case FormatBMP:
		config = func(b []byte) (image.Config, error) { return bmp.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return bmp.Decode(bytes.NewReader(b)) }
	}
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, invalid(ErrCorrupt, "decode %s: the decoder failed on malformed data (%v)", format, r)
		}
	}()
	cfg, err := config(data)
	if err != nil {
		return nil, invalid(ErrCorrupt, "decode %s header: %v", format, err)
	}
	if err := checkSize(format, cfg.Width, cfg.Height, limit); err != nil {
		return nil, err
	}
	img, err = decode(data)
	if err != nil {
		return nil, invalid(ErrCorrupt, "decode %s: %v", format, err)
	}
	b := img.Bounds()
	if err := checkSize(format, b.Dx(), b.Dy(), limit); err != nil {
		return nil, err
	}
	return img, nil
}
