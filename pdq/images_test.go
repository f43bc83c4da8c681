package pdq_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/pdq"
)

// sourceName maps a file in testdata/images to its name in the reference
// CSVs.
func sourceName(file string) string {
	switch {
	case strings.HasPrefix(file, "bridge-mods_"):
		return "pdq/data/bridge-mods/" + strings.TrimPrefix(file, "bridge-mods_")
	case file == "small.jpg" || file == "wee.jpg":
		return "pdq/data/misc-images/" + file
	case file == "pen-and-coaster.png":
		return "pdq/data/reg-test-input/" + file
	case file == "I16.png" || file == "rgb.jpeg":
		return "python-threatexchange/threatexchange/tests/hashing/resources/" + file
	case file == "pytx_LA.png":
		return "python-threatexchange/threatexchange/tests/hashing/resources/LA.png"
	}
	return "pdq/data/misc-images/modes/" + file
}

type refHashes struct {
	full, r512  pdq.Hash
	qFull, q512 int
	dih512      [8]pdq.Hash
}

func loadRefs(t *testing.T) map[string]refHashes {
	t.Helper()
	refs := map[string]refHashes{}
	mustHash := func(s string) pdq.Hash {
		h, err := pdq.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	for _, rec := range readCSV(t, testdata("expected", "cpp_core_fullres_noresize.csv")) {
		r := refs[rec[2]]
		r.full, r.qFull = mustHash(rec[0]), atoi(t, rec[1])
		refs[rec[2]] = r
	}
	for _, rec := range readCSV(t, testdata("expected", "cpp_ref_pdq-photo-hasher__resize512.csv")) {
		r := refs[rec[2]]
		r.r512, r.q512 = mustHash(rec[0]), atoi(t, rec[1])
		refs[rec[2]] = r
	}
	for _, rec := range readCSV(t, testdata("expected", "cpp_ref_pdq-photo-hasher__pdqdih-across.csv")) {
		r := refs[rec[9]]
		for i := range 8 {
			r.dih512[i] = mustHash(rec[i])
		}
		refs[rec[9]] = r
	}
	return refs
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// lossless reports whether Go decodes the file to the reference's pixels:
// PNG is lossless and both decoders agree, except that 16-bit samples are
// reduced differently on purpose (high byte here, low byte in the C++).
func lossless(file string) bool {
	return strings.HasSuffix(file, ".png") && file != "I16.png"
}

// TestImagesGoDecoder hashes the real sample files through Go's decoders.
// PNGs must match the reference exactly in every mode. For JPEG and WebP,
// whose decoders differ from libjpeg-turbo/libwebp, the Hamming distance to
// the reference's full-resolution hash is logged and must be at most 10
// bits at quality 80 or more (upstream's own bar between front ends). The
// Go-decoded results are also kept as a golden file (-update rewrites it)
// so that a change in Go's decoders shows up.
func TestImagesGoDecoder(t *testing.T) {
	refs := loadRefs(t)
	files, err := filepath.Glob(testdata("images", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample images: %v", err)
	}
	sort.Strings(files)
	var golden strings.Builder
	golden.WriteString("# file,format,size,hash_fullres,quality,hash_resize512,quality_resize512,distance_to_cpp_fullres,distance_to_cpp_resize512\n")
	for _, f := range files {
		file := filepath.Base(f)
		ref, ok := refs[sourceName(file)]
		if !ok {
			t.Fatalf("%s: no reference hash for %s", file, sourceName(file))
		}
		full, err := pdq.HashFile(t.Context(), f, pdq.Options{})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		r512, err := pdq.HashFile(t.Context(), f, pdq.Options{Resize512: true, Dihedral: true})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		dFull, d512 := pdq.Distance(full.Hash, ref.full), pdq.Distance(r512.Hash, ref.r512)
		t.Logf("%-34s %-4s %4dx%-4d q=%3d  distance to C++: full resolution %2d bits, 512 squash %2d bits",
			file, full.Format, full.Width, full.Height, full.Quality, dFull, d512)
		fmt.Fprintf(&golden, "%s,%s,%dx%d,%s,%d,%s,%d,%d,%d\n", file, full.Format, full.Width, full.Height,
			full.Hash, full.Quality, r512.Hash, r512.Quality, dFull, d512)
		switch {
		case lossless(file):
			got := []any{full.Hash, full.Quality, r512.Hash, r512.Quality, *r512.Dihedral}
			want := []any{ref.full, ref.qFull, ref.r512, ref.q512, ref.dih512}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: lossless decode differs from the reference (-want +got):\n%s", file, diff)
			}
		case file == "I16.png":
			// Deliberate difference: see the package documentation.
		case full.Quality >= 80 && dFull > 10:
			t.Errorf("%s: %d bits from the reference at quality %d, want at most 10", file, dFull, full.Quality)
		}
	}
	checkGolden(t, "go_decoder.csv", golden.String())
}

// checkGolden compares got with testdata/golden/name, or rewrites the file
// with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := testdata("golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-golden +got; go test -update refreshes it):\n%s", path, diff)
	}
}

// TestDecodedPixelsMatch checks that Go's PNG decoder gives exactly the
// pixels ImageMagick gave the reference, for a palette and a 1-bit image.
func TestDecodedPixelsMatch(t *testing.T) {
	for _, tc := range []struct{ image, decoded string }{
		{"P.png", "pdq_data_misc-images_modes_P.png.pnm.gz"},
		{"1.png", "pdq_data_misc-images_modes_1.png.pnm.gz"},
	} {
		t.Run(tc.image, func(t *testing.T) {
			data, err := os.ReadFile(testdata("images", tc.image))
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := pdq.DecodeBytes(data, pdq.Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := decodePNMFile(t, testdata("decoded", tc.decoded))
			if want.Channels == 1 && got.Channels == 3 {
				want = expandGrey(want)
			}
			if got.Width != want.Width || got.Height != want.Height || got.Channels != want.Channels {
				t.Fatalf("got %dx%dx%d, want %dx%dx%d", got.Width, got.Height, got.Channels, want.Width, want.Height, want.Channels)
			}
			diffs := 0
			for i := range got.Pix {
				if got.Pix[i] != want.Pix[i] {
					diffs++
				}
			}
			if diffs != 0 {
				t.Errorf("%d of %d samples differ", diffs, len(got.Pix))
			}
		})
	}
}

func expandGrey(p pdq.Pixels) pdq.Pixels {
	out := pdq.Pixels{Width: p.Width, Height: p.Height, Channels: 3, Pix: make([]byte, 0, 3*len(p.Pix))}
	for _, v := range p.Pix {
		out.Pix = append(out.Pix, v, v, v)
	}
	return out
}
