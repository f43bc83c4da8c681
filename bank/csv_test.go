package bank_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/bank"
)

func TestReadCSVGolden(t *testing.T) {
	for _, name := range []string{"hma.csv", "plain.csv"} {
		t.Run(name, func(t *testing.T) {
			es := readCSVFile(t, name)
			var buf bytes.Buffer
			if err := bank.WriteJSONL(&buf, es); err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(name, ".csv")+".golden.jsonl", buf.Bytes())
		})
	}
}

func TestReadBadFiles(t *testing.T) {
	tests := []struct {
		file      string
		read      func(*os.File, string) ([]bank.Entry, error)
		wantLines []int
	}{
		{"bad_rows.csv", func(f *os.File, n string) ([]bank.Entry, error) { return bank.ReadCSV(f, n) }, []int{4, 5, 6}},
		{"bad.jsonl", func(f *os.File, n string) ([]bank.Entry, error) { return bank.ReadJSONL(f, n) }, []int{2, 3, 4}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			es, err := tc.read(f, tc.file)
			var fe *bank.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, %d entries; want a *FileError", err, len(es))
			}
			if es != nil {
				t.Errorf("got %d entries with the error, want none", len(es))
			}
			if diff := cmp.Diff(tc.wantLines, fe.Lines()); diff != "" {
				t.Errorf("bad lines (-want +got)\n%s\n%v", diff, err)
			}
			if rampart.ErrorCode(err) != rampart.EINVALID {
				t.Errorf("code %q, want %q", rampart.ErrorCode(err), rampart.EINVALID)
			}
			if !strings.Contains(err.Error(), tc.file) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestCSVRoundTrip(t *testing.T) {
	es := readCSVFile(t, "hma.csv")
	es[0].AddedAt = fixedNow
	es[1].DisabledAt = fixedNow
	var buf bytes.Buffer
	if err := bank.WriteCSV(&buf, es); err != nil {
		t.Fatal(err)
	}
	back, err := bank.ReadCSV(&buf, "round-trip")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(es, back); diff != "" {
		t.Errorf("round trip (-wrote +read)\n%s", diff)
	}
	var jb bytes.Buffer
	if err := bank.WriteJSONL(&jb, es); err != nil {
		t.Fatal(err)
	}
	back, err = bank.ReadJSONL(&jb, "round-trip.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(es, back); diff != "" {
		t.Errorf("JSONL round trip (-wrote +read)\n%s", diff)
	}
}

func TestCSVHeaderErrors(t *testing.T) {
	tests := []struct{ name, in string }{
		{"unknown column", "signal_type,signal_value,colour\npdq,00,red\n"},
		{"missing value column", "signal_type,opinion\npdq,positive\n"},
		{"repeated column", "signal_type,signal_value,group,group\n"},
		{"bare quote", "pdq,\"abc\n"},
		{"too many fields", "pdq,1,2,3,4,5,6,7,8,9,10\n"},
		{"one field", "pdq\n"},
		{"bad time", "signal_type,signal_value,added_at\nmd5,d41d8cd98f00b204e9800998ecf8427e,yesterday\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bank.ReadCSV(strings.NewReader(tc.in), "x.csv")
			var fe *bank.FileError
			if !errors.As(err, &fe) || len(fe.Rows) == 0 {
				t.Fatalf("got %v, want a *FileError naming a line", err)
			}
		})
	}
}
