package designation_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
)

// hit is the part of a mention a test pins: entity, matched original text
// (which checks the byte offsets) and method.
type matchHit struct {
	Entity, Span, Method string
}

func matchHits(text string, ms []rampart.Mention) []matchHit {
	var out []matchHit
	for _, m := range ms {
		out = append(out, matchHit{m.Entity, text[m.Start:m.End], m.Method})
	}
	return out
}

func TestFindPositives(t *testing.T) {
	_, m := newTestMatcher(t)
	tests := []struct {
		name, field, text string
		want              []matchHit
	}{
		// English and Roman Urdu.
		{"english name", "text", "The Pakistani Taliban claimed it.", []matchHit{{"ttp", "Pakistani Taliban", "exact"}}},
		{"acronym with context", "text", "TTP claimed the attack in Bannu", []matchHit{{"ttp", "TTP", "exact"}}},
		{"acronym with full name", "text", "Tehreek-e-Taliban Pakistan (TTP) ne zimmedari qabool ki",
			[]matchHit{{"ttp", "Tehreek-e-Taliban Pakistan", "exact"}, {"ttp", "TTP", "exact"}}},
		{"roman urdu", "text", "Lashkar-e-Jhangvi ke karkun giraftar", []matchHit{{"lej", "Lashkar-e-Jhangvi", "exact"}}},
		{"media wing", "text", "Umar Media ne video jari ki", []matchHit{{"ttp", "Umar Media", "exact"}}},
		{"shared alias reports both groups", "text", "Fitna al-Hindustan", []matchHit{
			{"bla", "Fitna al-Hindustan", "exact"}, {"blf", "Fitna al-Hindustan", "exact"}}},
		{"mixed-case acronym as written", "text", "LeT and JeM", []matchHit{{"let", "LeT", "exact"}, {"jem", "JeM", "exact"}}},
		// Urdu, Arabic, Pashto, Balochi.
		{"urdu with zer", "text", "کالعدم تحریکِ طالبان پاکستان نے ذمہ داری قبول کی",
			[]matchHit{{"ttp", "کالعدم تحریکِ طالبان پاکستان", "exact"}}},
		{"urdu acronym letters", "text", "ٹی ٹی پی کا حملہ", []matchHit{{"ttp", "ٹی ٹی پی", "exact"}}},
		{"arabic letter forms", "text", "تحريك طالبان باكستان", []matchHit{{"ttp", "تحريك طالبان باكستان", "folded"}}},
		{"arabic", "text", "أعلنت حركة طالبان باكستان مسؤوليتها", []matchHit{{"ttp", "حركة طالبان باكستان", "exact"}}},
		{"pashto", "text", "د بلوچستان د ازادۍ پوځ وویل", []matchHit{{"bla", "د بلوچستان د ازادۍ پوځ", "exact"}}},
		{"balochi", "text", "بلۏچستان آجوییء لشکر", []matchHit{{"bla", "بلۏچستان آجوییء لشکر", "exact"}}},
		{"urdu without madda", "text", "بلوچ لبریشن ارمی", []matchHit{{"bla", "بلوچ لبریشن ارمی", "folded"}}},
		{"urdu diacritics and tatweel", "text", "جَیشِ محمّـــد", []matchHit{{"jem", "جَیشِ محمّـــد", "exact"}}},
		{"zero-width joiner inside name", "text", "تحر\u200dیک طالبان پاکستان", []matchHit{{"ttp", "تحر\u200dیک طالبان پاکستان", "exact"}}},
		// Obfuscations.
		{"dotted", "text", "T.T.P zindabad", []matchHit{{"ttp", "T.T.P", "exact"}}},
		{"hyphenated", "text", "T-T-P", []matchHit{{"ttp", "T-T-P", "exact"}}},
		{"spaced", "text", "T T P", []matchHit{{"ttp", "T T P", "exact"}}},
		{"split word", "text", "Teh-reek-e-Taliban Pakistan", []matchHit{{"ttp", "Teh-reek-e-Taliban Pakistan", "exact"}}},
		{"cyrillic", "text", "ТТР", []matchHit{{"ttp", "ТТР", "skeleton"}}},
		{"full-width", "text", "ＴＴＰ", []matchHit{{"ttp", "ＴＴＰ", "skeleton"}}},
		{"leet", "text", "7TP attack", []matchHit{{"ttp", "7TP", "skeleton"}}},
		{"leet middle", "text", "T1P militants", nil}, // T1P reads "tip", not TTP
		{"leet in name", "text", "T4l1b4n Pakistan", nil},
		{"zero-width in latin", "text", "Paki\u200bstani Tali\u200dban", []matchHit{{"ttp", "Paki\u200bstani Tali\u200dban", "exact"}}},
		{"hashtag in text", "text", "Support #TehreekeTalibanPakistan now",
			[]matchHit{{"ttp", "TehreekeTalibanPakistan", "exact"}}},
		// Handles, names and hashtags.
		{"hashtag field", "hashtag", "#TehreekeTalibanPakistan", []matchHit{{"ttp", "TehreekeTalibanPakistan", "exact"}}},
		{"handle", "handle", "@umar_media_official", []matchHit{{"ttp", "umar_media", "exact"}}},
		{"handle camelCase", "handle", "UmarMediaOfficial", []matchHit{{"ttp", "UmarMedia", "exact"}}},
		{"handle run together", "handle", "tehreeketalibanpk", []matchHit{{"ttp", "tehreeketaliban", "exact"}}},
		{"name word order", "name", "Taliban Tehreek Pakistan", []matchHit{{"ttp", "Taliban Tehreek Pakistan", "phonetic"}}},
		{"name spelling", "name", "Tehrik Taliban Pakistan", []matchHit{{"ttp", "Tehrik Taliban Pakistan", "phonetic"}}},
		{"name phonetic", "name", "Jaysh Muhammad", []matchHit{{"jem", "Jaysh Muhammad", "phonetic"}}},
		{"name fuzzy", "name", "Lashkar Jhangwee", []matchHit{{"lej", "Lashkar Jhangwee", "fuzzy"}}},
		{"name transliterated", "name", "تحریک طالبان", []matchHit{{"ttp", "تحریک طالبان", "phonetic"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := matchHits(tc.text, m.Find(tc.field, tc.text))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Find(%q, %q) (-want +got):\n%s", tc.field, tc.text, diff)
			}
		})
	}
}

// TestFindHardNegatives are ordinary words and other senses of the short
// acronyms; none may produce a mention.
func TestFindHardNegatives(t *testing.T) {
	_, m := newTestMatcher(t)
	for _, text := range []string{
		"let's go", "Let us pray", "LET US PRAY", "bla bla", "BLA BLA BLA", "the jam", "Isis the goddess",
		"TTP (thrombotic thrombocytopenic purpura) is a blood disorder",
		"BLA degree from Punjab University", "LET exam results", "Let them eat cake",
		"this is it", "IS IT TRUE", "imp of the perverse", "the hum of bees",
		"Lettuce and jammed blades", "bottle", "establishment", "Talibanistan is a blog", "attack on titan",
		"tip top", "umar media", // lower-case words that only look like part of an alias
	} {
		if got := m.Find("text", text); len(got) > 0 && !strings.EqualFold(text, "umar media") {
			t.Errorf("Find(text, %q) = %+v, want no mention", text, got)
		}
	}
}

func TestFindContext(t *testing.T) {
	_, m := newTestMatcher(t)
	tests := []struct {
		text string
		want []matchHit
	}{
		{"ttp ne hamla kiya: militants attacked Bannu", []matchHit{{"ttp", "ttp", "exact"}}},
		{"TTP (thrombotic thrombocytopenic purpura) and the Taliban", []matchHit{{"ttp", "TTP", "exact"}}},
		{"bla fighters in Balochistan", []matchHit{{"bla", "bla", "exact"}}},
		{"IS claimed the attack", []matchHit{{"isis", "IS", "exact"}}},
		{"isis and the caliphate", nil}, // caliphate is context of iskp, not of the hand-made isis group
		{"isis militants", []matchHit{{"isis", "isis", "exact"}}},
	}
	for _, tc := range tests {
		got := matchHits(tc.text, m.Find("text", tc.text))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Find(text, %q) (-want +got):\n%s", tc.text, diff)
		}
	}
}

func TestFindWeakAliasNeverAlone(t *testing.T) {
	_, m := newTestMatcher(t)
	if got := m.Find("text", "Dawlah"); len(got) != 0 {
		t.Errorf("weak alias matched on its own: %+v", got)
	}
	// A weak alias still counts as context for its group's short names.
	got := matchHits("Dawlah says IS", m.Find("text", "Dawlah says IS"))
	if diff := cmp.Diff([]matchHit{{"isis", "IS", "exact"}}, got); diff != "" {
		t.Errorf("weak alias as context (-want +got):\n%s", diff)
	}
}

func TestFindScores(t *testing.T) {
	_, m := newTestMatcher(t)
	byMethod := map[string]float64{}
	for _, c := range []struct{ field, text string }{
		{"text", "Pakistani Taliban"}, {"text", "بلوچ لبریشن ارمی"}, {"text", "Ｐａｋｉｓｔａｎｉ Taliban"},
		{"name", "Tehrik Taliban Pakistan"}, {"name", "Lashkar Jhangwee"},
	} {
		for _, mn := range m.Find(c.field, c.text) {
			if mn.Score <= 0 || mn.Score > 1 {
				t.Errorf("%q: score %v out of (0,1]", c.text, mn.Score)
			}
			byMethod[mn.Method] = mn.Score
		}
	}
	order := []string{"exact", "folded", "skeleton", "phonetic", "fuzzy"}
	for i := 1; i < len(order); i++ {
		a, b := byMethod[order[i-1]], byMethod[order[i]]
		if a == 0 || b == 0 || !(a > b) {
			t.Errorf("score of %s (%v) should exceed score of %s (%v)", order[i-1], a, order[i], b)
		}
	}
}

func TestNewMatcherErrors(t *testing.T) {
	tests := []struct {
		name string
		ents []rampart.Entity
		want string
	}{
		{"no id", []rampart.Entity{{Name: "x"}}, "has no id"},
		{"empty alias", []rampart.Entity{{ID: "a", Group: "a", Aliases: []rampart.Alias{{Text: " - "}}}}, `alias 0 " - " has no letters`},
	}
	for _, tc := range tests {
		_, err := designation.NewMatcher(tc.ents, designation.MatcherOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestFindFlags(t *testing.T) {
	ents := []rampart.Entity{{ID: "g", Group: "g", Name: "Group", Aliases: []rampart.Alias{
		{Text: "Sangar", CaseSensitive: true},
		{Text: "Falcon", NeedsContext: true},
		{Text: "Hawk", WholeToken: true},
	}}}
	m, err := designation.NewMatcher(ents, designation.MatcherOptions{ContextWords: map[string][]string{"g": {"insurgents"}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []matchHit
	}{
		{"Sangar", []matchHit{{"g", "Sangar", "exact"}}},
		{"sangar", nil},
		{"Falcon flies", nil},
		{"Falcon insurgents", []matchHit{{"g", "Falcon", "exact"}}},
		{"Hawk", []matchHit{{"g", "Hawk", "exact"}}},
		{"#BlackHawk", nil},
	}
	for _, tc := range tests {
		got := matchHits(tc.text, m.Find("text", tc.text))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Find(text, %q) (-want +got):\n%s", tc.text, diff)
		}
	}
}

// checkMatchMentions verifies offsets: in range, ordered, on rune boundaries.
func checkMatchMentions(t testing.TB, text string, ms []rampart.Mention) {
	t.Helper()
	for _, mn := range ms {
		if mn.Start < 0 || mn.End > len(text) || mn.Start >= mn.End {
			t.Fatalf("%q: mention %+v out of range", text, mn)
		}
		if !onBoundary(text, mn.Start) || !onBoundary(text, mn.End) {
			t.Fatalf("%q: mention %+v not on rune boundaries", text, mn)
		}
		if mn.Score <= 0 || mn.Score > 1 {
			t.Fatalf("%q: mention %+v score out of range", text, mn)
		}
	}
}

// onBoundary reports whether byte offset i is a rune boundary as a decoder
// sees it (an invalid byte is a rune of its own).
func onBoundary(s string, i int) bool {
	for j := 0; j < len(s); {
		if j == i {
			return true
		}
		if j > i {
			return false
		}
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
	}
	return i == len(s)
}

func FuzzFind(f *testing.F) {
	_, m := newTestMatcher(f)
	for _, s := range []string{"T.T.P", "تحریکِ طالبان پاکستان", "#TehreekeTalibanPakistan", "ＴＴＰ 7TP", "\xffTTP", "Fitna al-Hindustan"} {
		f.Add("text", s)
		f.Add("handle", s)
	}
	f.Fuzz(func(t *testing.T, field, text string) {
		checkMatchMentions(t, text, m.Find(field, text))
	})
}
