package pdq_test

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/pdq"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

// readGz returns the uncompressed content of a .gz file under testdata.
func readGz(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

// decodePNMFile decodes a gzipped PNM vector.
func decodePNMFile(t testing.TB, path string) pdq.Pixels {
	t.Helper()
	p, _, err := pdq.DecodeBytes(readGz(t, path), pdq.Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return p
}

// readCSV reads a CSV file, skipping lines that start with '#'.
func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	r := csv.NewReader(strings.NewReader(strings.Join(lines, "\n")))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// expectedRow is one line of decoded__expected.csv or
// synthetic__expected_all.csv.
type expectedRow struct {
	Resize512, FullRes string
	Q512, QFull        string
	Dih512, DihFull    [8]string
}

func parseExpected(t testing.TB, path string) map[string]expectedRow {
	t.Helper()
	out := map[string]expectedRow{}
	for _, rec := range readCSV(t, path) {
		if len(rec) != 21 {
			t.Fatalf("%s: %s: want 21 fields, got %d", path, rec[0], len(rec))
		}
		var r expectedRow
		r.Resize512, r.Q512, r.FullRes, r.QFull = rec[1], rec[2], rec[3], rec[4]
		copy(r.Dih512[:], rec[5:13])
		copy(r.DihFull[:], rec[13:21])
		out[rec[0]] = r
	}
	return out
}

// hashAll computes every value an expectedRow holds.
func hashAll(t testing.TB, p pdq.Pixels) expectedRow {
	t.Helper()
	var r expectedRow
	for _, resize := range []bool{true, false} {
		opt := pdq.Options{Resize512: resize}
		h, q, err := pdq.HashPixels(p, opt)
		if err != nil {
			t.Fatal(err)
		}
		d, _, err := pdq.HashDihedralPixels(p, opt)
		if err != nil {
			t.Fatal(err)
		}
		var ds [8]string
		for i := range d {
			ds[i] = d[i].String()
		}
		if resize {
			r.Resize512, r.Q512, r.Dih512 = h.String(), itoa(q), ds
		} else {
			r.FullRes, r.QFull, r.DihFull = h.String(), itoa(q), ds
		}
	}
	return r
}

func itoa(n int) string {
	var b bytes.Buffer
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	b.Write(d)
	return b.String()
}

func testdata(parts ...string) string {
	return filepath.Join(append([]string{"testdata"}, parts...)...)
}

func f32bits(f float32) uint32 { return math.Float32bits(f) }
