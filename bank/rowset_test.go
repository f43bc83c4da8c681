package bank_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/bank"
)

// TestReadCSVRepeats checks that repeated ids and values are reported in
// line order among the other bad rows, each naming the line it repeats, and
// that a row rejected as a repeat does not count as holding its value.
func TestReadCSVRepeats(t *testing.T) {
	const (
		a = "d41d8cd98f00b204e9800998ecf8427e"
		b = "0cc175b9c0f1b6a831c399e269772661"
		c = "92eb5ffee6ae2fec3ad71c777531578f"
	)
	many := func(n int) string { // n rows repeating the value of line 1
		var s strings.Builder
		s.WriteString("md5," + a + "\n")
		for i := range n {
			fmt.Fprintf(&s, "md5,%s,,,,,,id%d\n", a, i)
		}
		return s.String()
	}
	tests := []struct {
		name, in string
		want     string // the error
	}{
		{
			name: "repeated id, bad row, repeated value",
			in: "md5," + a + ",,,,,,x\n" +
				"md5," + b + ",,,,,,x\n" +
				"md5,zz\n" +
				"md5," + strings.ToUpper(a) + "\n",
			want: `f.csv: 3 bad row(s), nothing imported; line 2: id "x" repeats line 1; line 3: want 32 hex digits, got "zz"; line 4: md5 value repeats line 1`,
		},
		{
			name: "a repeat does not hold its value",
			in: "md5," + a + ",,,,,,x\n" +
				"md5," + b + ",,,,,,x\n" +
				"md5," + b + ",,,,,,y\n" +
				"md5," + c + ",,,,,,y\n",
			want: `f.csv: 2 bad row(s), nothing imported; line 2: id "x" repeats line 1; line 4: id "y" repeats line 3`,
		},
		{
			name: "repeats before a row that cannot be framed",
			in:   "md5," + a + "\nmd5," + a + "\nmd5,\"" + b + "\n",
			want: `f.csv: 2 bad row(s), nothing imported; line 2: id "` + bank.DefaultID(bank.MD5, a) + `" repeats line 1; line 3: extraneous or missing " in quoted-field`,
		},
		{
			name: "more repeats than are listed",
			in:   many(60),
			// checked by count and lines below
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			es, err := bank.ReadCSV(strings.NewReader(tc.in), "f.csv")
			var fe *bank.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, %d entries; want a *FileError", err, len(es))
			}
			if tc.name == "more repeats than are listed" {
				if fe.Total != 60 || len(fe.Rows) != 50 || fe.Rows[0].Line != 2 || fe.Rows[49].Line != 51 {
					t.Fatalf("total %d, %d rows listed (lines %v); want 60, 50, lines 2 to 51", fe.Total, len(fe.Rows), fe.Lines())
				}
				return
			}
			if diff := cmp.Diff(tc.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got)\n%s", diff)
			}
		})
	}
}
