package pdq_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/pdq"
)

// TestDecodedVectors feeds the exact pixels the reference hashed (decoded
// by ImageMagick/libjpeg-turbo) and wants every hash and quality bit for
// bit, in both front ends and for all 8 dihedral variants.
func TestDecodedVectors(t *testing.T) {
	want := parseExpected(t, testdata("expected", "decoded__expected.csv"))
	files, err := filepath.Glob(testdata("decoded", "*.pnm.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no decoded vectors: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("%s has no expected row", name)
			}
			if testing.Short() && strings.Contains(name, "aaa-orig") {
				t.Skip("large image in -short")
			}
			got := hashAll(t, decodePNMFile(t, f))
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("hashes differ (-reference +got):\n%s", diff)
			}
		})
	}
}

// TestSyntheticVectors covers the decoder-free edge cases: below the
// minimum size, the 64x64 shortcut, squashes that up-sample one axis, flat,
// checkerboard, noise, grey versus equal-channel RGB.
func TestSyntheticVectors(t *testing.T) {
	want := parseExpected(t, testdata("expected", "synthetic__expected_all.csv"))
	specs := synthSpecs()
	if len(specs) != len(want) {
		t.Errorf("%d generated images, %d expected rows", len(specs), len(want))
	}
	for _, s := range specs {
		p := s.pixels() // in order: the noise generators are stateful
		t.Run(s.name, func(t *testing.T) {
			w, ok := want[s.fileName()]
			if !ok {
				t.Fatalf("%s has no expected row", s.fileName())
			}
			if testing.Short() && s.w*s.h > 1_000_000 {
				t.Skip("large image in -short")
			}
			got := hashAll(t, p)
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("hashes differ (-reference +got):\n%s", diff)
			}
		})
	}
}

// TestSyntheticGenerator checks the generator against the stored files.
func TestSyntheticGenerator(t *testing.T) {
	files, err := filepath.Glob(testdata("synthetic", "*.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no stored synthetic images: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".gz")
		t.Run(name, func(t *testing.T) {
			gen, err := synthByName(name)
			if err != nil {
				t.Fatal(err)
			}
			stored := decodePNMFile(t, f)
			if diff := cmp.Diff(stored, gen); diff != "" {
				t.Errorf("generator differs from the stored file (-stored +generated):\n%s", diff)
			}
		})
	}
}

// TestCppCoreCSV cross-checks the three reference CSVs of the synthetic set
// (single-hash full resolution, single-hash 512 squash, dihedral 512) with
// the combined file used above, so a transcription slip cannot hide.
func TestCppCoreCSV(t *testing.T) {
	all := parseExpected(t, testdata("expected", "synthetic__expected_all.csv"))
	for _, tc := range []struct {
		file string
		pick func(expectedRow) []string
	}{
		{"synthetic__cpp_core_fullres_noresize.csv", func(r expectedRow) []string { return []string{r.FullRes, r.QFull} }},
		{"synthetic__cpp_ref_resize512.csv", func(r expectedRow) []string { return []string{r.Resize512, r.Q512} }},
		{"synthetic__cpp_ref_pdqdih-across.csv", func(r expectedRow) []string { return append(r.Dih512[:], r.Q512) }},
	} {
		for _, rec := range readCSV(t, testdata("expected", tc.file)) {
			name := rec[len(rec)-1]
			r, ok := all[name]
			if !ok {
				t.Errorf("%s: %s missing from the combined file", tc.file, name)
				continue
			}
			if diff := cmp.Diff(rec[:len(rec)-1], tc.pick(r)); diff != "" {
				t.Errorf("%s: %s differs:\n%s", tc.file, name, diff)
			}
		}
	}
}

// TestDumps compares the 64x64 buffer (after blur and decimation) and the
// 16x16 DCT with the reference's float32 bits, to localise any error.
func TestDumps(t *testing.T) {
	sources := map[string]string{
		"bridge-1-original.jpg": "pdq_data_bridge-mods_aaa-orig.jpg.pnm.gz",
		"wee.jpg":               "pdq_data_misc-images_wee.jpg.pnm.gz",
	}
	files, err := filepath.Glob(testdata("dumps", "*.dump.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no dumps: %v", err)
	}
	for _, f := range files {
		base := filepath.Base(f)
		t.Run(base, func(t *testing.T) {
			parts := strings.Split(strings.TrimSuffix(base, ".dump.txt"), ".")
			mode := parts[len(parts)-1]
			src := strings.Join(parts[:len(parts)-1], ".")
			var p pdq.Pixels
			if dec, ok := sources[src]; ok {
				if testing.Short() && strings.Contains(dec, "aaa-orig") {
					t.Skip("large image in -short")
				}
				p = decodePNMFile(t, testdata("decoded", dec))
			} else {
				if p, err = synthByName(src); err != nil {
					t.Fatal(err)
				}
			}
			d := readDump(t, f)
			buf, dct, q := pdq.Stages(p, pdq.Options{Resize512: mode == "resize512"}, false)
			if diff := firstMismatch(d.buf64, buf[:]); diff != "" {
				t.Errorf("64x64 buffer: %s", diff)
			}
			if diff := firstMismatch(d.dct, dct[:]); diff != "" {
				t.Errorf("DCT: %s", diff)
			}
			if q != d.quality {
				t.Errorf("quality %d, reference %d", q, d.quality)
			}
		})
	}
}

type dump struct {
	quality int
	buf64   []uint32
	dct     []uint32
}

func readDump(t *testing.T, path string) dump {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	var d dump
	head := strings.Split(lines[0], ",")
	if len(head) < 2 {
		t.Fatalf("%s: line 1: want hash,quality,...", path)
	}
	for _, c := range head[1] {
		d.quality = d.quality*10 + int(c-'0')
	}
	var cur *[]uint32
	for i, l := range lines[1:] {
		switch {
		case strings.Contains(l, "buffer64x64"):
			cur = &d.buf64
		case strings.Contains(l, "dct16x16"):
			cur = &d.dct
		case strings.TrimSpace(l) == "":
		default:
			if cur == nil {
				t.Fatalf("%s: line %d: data before a section title", path, i+2)
			}
			for _, w := range strings.Fields(l) {
				var v uint32
				for _, c := range w {
					v <<= 4
					switch {
					case '0' <= c && c <= '9':
						v |= uint32(c - '0')
					case 'a' <= c && c <= 'f':
						v |= uint32(c-'a') + 10
					default:
						t.Fatalf("%s: line %d: %q is not hex", path, i+2, w)
					}
				}
				*cur = append(*cur, v)
			}
		}
	}
	if len(d.buf64) != 4096 || len(d.dct) != 256 {
		t.Fatalf("%s: %d buffer and %d DCT words, want 4096 and 256", path, len(d.buf64), len(d.dct))
	}
	return d
}

// firstMismatch describes the first differing float, or returns "".
func firstMismatch(want []uint32, got []float32) string {
	n := 0
	first := -1
	for i := range want {
		if want[i] != f32bits(got[i]) {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	if n == 0 {
		return ""
	}
	var b bytes.Buffer
	b.WriteString(itoa(n))
	b.WriteString(" of ")
	b.WriteString(itoa(len(want)))
	b.WriteString(" values differ; first at index ")
	b.WriteString(itoa(first))
	return b.String()
}
