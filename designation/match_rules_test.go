package designation_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
)

// defaultMatcher is the matcher `rampart match` builds: the shipped
// registry with its reviewed flags, screened with the defaults.
func defaultMatcher(t testing.TB) *designation.Matcher {
	t.Helper()
	reg, err := designation.Default()
	if err != nil {
		t.Fatal(err)
	}
	m, err := designation.NewMatcher(reg.Screened(nil), designation.MatcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func groupsOf(m *designation.Matcher, field, text string) []string {
	var out []string
	for _, mn := range m.Find(field, text) {
		out = append(out, mn.Group)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestDeliberateAcronyms covers the rules of match_acronym.go with the
// shipped data, where TTP, BLA and BLF need a context word when bare.
func TestDeliberateAcronyms(t *testing.T) {
	m := defaultMatcher(t)
	tests := []struct {
		name, field, text string
		want              []string
	}{
		{"bare capitals need context", "text", "TTP zindabad", nil},
		{"bare capitals with context", "text", "TTP militants", []string{"ttp"}},
		{"dotted", "text", "T.T.P zindabad", []string{"ttp"}},
		{"dotted lower case", "text", "t.t.p zindabad", []string{"ttp"}},
		{"hyphenated", "text", "T-T-P zindabad", []string{"ttp"}},
		{"spaced capitals", "text", "T T P ka bayan", []string{"ttp"}},
		{"spaced lower case", "text", "t t p ka bayan", nil},
		{"dotted case-sensitive alias", "text", "B.L.A sarmachar", []string{"bla"}},
		{"dotted case-sensitive alias in lower case", "text", "b.l.a yaar", nil},
		{"dotted near a negative word", "text", "B.L.A. (Hons) from the university", nil},
		{"hashtag field", "hashtag", "#TTP", []string{"ttp"}},
		{"hashtag field without #", "hashtag", "BLF", []string{"blf"}},
		{"hashtag in text", "text", "Support #BLA now", []string{"bla"}},
		{"lower-case hashtag", "hashtag", "#ttp", nil},
		{"longer hashtag", "hashtag", "#TTPAwarenessDay", nil},
		{"snake_case hashtag", "hashtag", "#TTP_day", nil},
		{"handle is not a hashtag", "handle", "@TTP", nil},
		{"cyrillic capitals", "text", "ТТР statement", []string{"ttp"}},
		{"full-width capitals", "text", "ＴＴＰ video", []string{"ttp"}},
		{"cyrillic in Russian text", "text", "ТТР для ракет", nil},
		{"full-width in Japanese text", "text", "ＴＴＰの治療", nil},
		{"cyrillic lower case", "text", "ттр statement", nil},
		{"leetspeak is not deliberate", "text", "7TP zindabad", nil},
		{"two letters are initials", "text", "L.J. Smith", nil},
		{"camelCase piece with context", "hashtag", "#TTPAttacks", []string{"ttp"}},
		{"camelCase piece without context", "hashtag", "#StopTTP", nil},
		{"camelCase piece in text hashtag", "text", "#StopTTPTerror now", []string{"ttp"}},
		{"capital run is not a piece", "hashtag", "#BLACKPINK", nil},
		{"roman urdu context", "text", "TTP walon ne hamla kiya", []string{"ttp"}},
		{"roman urdu without context", "text", "TTP walon ne kaha", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, groupsOf(m, tc.field, tc.text)); diff != "" {
				t.Errorf("Find(%q, %q) groups (-want +got):\n%s", tc.field, tc.text, diff)
			}
		})
	}
}

// TestInflectedArabicScript covers match_suffix.go.
func TestInflectedArabicScript(t *testing.T) {
	m := defaultMatcher(t)
	tests := []struct {
		name, text, span string // span: the matched original text, "" for none
	}{
		{"dictionary form", "پاکستاني طالبان وايي", "پاکستاني طالبان"},
		{"pashto plural oblique", "پاکستاني طالبانو وویل", "پاکستاني طالبانو"},
		{"urdu plural oblique", "پاکستانی طالبانوں کا حملہ", "پاکستانی طالبانوں"},
		{"ending then more letters", "پاکستاني طالبانونه", ""},
		{"other ending", "پاکستاني طالبانه", ""},
		{"afghan taliban", "افغان طالبانوں کا وفد", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			for _, mn := range m.Find("text", tc.text) {
				if mn.Group == "ttp" {
					got = tc.text[mn.Start:mn.End]
				}
			}
			if got != tc.span {
				t.Errorf("Find(text, %q) ttp span = %q, want %q", tc.text, got, tc.span)
			}
		})
	}
}

// TestAliasParentheses covers aliases written "Name (ACR)" as lists print
// them: the name alone matches too.
func TestAliasParentheses(t *testing.T) {
	m := defaultMatcher(t)
	tests := []struct {
		text string
		want []string
	}{
		{"Hizbul Mujahideen commander", []string{"hizbul_mujahideen"}},
		{"Eastern Turkistan Islamic Movement statement", []string{"etim"}},
		{"EASTERN TURKISTAN ISLAMIC MOVEMENT (ETIM)", []string{"etim"}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, groupsOf(m, "text", tc.text)); diff != "" {
			t.Errorf("Find(text, %q) groups (-want +got):\n%s", tc.text, diff)
		}
	}
	// A parenthesis that names a faction is not split: its first part alone
	// would name another group.
	f, err := designation.NewMatcher([]rampart.Entity{{ID: "f", Group: "f", Name: "Faction",
		Aliases: []rampart.Alias{{Text: "Northern Valley Front (Abdul Karim Group)"}, {Text: "Southern Hills Army (SHA)"}}}},
		designation.MatcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string][]string{
		"Northern Valley Front":                     nil,
		"Northern Valley Front (Abdul Karim Group)": {"f"},
		"Southern Hills Army":                       {"f"},
		"SHA":                                       {"f"},
	} {
		if diff := cmp.Diff(want, groupsOf(f, "text", text)); diff != "" {
			t.Errorf("Find(text, %q) groups (-want +got):\n%s", text, diff)
		}
	}
}

// TestLargeRegistry builds a matcher with more automaton states than fit
// 16-bit transitions (about 40,000), so that the 32-bit table is used, and
// checks that aliases are still found where they are and only there.
func TestLargeRegistry(t *testing.T) {
	word := func(i int) string {
		// Ten letters from a linear congruential sequence: distinct words,
		// few shared prefixes, so most letters add a state.
		b := make([]byte, 10)
		x := uint32(i)*2654435761 + 12345
		for k := range b {
			x = x*1103515245 + 12345
			b[k] = 'a' + byte(x>>16)%26
		}
		return string(b)
	}
	var ents []rampart.Entity
	for i := range 4000 {
		id := "e" + word(i)
		ents = append(ents, rampart.Entity{ID: id, Group: id, Name: word(i),
			Aliases: []rampart.Alias{{Text: word(i) + " " + word(i+4000)}}})
	}
	m, err := designation.NewMatcher(ents, designation.MatcherOptions{NoFuzzy: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 1234, 3999} {
		text := "xx " + word(i) + " " + word(i+4000) + " yy"
		if diff := cmp.Diff([]string{"e" + word(i)}, groupsOf(m, "text", text)); diff != "" {
			t.Errorf("Find(text, %q) groups (-want +got):\n%s", text, diff)
		}
	}
	if got := m.Find("text", word(0)+" "+word(4001)); len(got) != 0 {
		t.Errorf("mixed halves of two aliases matched: %+v", got)
	}
}
