package vpdq_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/pdq"
	"github.com/rampart-tt/rampart/vpdq"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func needFFmpeg(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (apt-get install ffmpeg)", tool)
		}
	}
}

// TestHashGolden hashes a lossless (PNG-in-Matroska, RGB24) test video, so
// decoding involves no colour conversion and the hashes do not depend on
// the ffmpeg version; they are checked bit for bit against a golden file
// and against hashing each frame directly.
func TestHashGolden(t *testing.T) {
	needFFmpeg(t)
	path := filepath.Join("testdata", "tiny.mkv")
	got, err := vpdq.HashFile(t.Context(), path, vpdq.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := vpdq.Write(&buf, got); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "tiny.vpdq")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("hashes differ from %s (-want +got):\n%s", golden, diff)
	}
	if len(got) != 20 {
		t.Fatalf("%d frames, want 20 (2 s at 10 fps)", len(got))
	}
	// Independent check of the frame plumbing: decode frame 7 to a PNG
	// with ffmpeg and hash it through the image path.
	img := filepath.Join(t.TempDir(), "f7.png")
	cmd := exec.CommandContext(t.Context(), "ffmpeg", "-v", "error", "-i", path,
		"-vf", "select=eq(n\\,7)", "-frames:v", "1", img)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("extract frame 7: %v: %s", err, out)
	}
	res, err := pdq.HashFile(t.Context(), img, pdq.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f := got[7]; f.Hash != res.Hash || f.Quality != res.Quality || f.Frame != 7 || f.Timestamp != 0.7 {
		t.Errorf("frame 7: got %v, image path gives hash %v quality %d", f, res.Hash, res.Quality)
	}
}

func TestHashOptions(t *testing.T) {
	needFFmpeg(t)
	path := filepath.Join("testdata", "tiny.mkv")
	all, err := vpdq.HashFile(t.Context(), path, vpdq.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opt  vpdq.Options
		want []int // frame numbers
	}{
		{"every frame", vpdq.Options{}, seq(0, 20, 1)},
		{"half a second", vpdq.Options{SecondsPerHash: 0.5}, seq(0, 20, 5)},
		{"one second", vpdq.Options{SecondsPerHash: 1}, []int{0, 10}},
		{"below one frame", vpdq.Options{SecondsPerHash: 0.01}, seq(0, 20, 1)},
		{"quality 100 only", vpdq.Options{QualityMin: 100}, framesWithQuality(all, 100)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := vpdq.HashFile(t.Context(), path, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			var frames []int
			for _, f := range got {
				frames = append(frames, f.Frame)
				if f != all[f.Frame] {
					t.Errorf("frame %d: %v, want %v as when hashing every frame", f.Frame, f, all[f.Frame])
				}
			}
			if diff := cmp.Diff(tc.want, frames); diff != "" {
				t.Errorf("frames (-want +got):\n%s", diff)
			}
		})
	}
}

func seq(from, to, step int) []int {
	var out []int
	for i := from; i < to; i += step {
		out = append(out, i)
	}
	return out
}

func framesWithQuality(fs []vpdq.Feature, q int) []int {
	var out []int
	for _, f := range fs {
		if f.Quality >= q {
			out = append(out, f.Frame)
		}
	}
	return out
}

func TestHashErrors(t *testing.T) {
	needFFmpeg(t)
	dir := t.TempDir()
	tiny, err := os.ReadFile(filepath.Join("testdata", "tiny.mkv"))
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.mkv")
	if err := os.WriteFile(truncated, tiny[:len(tiny)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	notVideo := filepath.Join(dir, "notes.mp4")
	if err := os.WriteFile(notVideo, []byte("this is not a video\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dash := filepath.Join(dir, "-i.mkv") // must not be read as an option
	if err := os.WriteFile(dash, tiny, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		path string
		opt  vpdq.Options
		want string // substring of the error; "" for success
	}{
		{"missing file", filepath.Join(dir, "absent.mp4"), vpdq.Options{}, "absent.mp4: no such file"},
		{"not a video", notVideo, vpdq.Options{}, "notes.mp4: ffprobe"},
		{"truncated", truncated, vpdq.Options{}, "reports the file damaged after"},
		{"truncated allowed", truncated, vpdq.Options{AllowDamaged: true}, ""},
		{"dash name", dash, vpdq.Options{}, ""},
		{"no ffmpeg", dash, vpdq.Options{FFprobe: "ffprobe-not-installed"}, "apt-get install ffmpeg"},
		{"negative seconds", dash, vpdq.Options{SecondsPerHash: -1}, "seconds per hash -1"},
		{"quality above 100", dash, vpdq.Options{QualityMin: 101}, "minimum quality 101"},
		{"too large", dash, vpdq.Options{MaxPixels: 1000}, "exceed the limit of 1000 pixels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := vpdq.HashFile(t.Context(), tc.path, tc.opt)
			if tc.want == "" {
				if err != nil || len(fs) == 0 {
					t.Fatalf("%d frames, error %v", len(fs), err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := vpdq.HashFile(t.Context(), dash, vpdq.Options{FFmpeg: "ffmpeg-not-installed"}); !errors.Is(err, vpdq.ErrNoFFmpeg) {
		t.Errorf("missing ffmpeg: %v, want ErrNoFFmpeg", err)
	}
}

// TestHashCancel stops a hash from inside the callback and by cancelling
// the context; both must return promptly with ffmpeg gone.
func TestHashCancel(t *testing.T) {
	needFFmpeg(t)
	path := filepath.Join("testdata", "tiny.mkv")
	stop := errors.New("enough")
	n := 0
	err := vpdq.Hash(t.Context(), path, vpdq.Options{}, func(vpdq.Feature) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("after 3 frames: %d calls, error %v", n, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	start := time.Now()
	err = vpdq.Hash(ctx, path, vpdq.Options{}, func(vpdq.Feature) error { cancel(); return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancel took %v", d)
	}
}
