package traindata_test

import (
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/classify/traindata"
)

func TestParseTemplatesErrors(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"unknown label", "== propagandaa\n", "t.txt:1: unknown label"},
		{"family before label", "p-x\n  text\n", "t.txt:1: family before"},
		{"phrasing outside family", "== other\n  text\n", "t.txt:2: indented phrasing outside"},
		{"no phrasings", "== other\no-x\no-y\n  text\n", "t.txt:2: family \"o-x\" has no phrasings"},
		{"duplicate family", "== other\no-x\n  a\no-x\n  b\n", "t.txt:4: family \"o-x\" already defined at line 2"},
		{"unknown group", "== other\no-x @hgb\n  a\n", "t.txt:2: family \"o-x\": unknown group \"hgb\""},
		{"unknown slot", "== other\no-x\n  a {WHO}\n", "t.txt:3: unknown slot {WHO}"},
		{"unclosed bracket", "== other\no-x\n  a [b|c\n", "t.txt:3: unclosed ["},
		{"nested bracket", "== other\no-x\n  a [b|[c]]\n", "t.txt:3: nested ["},
		{"unbalanced brace", "== other\no-x\n  a }\n", "t.txt:3: unbalanced }"},
		{"group slot in none family", "== other\no-x @none\n  {G} a\n", "t.txt:3: group slot in an @none family"},
		{"media wing the group lacks", "== other\no-x @lej\n  {M} a\n", "t.txt:3: no allowed group"},
		{"none mixed with groups", "== other\no-x @none,ttp\n  a\n", "t.txt:2: family \"o-x\": @none cannot"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := traindata.ParseTemplates(strings.NewReader(tc.in), "t.txt", "en")
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestParseTemplatesOK(t *testing.T) {
	in := "# c\n== propaganda\np-a @ttp\n  {G} [x|y] {EP}\n\n== other\no-b @none\n  hello\n  bye\n"
	n, err := traindata.ParseTemplates(strings.NewReader(in), "t.txt", "ur")
	if err != nil || n != 2 {
		t.Fatalf("got %d families, err %v; want 2, nil", n, err)
	}
	// An indented line opening with a hashtag is a phrasing, not a comment:
	// this family's only phrasing is one.
	in = "== other\no-tag @none\n  #PSL [final|match] tonight\n"
	if n, err := traindata.ParseTemplates(strings.NewReader(in), "t.txt", "en"); err != nil || n != 1 {
		t.Fatalf("hashtag phrasing: got %d families, err %v; want 1, nil", n, err)
	}
}

func FuzzParseTemplates(f *testing.F) {
	f.Add("== propaganda\np-a @ttp\n  {G} [x|y] {EP}\n")
	f.Add("== other\no-x\n  a [b|[c]]\n")
	f.Add("== other\no-x @none\n  {G}\n")
	f.Fuzz(func(t *testing.T, in string) {
		_, err := traindata.ParseTemplates(strings.NewReader(in), "f.txt", "en")
		if err != nil && !strings.HasPrefix(err.Error(), "f.txt") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
