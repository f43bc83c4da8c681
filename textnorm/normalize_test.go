package textnorm_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/textnorm"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, key, fold string
	}{
		{"dotted acronym", "T.T.P claimed", "t|t|p claimed", "t|t|p claimed"},
		{"hyphenated acronym", "T-T-P", "t|t|p", "t|t|p"},
		{"spaced acronym", "T T P", "t t p", "t t p"},
		{"split word", "Teh-reek", "teh|reek", "teh|reek"},
		{"trailing dot is hard", "TTP. Next", "ttp next", "ttp next"},
		{"apostrophe joins softly", "TTP's Jama'at", "ttp|s jama|at", "ttp|s jama|at"},
		{"cyrillic look-alikes", "ТТР", "ттр", "ttp"},
		{"greek eta upper and lower", "Ηη", "ηη", "hn"},
		{"full-width", "ＴＴＰ", "ttp", "ttp"},
		{"mathematical bold", "𝐓𝐓𝐏", "ttp", "ttp"},
		{"small capitals", "ᴛᴛᴘ", "ᴛᴛᴘ", "ttp"},
		{"leetspeak in words only", "7TP T1P 2024", "7^tp t^1^p 2024", "t^tp t^i^p 2024"},
		{"leet symbols inside words", "Sh@riah I$I$ @user $5", "sh@riah i$i$ user 5", "shariah isis user 5"},
		{"hashtag camelCase", "#TehreekeTalibanPakistan", "tehreeke^taliban^pakistan", "tehreeke^taliban^pakistan"},
		{"capital run then word", "ISISAttack", "isis^attack", "isis^attack"},
		{"handle snake_case", "@umar_media_official", "umar|media|official", "umar|media|official"},
		{"latin diacritics", "Tehrīk-é", "tehrik|e", "tehrik|e"},
		{"sharp s", "Straße", "strasse", "strasse"},
		{"urdu zer removed", "تحریکِ طالبان", "تحریک طالبان", "تحریک طالبان"},
		{"arabic kaf and yeh folded in exact key", "تحريك", "تحریک", "تحریک"},
		{"alef maksura", "مصطفى", "مصطفی", "مصطفی"},
		{"hamza alefs", "أحمد إسلام ٱلله", "احمد اسلام اللہ", "احمد اسلام اللہ"},
		{"arabic heh and teh marbuta", "حركة", "حرکۃ", "حرکہ"},
		{"alef madda kept exact, folded loose", "آرمی", "آرمی", "ارمی"},
		{"decomposed madda composes", "ا\u0653رمی", "آرمی", "ارمی"},
		{"yeh barree kept exact", "آزادی ے", "آزادی ے", "ازادی ی"},
		{"do-chashmi heh kept exact", "جھنگوی", "جھنگوی", "جہنکوی"},
		{"pashto letters loose", "پوځ ازادۍ", "پوځ ازادۍ", "بوځ ازادی"},
		{"balochi waw", "بلۏچستان", "بلۏچستان", "بلوجستان"},
		{"tatweel", "طالـــبان", "طالبان", "طالبان"},
		{"harakat and shadda", "مُحَمَّد", "محمد", "محمد"},
		{"superscript alef", "رحمٰن", "رحمن", "رحمن"},
		{"zero-width non-joiner is soft", "تحر\u200cیک", "تحر|یک", "تحر|یک"},
		{"zero-width joiner inside latin", "Tali\u200dban", "tali|ban", "tali|ban"},
		{"bidi controls", "\u202bTTP\u202c", "ttp", "ttp"},
		{"soft hyphen", "Tali\u00adban", "tali|ban", "tali|ban"},
		{"arabic-indic digits", "٢٠٢٤ ۲۰۲۴", "2024 2024", "2024 2024"},
		{"urdu full stop is hard", "طالبان۔پاکستان", "طالبان پاکستان", "طالبان باکستان"},
		{"invalid utf-8", "\xffTTP\xfe", "ttp", "ttp"},
		{"empty", "", "", ""},
		{"only separators", " .-_#@ ", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := textnorm.Normalize(tc.in)
			if diff := cmp.Diff(tc.key, got.String()); diff != "" {
				t.Errorf("key of %q (-want +got):\n%s", tc.in, diff)
			}
			if diff := cmp.Diff(tc.fold, got.FoldString()); diff != "" {
				t.Errorf("fold of %q (-want +got):\n%s", tc.in, diff)
			}
			checkOffsets(t, tc.in, got)
		})
	}
}

func TestFlags(t *testing.T) {
	tests := []struct {
		in   string
		pos  int
		want textnorm.Flag
	}{
		{"Ab", 0, textnorm.Upper},
		{"Ab", 1, 0},
		{"ＴＰ", 0, textnorm.Upper | textnorm.Compat},
		{"Тp", 0, textnorm.Upper | textnorm.Confusable},
		{"t1p", 1, textnorm.Leet},
		{"#ab", 0, textnorm.Tag | textnorm.Hash},
		{"#a_b", 1, textnorm.Tag | textnorm.Hash},
		{"@ab", 0, textnorm.Tag},
		{"x@ab", 1, textnorm.Leet}, // leetspeak a inside a word, not a handle
		{"#a b", 1, 0},
		{"آب", 0, textnorm.Loosened},
		{"a b #c", 1, 0},
	}
	for _, tc := range tests {
		got := textnorm.Normalize(tc.in).Flags[tc.pos]
		if got != tc.want {
			t.Errorf("flags of %q at %d = %b, want %b", tc.in, tc.pos, got, tc.want)
		}
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		in        string
		i, j      int
		wantSlice string
	}{
		{"  T.T.P!", 0, 3, "T.T.P"},
		{"#TehreekeTalibanPakistan", 8, 15, "Taliban"},
		{"تحریکِ طالبان", 0, 5, "تحریکِ"[:len("تحریک")]},
		{"Straße", 4, 6, "ß"},
		{"Straße", 4, 5, "ß"},
		{"طالـــبان", 2, 4, "لـــب"},
		{"ab", 5, 9, ""},
	}
	for _, tc := range tests {
		n := textnorm.Normalize(tc.in)
		s, e := n.Span(tc.i, tc.j)
		if got := tc.in[s:e]; got != tc.wantSlice {
			t.Errorf("Span(%d,%d) of %q = %q, want %q", tc.i, tc.j, tc.in, got, tc.wantSlice)
		}
	}
}

func TestReuse(t *testing.T) {
	var n textnorm.Text
	n.Reset("a much longer first text about Tehreek-e-Taliban")
	n.Reset("TTP")
	if diff := cmp.Diff("ttp", n.String()); diff != "" {
		t.Errorf("reused text (-want +got):\n%s", diff)
	}
	if got := textnorm.Compact("T.T.P"); got != "ttp" {
		t.Errorf("Compact = %q, want ttp", got)
	}
}

// TestGolden normalises real-style samples in every supported language and
// compares with testdata/samples.golden; run with -update to refresh.
func TestGolden(t *testing.T) {
	raw, err := os.ReadFile("testdata/samples.txt")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		n := textnorm.Normalize(line)
		checkOffsets(t, line, n)
		fmt.Fprintf(&b, "%d\tin:   %s\n\tkey:  %s\n\tfold: %s\n", i+1, line, n.String(), n.FoldString())
	}
	got := b.String()
	if *update {
		if err := os.WriteFile("testdata/samples.golden", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/samples.golden")
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("golden mismatch (-want +got):\n%s", diff)
	}
}

// checkOffsets verifies the offset invariants: one start per key position,
// in range, non-decreasing, on a rune boundary of the original, and the
// first boundary hard.
func checkOffsets(t *testing.T, in string, n *textnorm.Text) {
	t.Helper()
	k := n.Len()
	if len(n.Fold) != k || len(n.Brk) != k || len(n.Flags) != k || len(n.Start) != k {
		t.Fatalf("%q: parallel slices differ in length: key %d fold %d brk %d flags %d start %d",
			in, k, len(n.Fold), len(n.Brk), len(n.Flags), len(n.Start))
	}
	// Rune boundaries as a decoder sees them: an invalid byte is a rune of
	// its own (U+FFFD), so it has a boundary on each side.
	bound := make([]bool, len(in)+1)
	for i := 0; i < len(in); {
		bound[i] = true
		_, size := utf8.DecodeRuneInString(in[i:])
		i += size
	}
	bound[len(in)] = true
	prev := int32(0)
	for i, s := range n.Start {
		if s < prev || int(s) >= len(in) {
			t.Fatalf("%q: start[%d]=%d out of order or range", in, i, s)
		}
		if !bound[s] {
			t.Fatalf("%q: start[%d]=%d not on a rune boundary", in, i, s)
		}
		prev = s
	}
	if k > 0 && n.Brk[0] != textnorm.HardBoundary {
		t.Fatalf("%q: first boundary %v, want hard", in, n.Brk[0])
	}
	for i := 0; i <= k; i++ {
		for j := i; j <= k; j++ {
			s, e := n.Span(i, j)
			if s < 0 || e > len(in) || s > e {
				t.Fatalf("%q: Span(%d,%d) = %d,%d out of range", in, i, j, s, e)
			}
			if !bound[e] || !bound[s] {
				t.Fatalf("%q: Span(%d,%d) = %d,%d not on rune boundaries", in, i, j, s, e)
			}
		}
		if k > 40 {
			break // quadratic check only for short inputs
		}
	}
}

// TestFastPathsAgree checks Reset's run fast path, which takes a word's
// plain letters many at a time, against the same text with a tatweel (which
// the key drops) after every rune, so that no run is longer than one
// letter: keys, folds, boundaries and flags must be the same, whatever the
// script and byte length of the letters.
func TestFastPathsAgree(t *testing.T) {
	for _, in := range []string{
		"abcdefg hijk", "Taliban pakistan", "طالبان پاکستان", "кириллица", "ελληνικά",
		"中文字符", "mixed طالبانabc кир中", "a\u0301bc", "tali\u200dban",
	} {
		fast := textnorm.Normalize(in)
		var b strings.Builder
		for _, r := range in {
			b.WriteRune(r)
			b.WriteRune('\u0640') // tatweel: dropped, no boundary, breaks any run
		}
		slow := textnorm.Normalize(b.String())
		if diff := cmp.Diff(fast.Key, slow.Key); diff != "" {
			t.Errorf("%q: key (-fast +slow):\n%s", in, diff)
		}
		if diff := cmp.Diff(fast.Fold, slow.Fold); diff != "" {
			t.Errorf("%q: fold (-fast +slow):\n%s", in, diff)
		}
		if diff := cmp.Diff(fast.Brk, slow.Brk); diff != "" {
			t.Errorf("%q: boundaries (-fast +slow):\n%s", in, diff)
		}
		if diff := cmp.Diff(fast.Flags, slow.Flags); diff != "" {
			t.Errorf("%q: flags (-fast +slow):\n%s", in, diff)
		}
		checkOffsets(t, in, fast)
	}
}
