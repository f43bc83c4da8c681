package pdq_test

import (
	"bytes"
	"image/jpeg"
	"os"
	"testing"

	"github.com/rampart-tt/rampart/pdq"
)

// The reference's figures on this machine class for a 1600x1004 JPEG:
// decode 20.6 ms, hash after the 512 squash 3.93 ms (plus 2.1 ms squash),
// hash at full resolution 22.4 ms.

func benchPixels(b *testing.B) pdq.Pixels {
	b.Helper()
	return decodePNMFile(b, testdata("decoded", "pdq_data_bridge-mods_aaa-orig.jpg.pnm.gz"))
}

func BenchmarkDecodeJPEG1600x1004(b *testing.B) {
	data, err := os.ReadFile(testdata("images", "bridge-mods_aaa-orig.jpg"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("image/jpeg", func(b *testing.B) {
		for b.Loop() {
			if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("DecodeBytes", func(b *testing.B) { // decode and convert to Pixels
		for b.Loop() {
			if _, _, err := pdq.DecodeBytes(data, pdq.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkHash1600x1004(b *testing.B) {
	p := benchPixels(b)
	for _, tc := range []struct {
		name string
		opt  pdq.Options
	}{{"fullres", pdq.Options{}}, {"resize512", pdq.Options{Resize512: true}}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := pdq.HashPixels(p, tc.opt); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"/dihedral", func(b *testing.B) {
			for b.Loop() {
				if _, _, err := pdq.HashDihedralPixels(p, tc.opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
