package traindata_test

import (
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/classify/traindata"
)

// corpus builds the seed-1 corpus once, on first use (not at package
// init, so fuzz workers do not pay for it): tests read it and never change it.
var corpus = sync.OnceValue(func() []traindata.Example { return traindata.Constructed(1) })

func TestConstructedDeterministic(t *testing.T) {
	again := traindata.Constructed(1)
	if diff := cmp.Diff(corpus(), again); diff != "" {
		t.Fatalf("same seed, different corpus (-first +second):\n%.2000s", diff)
	}
	other := traindata.Constructed(2)
	if cmp.Equal(corpus(), other) {
		t.Fatal("seeds 1 and 2 gave identical corpora")
	}
}

func TestConstructedBalance(t *testing.T) {
	minPerLang := map[string]int{"en": 7000, "roman-ur": 7000, "ur": 7000, "ps": 2800, "ar": 2800}
	count := map[string]map[string]int{}
	for _, e := range corpus() {
		if count[e.Lang] == nil {
			count[e.Lang] = map[string]int{}
		}
		count[e.Lang][e.Label]++
	}
	for _, lang := range traindata.Langs() {
		total := 0
		for _, n := range count[lang] {
			total += n
		}
		if total < minPerLang[lang] {
			t.Errorf("%s: %d examples, want at least %d", lang, total, minPerLang[lang])
		}
		mean := float64(total) / 6
		for _, label := range traindata.Labels() {
			n := count[lang][label]
			if n == 0 {
				t.Errorf("%s/%s: no examples", lang, label)
				continue
			}
			if d := float64(n)/mean - 1; d < -0.1 || d > 0.1 {
				t.Errorf("%s/%s: %d examples, more than 10%% from the language mean %.0f", lang, label, n, mean)
			}
		}
	}
}

func TestConstructedFamilies(t *testing.T) {
	fams := traindata.Families()
	for _, lang := range traindata.Langs() {
		want := 60
		if lang == "ps" || lang == "ar" {
			want = 28
		}
		for _, label := range traindata.Labels() {
			if n := fams[lang+"/"+label]; n < want {
				t.Errorf("%s/%s: %d template families, want at least %d", lang, label, n, want)
			}
		}
	}
}

func TestConstructedFields(t *testing.T) {
	seen := map[string]bool{}
	validGroup := map[string]bool{"none": true}
	for _, g := range traindata.Groups() {
		validGroup[g] = true
	}
	for i, e := range corpus() {
		if e.Source != traindata.SourceConstructed {
			t.Fatalf("example %d: source %q", i, e.Source)
		}
		if !strings.HasPrefix(e.Template, e.Lang+"/") {
			t.Fatalf("example %d: template %q lacks the %q prefix", i, e.Template, e.Lang)
		}
		if !validGroup[e.Group] {
			t.Fatalf("example %d: group %q", i, e.Group)
		}
		if strings.ContainsAny(e.Text, "{}[]|") || strings.TrimSpace(e.Text) != e.Text || e.Text == "" {
			t.Fatalf("example %d (%s): template residue or stray space in %q", i, e.Template, e.Text)
		}
		k := e.Lang + "\x00" + e.Text
		if seen[k] {
			t.Fatalf("example %d: duplicate text %q", i, e.Text)
		}
		seen[k] = true
	}
}

// Every group except the held-out one is named in propaganda and in the
// lawful classes, in every language: a name alone must not decide.
func TestConstructedGroupsInEveryStance(t *testing.T) {
	has := map[string]bool{}
	for _, e := range corpus() {
		has[e.Lang+"/"+e.Label+"/"+e.Group] = true
	}
	for _, lang := range traindata.Langs() {
		for _, g := range traindata.Groups() {
			if !has[lang+"/propaganda/"+g] && !has[lang+"/recruitment/"+g] {
				t.Errorf("%s: %s never named in propaganda or recruitment", lang, g)
			}
			if !has[lang+"/reporting/"+g] {
				t.Errorf("%s: %s never named in reporting", lang, g)
			}
			if !has[lang+"/counter_speech/"+g] && !has[lang+"/other/"+g] {
				t.Errorf("%s: %s never named in counter_speech or other", lang, g)
			}
		}
	}
	for _, lang := range []string{"en", "roman-ur", "ur"} {
		for _, g := range traindata.Groups() {
			if !has[lang+"/propaganda/"+g] {
				t.Errorf("%s: %s never named in propaganda", lang, g)
			}
		}
	}
}

func TestConstructedHoldsOutHGB(t *testing.T) {
	banned := []string{"hgb", "gul bahadur", "gul bahadar", "hafiz gul", "ittehadul mujahideen", "ittehad-ul-mujahideen",
		"ittehad ul mujahideen", "jaish al-fursan", "jaish al fursan", "گل بہادر", "گل بهادر", "ګل بهادر",
		"اتحاد المجاہدین", "اتحاد المجاهدین", "جيش الفرسان", "جیش الفرسان", "حافظ گل"}
	for _, e := range corpus() {
		if e.Group == traindata.HeldOutGroup {
			t.Fatalf("%s: group %q in the corpus", e.Template, e.Group)
		}
		low := strings.ToLower(e.Text)
		for _, b := range banned {
			if strings.Contains(low, b) {
				t.Fatalf("%s: held-out group named (%q) in %q", e.Template, b, e.Text)
			}
		}
	}
}

func TestConstructedScripts(t *testing.T) {
	pashtoLetters := "ښږځڅټډړګۍې"
	var ps, psWith int
	for _, e := range corpus() {
		switch e.Lang {
		case "en", "roman-ur":
			for _, r := range e.Text {
				if unicode.Is(unicode.Arabic, r) && r != 'ﷺ' { // the salawat sign is common in English and Roman Urdu posts
					t.Fatalf("%s: Arabic script in a Latin-script example: %q", e.Template, e.Text)
				}
			}
		case "ur", "ar":
			if strings.ContainsAny(e.Text, pashtoLetters) {
				t.Fatalf("%s: Pashto letter in %s text %q", e.Template, e.Lang, e.Text)
			}
		case "ps":
			ps++
			if strings.ContainsAny(e.Text, pashtoLetters) {
				psWith++
			}
		}
	}
	if float64(psWith) < 0.8*float64(ps) {
		t.Errorf("only %d of %d Pashto examples use a Pashto-specific letter", psWith, ps)
	}
}
