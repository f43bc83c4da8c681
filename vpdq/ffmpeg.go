package vpdq

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// ErrNoFFmpeg marks a missing ffmpeg or ffprobe binary.
var ErrNoFFmpeg = errors.New("ffmpeg not installed")

// lookTool finds a command, naming how to install it when it is missing.
func lookTool(name string) (string, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%w: %q not found in PATH; vpdq decodes video with ffmpeg and ffprobe: install them (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) or set the path in Options", ErrNoFFmpeg, name)
	}
	return path, nil
}

// streamInfo is what the hasher needs to know of the first video stream.
type streamInfo struct {
	Width, Height int
	FPS           float64 // frames per second, 0 when unknown
}

// probe asks ffprobe for the size and frame rate of the first video
// stream. It reports the coded size, the size ffmpeg's rawvideo output has
// when auto-rotation is off.
func probe(ctx context.Context, ffprobe, path string) (streamInfo, error) {
	cmd := exec.CommandContext(ctx, ffprobe, "-v", "error", "-select_streams", "v:0",
		"-show_entries", "stream=width,height,r_frame_rate,avg_frame_rate", "-of", "json", fileURL(path))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &limitedBuffer{max: 4096, buf: &stderr}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return streamInfo{}, fmt.Errorf("probe %s: %w", path, ctx.Err())
		}
		return streamInfo{}, fmt.Errorf("probe %s: ffprobe: %w: %s", path, err, lastLine(stderr.String()))
	}
	var out struct {
		Streams []struct {
			Width        int    `json:"width"`
			Height       int    `json:"height"`
			RFrameRate   string `json:"r_frame_rate"`
			AvgFrameRate string `json:"avg_frame_rate"`
		} `json:"streams"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return streamInfo{}, fmt.Errorf("probe %s: ffprobe output is not JSON: %w", path, err)
	}
	if len(out.Streams) == 0 {
		return streamInfo{}, fmt.Errorf("probe %s: no video stream", path)
	}
	s := out.Streams[0]
	if s.Width <= 0 || s.Height <= 0 {
		return streamInfo{}, fmt.Errorf("probe %s: video stream has no size (%dx%d)", path, s.Width, s.Height)
	}
	// r_frame_rate is the stream's base rate, what frame numbers advance
	// by; the average rate covers streams whose base rate is unset.
	fps := parseRate(s.RFrameRate)
	if fps <= 0 || fps > 1000 {
		fps = parseRate(s.AvgFrameRate)
	}
	return streamInfo{Width: s.Width, Height: s.Height, FPS: fps}, nil
}

// parseRate reads ffprobe's "num/den" rates; 0 when absent or invalid.
func parseRate(s string) float64 {
	num, den, ok := strings.Cut(s, "/")
	if !ok {
		den = "1"
	}
	n, err1 := strconv.ParseFloat(num, 64)
	d, err2 := strconv.ParseFloat(den, 64)
	if err1 != nil || err2 != nil || d == 0 || n <= 0 {
		return 0
	}
	return n / d
}

// decodeArgs decodes the first video stream to packed RGB24 on stdout: no
// audio, no scaling, no auto-rotation (the reference's libav loop sees the
// coded frames), and one output frame per decoded frame (passthrough: no
// frames dropped or duplicated to fit a constant rate). Unless damaged
// files are allowed, -xerror stops at the first decoding error so a damaged
// file is reported rather than hashed in part. -fps_mode needs ffmpeg 5.1
// or later.
func decodeArgs(path string, allowDamaged bool) []string {
	args := []string{"-nostdin", "-hide_banner", "-loglevel", "error"}
	if !allowDamaged {
		args = append(args, "-xerror")
	}
	return append(args, "-noautorotate", "-i", fileURL(path),
		"-map", "0:v:0", "-an", "-sn", "-dn", "-fps_mode", "passthrough",
		"-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1")
}

// fileURL makes ffmpeg read path as a local file whatever it looks like: a
// name starting with "-" or naming a protocol ("http:", "concat:") is
// still only a file name.
func fileURL(path string) string { return "file:" + path }

// limitedBuffer keeps the last max bytes written to it, so a chatty
// ffmpeg cannot grow memory while its error message stays available.
type limitedBuffer struct {
	max int
	buf *bytes.Buffer
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if len(p) > l.max {
		p = p[len(p)-l.max:]
	}
	if over := l.buf.Len() + len(p) - l.max; over > 0 {
		l.buf.Next(over)
	}
	l.buf.Write(p)
	return n, nil
}

// lastLine returns the last non-empty line of a tool's stderr.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			return l
		}
	}
	return "no message"
}
