package main

import (
	"encoding/hex"
	"math/bits"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// referencePDQ holds the C++ pdq-photo-hasher's full-resolution hashes of the
// images in testdata/images (pdq/testdata/expected/cpp_core_fullres_noresize.csv),
// so that hash pdq is checked against the reference, not against itself.
var referencePDQ = map[string]string{
	"shrink-a-lot.jpg":   "d0f8f1ccc0f4a84d0a370a3a228f67f0b36e2ed5b6623e1d33e6339c4e9c9b22",
	"square-128x128.jpg": "d8f8f1eec0f4a84f0e37022a078f63f0b36e2ed596621e1d33e6239c4e9c9b22",
	"wee.jpg":            "6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d",
}

func hamming(t *testing.T, a, b string) int {
	t.Helper()
	x, err := hex.DecodeString(a)
	if err != nil {
		t.Fatalf("hash %q: %v", a, err)
	}
	y, err := hex.DecodeString(b)
	if err != nil || len(x) != len(y) {
		t.Fatalf("hash %q: %v (length %d, want %d)", b, err, len(y), len(x))
	}
	d := 0
	for i := range x {
		d += bits.OnesCount8(x[i] ^ y[i])
	}
	return d
}

func TestHashPDQPrintsHashQualityFile(t *testing.T) {
	t.Parallel()
	files := []string{"testdata/images/shrink-a-lot.jpg", "testdata/images/square-128x128.jpg", "testdata/images/wee.jpg"}
	r := runCLI(t, "", append([]string{"hash", "pdq"}, files...)...)
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != len(files) {
		t.Fatalf("want one line per file, got %q", r.stdout)
	}
	for i, line := range lines {
		f := strings.Split(line, ",")
		if len(f) != 3 {
			t.Fatalf("line %q: want hash,quality,file", line)
		}
		if f[2] != files[i] || f[1] != "100" {
			t.Errorf("line %q: want quality 100 and file %s", line, files[i])
		}
		// Go's JPEG decoder rounds a few pixels differently from libjpeg;
		// the reference's own tolerance for "same image" is 31 bits, we
		// hold the CLI to 4.
		if d := hamming(t, f[0], referencePDQ[filepath.Base(files[i])]); d > 4 {
			t.Errorf("%s: %d bits from the C++ reference hash", files[i], d)
		}
	}
	if lines[2] != "6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d,100,testdata/images/wee.jpg" {
		t.Errorf("wee.jpg: got %q, want the reference hash exactly", lines[2])
	}
}

func TestHashPDQDihedral(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "", "hash", "pdq", "--dihedral", "testdata/images/wee.jpg")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	f := strings.Split(strings.TrimSpace(r.stdout), ",")
	if len(f) != 10 {
		t.Fatalf("want 8 hashes, quality and file; got %d fields: %q", len(f), r.stdout)
	}
	if f[0] != referencePDQ["wee.jpg"] {
		t.Errorf("first dihedral hash %s is not the original's", f[0])
	}
	seen := map[string]bool{}
	for _, h := range f[:8] {
		if len(h) != 64 || seen[h] {
			t.Errorf("dihedral hash %q malformed or repeated", h)
		}
		seen[h] = true
	}
	if f[8] != "100" || f[9] != "testdata/images/wee.jpg" {
		t.Errorf("tail %q, want 100,testdata/images/wee.jpg", f[8:])
	}
}

func TestHashDigests(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	abc := filepath.Join(dir, "abc.txt")
	for p, body := range map[string]string{empty: "", abc: "abc"} {
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		algo string
		want string
	}{
		// RFC 1321 and FIPS 180-2 test vectors.
		{"md5", "d41d8cd98f00b204e9800998ecf8427e," + empty + "\n900150983cd24fb0d6963f7d28e17f72," + abc + "\n"},
		{"sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855," + empty +
			"\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad," + abc + "\n"},
	}
	for _, tc := range tests {
		r := runCLI(t, "", "hash", tc.algo, empty, abc)
		if r.code != exitOK {
			t.Fatalf("%s: exit %d: %s", tc.algo, r.code, r.stderr)
		}
		if diff := cmp.Diff(tc.want, r.stdout); diff != "" {
			t.Errorf("hash %s (-want +got):\n%s", tc.algo, diff)
		}
	}
}

func TestHashFailuresKeepGoing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string
		stderrHave []string
	}{
		{"missing file then good file", []string{"hash", "pdq", "testdata/no-such.jpg", "testdata/images/wee.jpg"}, exitFatal,
			referencePDQ["wee.jpg"] + ",100,testdata/images/wee.jpg\n",
			[]string{"testdata/no-such.jpg", "no such file", "1 of 2 file(s) failed"}},
		{"not an image", []string{"hash", "pdq", "testdata/mixed.jsonl"}, exitFatal, "",
			[]string{"testdata/mixed.jsonl", "unknown image format"}},
		{"md5 of a missing file", []string{"hash", "md5", "testdata/no-such.bin"}, exitFatal, "",
			[]string{"testdata/no-such.bin", "1 of 1 file(s) failed"}},
		{"no files", []string{"hash", "pdq"}, exitUsage, "", []string{"requires at least 1 arg"}},
		{"no files sha256", []string{"hash", "sha256"}, exitUsage, "", []string{"requires at least 1 arg"}},
		{"unknown flag", []string{"hash", "pdq", "--size", "9", "testdata/images/wee.jpg"}, exitUsage, "", []string{"--size"}},
	}
	for _, tc := range tests {
		r := runCLI(t, "", tc.args...)
		if r.code != tc.code {
			t.Errorf("%s: exit %d, want %d; stderr %s", tc.name, r.code, tc.code, r.stderr)
		}
		if r.stdout != tc.stdout {
			t.Errorf("%s: stdout %q, want %q", tc.name, r.stdout, tc.stdout)
		}
		for _, w := range tc.stderrHave {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, r.stderr)
			}
		}
	}
}

func TestHashVPDQ(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg is not installed (apt-get install ffmpeg); hash vpdq needs it")
	}
	t.Parallel()
	want, err := os.ReadFile("testdata/tiny.vpdq")
	if err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", "hash", "vpdq", "testdata/tiny.mkv")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if diff := cmp.Diff(string(want), r.stdout); diff != "" {
		t.Errorf("frame,quality,hash,timestamp lines (-want +got):\n%s", diff)
	}

	// --out-dir writes NAME.txt with the same lines and prints nothing.
	dir := t.TempDir()
	r = runCLI(t, "", "hash", "vpdq", "--out-dir", dir, "testdata/tiny.mkv")
	if r.code != exitOK || r.stdout != "" {
		t.Fatalf("--out-dir: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "tiny.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("tiny.txt (-want +got):\n%s", diff)
	}

	// A bad file fails with its name while the good one is still hashed,
	// each under a "# FILE" header.
	r = runCLI(t, "", "hash", "vpdq", "testdata/mixed.jsonl", "testdata/tiny.mkv")
	if r.code != exitFatal || !strings.Contains(r.stderr, "testdata/mixed.jsonl") || !strings.Contains(r.stderr, "1 of 2 video(s) failed") {
		t.Errorf("bad video: exit %d, stderr %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "# testdata/tiny.mkv\n"+string(want)) {
		t.Errorf("good video not hashed after a bad one:\n%s", r.stdout)
	}
	if r := runCLI(t, "", "hash", "vpdq", "--seconds-per-hash", "soon", "testdata/tiny.mkv"); r.code != exitUsage || !strings.Contains(r.stderr, "--seconds-per-hash") {
		t.Errorf("bad --seconds-per-hash: exit %d, stderr %s", r.code, r.stderr)
	}
}
