package vpdq

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	"github.com/rampart-tt/rampart/pdq"
)

// DefaultMaxPixels bounds the frame size (width x height) Hash accepts:
// 8K UHD with room to spare. A frame is held as RGB, 3 bytes a pixel.
const DefaultMaxPixels = 8192 * 8192

// Options chooses which frames are hashed and where the tools are.
type Options struct {
	// SecondsPerHash hashes one frame every this many seconds of video:
	// frame n is hashed when n is a multiple of int(SecondsPerHash*fps)
	// (at least 1). 0 hashes every frame, the reference's default.
	SecondsPerHash float64
	// QualityMin drops frames whose PDQ quality is below it. 0 keeps every
	// frame, as the reference's hasher does; the reference filters at
	// match time instead (Compare drops frames below 50 by default).
	QualityMin int
	// FFmpeg and FFprobe are the commands to run; empty means "ffmpeg"
	// and "ffprobe" from PATH.
	FFmpeg, FFprobe string
	// MaxPixels refuses videos whose frames have more pixels; 0 means
	// DefaultMaxPixels.
	MaxPixels int
	// AllowDamaged hashes whatever frames ffmpeg can decode from a
	// damaged or truncated file, as the reference does. By default any
	// error ffmpeg reports fails the hash, so a partial hash list is never
	// mistaken for the whole video's.
	AllowDamaged bool
}

func (o Options) validate() error {
	if o.SecondsPerHash < 0 {
		return fmt.Errorf("seconds per hash %v: want 0 (every frame) or more", o.SecondsPerHash)
	}
	if o.QualityMin < 0 || o.QualityMin > 100 {
		return fmt.Errorf("minimum quality %d: want 0 to 100", o.QualityMin)
	}
	return nil
}

// HashFile returns the features of every hashed frame of the video at path.
func HashFile(ctx context.Context, path string, opt Options) ([]Feature, error) {
	var out []Feature
	err := Hash(ctx, path, opt, func(f Feature) error {
		out = append(out, f)
		return nil
	})
	return out, err
}

// Hash decodes the video at path with ffmpeg and calls fn with the feature
// of each hashed frame, in frame order, holding one frame in memory at a
// time. An error from fn stops decoding and is returned. Cancelling ctx
// kills ffmpeg. A file ffmpeg cannot decode, or one that ends inside a
// frame, is an error naming the file and ffmpeg's message.
func Hash(ctx context.Context, path string, opt Options, fn func(Feature) error) error {
	if err := opt.validate(); err != nil {
		return fmt.Errorf("hash video %s: %w", path, err)
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("hash video: %w", err)
	}
	ffmpeg, ffprobe := cmp.Or(opt.FFmpeg, "ffmpeg"), cmp.Or(opt.FFprobe, "ffprobe")
	ffprobePath, err := lookTool(ffprobe)
	if err != nil {
		return err
	}
	ffmpegPath, err := lookTool(ffmpeg)
	if err != nil {
		return err
	}
	info, err := probe(ctx, ffprobePath, path)
	if err != nil {
		return err
	}
	maxPixels := cmp.Or(opt.MaxPixels, DefaultMaxPixels)
	if info.Width > maxPixels/info.Height {
		return fmt.Errorf("hash video %s: frames of %dx%d exceed the limit of %d pixels", path, info.Width, info.Height, maxPixels)
	}
	every := 1
	if opt.SecondsPerHash > 0 {
		if info.FPS <= 0 {
			return fmt.Errorf("hash video %s: the stream has no frame rate, so seconds per hash cannot apply; use 0 to hash every frame", path)
		}
		every = max(1, int(opt.SecondsPerHash*info.FPS))
	}

	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, ffmpegPath, decodeArgs(path, opt.AllowDamaged)...)
	var stderr bytes.Buffer
	cmd.Stderr = &limitedBuffer{max: 4096, buf: &stderr}
	// After the kill, do not wait forever for pipes a grandchild may hold.
	cmd.WaitDelay = 5 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("hash video %s: %w", path, err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("hash video %s: start ffmpeg: %w", path, err)
	}
	frames, ferr := hashFrames(stdout, info, every, opt.QualityMin, fn)
	if ferr != nil && !errors.Is(ferr, errTruncated) {
		cancel() // stop ffmpeg: nobody reads its output any more
	}
	werr := cmd.Wait()
	switch {
	case ferr != nil && !errors.Is(ferr, errTruncated):
		return fmt.Errorf("hash video %s: %w", path, ferr)
	case parent.Err() != nil && werr != nil:
		return fmt.Errorf("hash video %s: %w", path, context.Cause(parent))
	case werr != nil:
		return fmt.Errorf("hash video %s: ffmpeg failed after %d frames: %w: %s", path, frames, werr, lastLine(stderr.String()))
	case ferr != nil:
		return fmt.Errorf("hash video %s: %w", path, ferr)
	case stderr.Len() > 0 && !opt.AllowDamaged:
		// ffmpeg reports a damaged file (one that ends early, say) at
		// error level yet may exit 0 after the frames it could decode.
		return fmt.Errorf("hash video %s: ffmpeg reports the file damaged after %d frames: %s (Options.AllowDamaged hashes the frames that decode)", path, frames, lastLine(stderr.String()))
	case frames == 0:
		return fmt.Errorf("hash video %s: ffmpeg decoded no video frames", path)
	}
	return nil
}

var errTruncated = errors.New("decoded stream ends inside a frame")

// hashFrames reads packed RGB24 frames from r and hashes every every-th
// one. It returns the number of frames read.
func hashFrames(r io.Reader, info streamInfo, every, qualityMin int, fn func(Feature) error) (int, error) {
	buf := make([]byte, info.Width*info.Height*3)
	px := pdq.Pixels{Width: info.Width, Height: info.Height, Channels: 3, Pix: buf}
	n := 0
	for ; ; n++ {
		if _, err := io.ReadFull(r, buf); err != nil {
			if err == io.EOF {
				return n, nil
			}
			if err == io.ErrUnexpectedEOF {
				return n, fmt.Errorf("frame %d: %w", n, errTruncated)
			}
			return n, fmt.Errorf("read frame %d: %w", n, err)
		}
		if n%every != 0 {
			continue
		}
		h, q, err := pdq.HashPixels(px, pdq.Options{MaxPixels: int64(len(buf))})
		if err != nil {
			return n, fmt.Errorf("frame %d: %w", n, err)
		}
		if q < qualityMin {
			continue
		}
		f := Feature{Frame: n, Quality: q, Hash: h}
		if info.FPS > 0 {
			f.Timestamp = float64(n) / info.FPS
		}
		if err := fn(f); err != nil {
			return n + 1, err
		}
	}
}
