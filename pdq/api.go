package pdq

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"io"
	"os"

	"github.com/rampart-tt/rampart"
)

// Options selects the front end and the decoder limits. The zero value
// hashes at full resolution with the default limits.
type Options struct {
	// Resize512 squashes an image with a side over 512 pixels to 512x512
	// (nearest neighbour) first, as the C++ pdq-photo-hasher tool does.
	Resize512 bool
	// ApplyEXIF turns JPEGs upright by their EXIF orientation before
	// hashing. The reference does not, so it is off by default.
	ApplyEXIF bool
	// Dihedral also computes the hashes of the 8 rotations and flips
	// (Result.Dihedral).
	Dihedral bool
	// MaxPixels refuses images with more pixels (width x height, read from
	// the header before decoding); 0 means DefaultMaxPixels.
	MaxPixels int64
	// MaxBytes refuses encoded files longer than this; 0 means
	// DefaultMaxBytes.
	MaxBytes int64
}

// Digest holds the exact (cryptographic) hashes of a file's bytes, which
// hash banks exchange alongside PDQ.
type Digest struct {
	MD5    [16]byte
	SHA256 [32]byte
}

// DigestOf hashes b with MD5 and SHA-256.
func DigestOf(b []byte) Digest {
	return Digest{MD5: md5.Sum(b), SHA256: sha256.Sum256(b)}
}

// MD5Hex returns the MD5 in lowercase hex.
func (d Digest) MD5Hex() string { return hex.EncodeToString(d.MD5[:]) }

// SHA256Hex returns the SHA-256 in lowercase hex.
func (d Digest) SHA256Hex() string { return hex.EncodeToString(d.SHA256[:]) }

// Result is what hashing one encoded file gives.
type Result struct {
	Hash    Hash
	Quality int // 0..100; upstream treats hashes below 50 as unreliable
	// Dihedral holds the hashes of the rotations and flips, indexed by
	// Original..FlipMinus1, when Options.Dihedral is set.
	Dihedral *[8]Hash
	// Width and Height are the decoded size (after EXIF orientation,
	// before any 512 squash).
	Width, Height int
	Format        string
	Digest        Digest
}

// HashPixels hashes decoded 8-bit pixels.
func HashPixels(p Pixels, opt Options) (Hash, int, error) {
	if err := p.Validate(); err != nil {
		return Hash{}, 0, invalid(err, "hash pixels: %v", err)
	}
	if opt.Resize512 {
		p = squash512(p)
	}
	st := compute(p, true)
	if st.tooSmall {
		return Hash{}, 0, nil
	}
	return toHash(&st.dct), st.quality, nil
}

// HashDihedralPixels hashes decoded pixels and their 7 rotations and flips,
// indexed by Original..FlipMinus1, computed from one DCT as the reference's
// pdqDihedralHash256esFromFloatLuma does. Like the reference, this path
// always blurs, so for a 64x64 image the Original entry can differ from
// HashPixels, which uses the 64x64 buffer as it is.
func HashDihedralPixels(p Pixels, opt Options) ([8]Hash, int, error) {
	if err := p.Validate(); err != nil {
		return [8]Hash{}, 0, invalid(err, "hash pixels: %v", err)
	}
	if opt.Resize512 {
		p = squash512(p)
	}
	st := compute(p, false)
	if st.tooSmall {
		return [8]Hash{}, 0, nil
	}
	return dihedral(&st.dct), st.quality, nil
}

// HashImage hashes an image already decoded by the caller (see FromImage
// for how colours are read).
func HashImage(img image.Image, opt Options) (Hash, int, error) {
	if err := checkSize("decoded", img.Bounds().Dx(), img.Bounds().Dy(), opt.maxPixels()); err != nil {
		return Hash{}, 0, err
	}
	return HashPixels(FromImage(img), opt)
}

// HashDihedral hashes an image and its 7 rotations and flips.
func HashDihedral(img image.Image, opt Options) ([8]Hash, int, error) {
	if err := checkSize("decoded", img.Bounds().Dx(), img.Bounds().Dy(), opt.maxPixels()); err != nil {
		return [8]Hash{}, 0, err
	}
	return HashDihedralPixels(FromImage(img), opt)
}

// HashBytes decodes and hashes one encoded image.
func HashBytes(ctx context.Context, data []byte, opt Options) (Result, error) {
	res := Result{Digest: DigestOf(data)}
	p, format, err := DecodeBytes(data, opt)
	res.Format = format
	if err != nil {
		return res, err
	}
	res.Width, res.Height = p.Width, p.Height
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if opt.Resize512 {
		p = squash512(p)
	}
	if opt.Dihedral {
		st := compute(p, false)
		var d [8]Hash
		if !st.tooSmall {
			d = dihedral(&st.dct)
		}
		res.Dihedral = &d
		res.Hash, res.Quality = d[Original], st.quality
		if p.Width != 64 || p.Height != 64 {
			return res, nil
		}
	}
	res.Hash, res.Quality, err = HashPixels(p, Options{})
	return res, err
}

// HashReader reads one encoded image from r (at most Options.MaxBytes) and
// hashes it.
func HashReader(ctx context.Context, r io.Reader, opt Options) (Result, error) {
	limit := opt.maxBytes()
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return Result{}, fmt.Errorf("read image: %w", err)
	}
	if int64(len(data)) > limit {
		return Result{}, &rampart.Error{Code: rampart.ETOOLARGE, Err: ErrTooLarge, Message: fmt.Sprintf(
			"image file is over %d bytes (raise Options.MaxBytes to hash it)", limit)}
	}
	return HashBytes(ctx, data, opt)
}

// HashFile reads and hashes the image file at path.
func HashFile(ctx context.Context, path string, opt Options) (Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return Result{}, fmt.Errorf("hash image: %w", err)
	}
	defer f.Close()
	res, err := HashReader(ctx, f, opt)
	if err != nil {
		return res, fmt.Errorf("hash %s: %w", path, err)
	}
	return res, nil
}
