package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
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

// matchLineJSON is what appendMatchLine must write, by way of encoding/json.
func matchLineJSON(t testing.TB, line string, ms []rampart.Mention) string {
	b, err := json.Marshal(struct {
		Text    string            `json:"text"`
		Matches []rampart.Mention `json:"matches"`
	}{line, ms})
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// TestAppendMatchLine compares the hand-written JSON with encoding/json on
// lines that exercise every escape, at every offset of the eight-byte
// words that jsonenc.AppendString skips at once.
func TestAppendMatchLine(t *testing.T) {
	specials := []string{"\"", "\\", "<", ">", "&", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f",
		"\u2028", "\u2029", "\xff", "\xc3", "\xe2\x80", "é", "ت", "€", "😀", "\xed\xa0\x80"}
	var lines []string
	for _, sp := range specials {
		for pre := range 18 {
			lines = append(lines, strings.Repeat("a", pre)+sp+strings.Repeat("b", 17-pre))
		}
	}
	lines = append(lines, "", "plain ascii text that is longer than a few words", "TTP ne Bannu mein hamla kiya تحریک طالبان پاکستان #TTP @x")
	ms := []rampart.Mention{
		{Entity: "e<1>", Group: "g&\"", Alias: "Tehrik-e-Taliban\u2028", Start: 3, End: 17, Score: 0.95, Method: "folded"},
		{Entity: "e2", Group: "g2", Alias: "x", Score: 0.85 * 0.9, Method: "exact"},
		{Score: 1e-7}, {Score: 1e21}, {Score: 1},
	}
	for _, line := range lines {
		for _, m := range [][]rampart.Mention{{}, ms} {
			want := matchLineJSON(t, line, m)
			got := string(appendMatchLine(nil, line, m))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("line %q (-json.Marshal +appendMatchLine):\n%s", line, diff)
			}
		}
	}
}

// FuzzAppendMatchLine checks appendMatchLine against encoding/json on any
// line, valid UTF-8 or not.
func FuzzAppendMatchLine(f *testing.F) {
	f.Add("TTP ne Bannu mein hamla kiya", 0.95)
	f.Add("<b>\"quoted\" & \\ \u2028 \xff تحریک</b>", 1e-7)
	f.Fuzz(func(t *testing.T, line string, score float64) {
		if math.IsNaN(score) || math.IsInf(score, 0) {
			return // encoding/json refuses them; scores are always finite
		}
		ms := []rampart.Mention{{Entity: line, Group: "g", Alias: line, Start: 1, End: len(line), Score: score, Method: "exact"}}
		want := matchLineJSON(t, line, ms)
		if got := string(appendMatchLine(nil, line, ms)); got != want {
			t.Errorf("appendMatchLine(%q) = %q, json.Marshal gives %q", line, got, want)
		}
	})
}
