package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMatchLines checks eachLine's edges through the command: a line longer
// than the 256 KiB read buffer comes back whole, CRLF endings are cut, and
// a last line without a newline is still read.
func TestMatchLines(t *testing.T) {
	long := strings.Repeat("news ", 120_000) + "TTP"
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"long line", long + "\nTTP\n", []string{long, "TTP"}},
		{"crlf and no final newline", "a TTP\r\nb\r\nc", []string{"a TTP", "b", "c"}},
		{"empty lines", "\n\nx\n", []string{"", "", "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.in, "match")
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			var got []string
			for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
				var v struct {
					Text string `json:"text"`
				}
				if err := json.Unmarshal([]byte(l), &v); err != nil {
					t.Fatalf("output line %.80q: %v", l, err)
				}
				got = append(got, v.Text)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("texts (-want +got):\n%s", diff)
			}
		})
	}
}
