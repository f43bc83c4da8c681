package traindata

import (
	"bytes"
	"embed"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
)

//go:embed templates/*.txt
var templateFS embed.FS

// perLabel is how many examples Constructed makes per (language, label):
// the three large languages get 1,200 (7,200 each), Pashto and Arabic 500.
// Chosen on the validation split when round 3 brought the families to
// 64–93 per label: 720/300 gave macro-F1 0.862 and 0.867 (seeds 1, 2),
// 1,200/500 0.874 and 0.870, 2,000/800 0.875 and 0.871 at 1.7 times the
// training time; flagged recall at 2% lawful flagged 90.3/85.1%,
// 92.1/87.7% and 90.4/86.7%.
var perLabel = map[string]int{LangEnglish: 1200, LangRomanUrdu: 1200, LangUrdu: 1200, LangPashto: 500, LangArabic: 500}

var (
	familiesOnce sync.Once
	familiesAll  []family
	familiesErr  error
)

// loadFamilies parses the embedded template files once.
func loadFamilies() ([]family, error) {
	familiesOnce.Do(func() {
		for _, lang := range Langs() {
			name := "templates/" + lang + ".txt"
			b, err := templateFS.ReadFile(name)
			if err != nil {
				familiesErr = fmt.Errorf("read %s: %w", name, err)
				return
			}
			fs, err := parseTemplates(bytes.NewReader(b), name, lang)
			if err != nil {
				familiesErr = err
				return
			}
			familiesAll = append(familiesAll, fs...)
		}
	})
	return familiesAll, familiesErr
}

// Constructed returns the constructed corpus for seed: the same seed gives
// an identical slice. Examples are ordered by language, then label, then
// generation order; texts are unique within a language.
//
// The embedded template files are part of the program, so a broken file is
// a programming error caught by the package tests; Constructed panics on it.
func Constructed(seed uint64) []Example {
	fams, err := loadFamilies()
	if err != nil {
		panic("traindata: embedded templates: " + err.Error())
	}
	var out []Example
	for _, lang := range Langs() {
		seen := map[string]bool{}
		for li, label := range Labels() {
			var group []family
			for _, f := range fams {
				if f.lang == lang && f.label == label {
					group = append(group, f)
				}
			}
			// One stream per (language, label) so that editing one section
			// of the templates does not reshuffle all the others.
			rng := rand.New(rand.NewPCG(seed, uint64(langIndex[lang])<<8|uint64(li)))
			out = append(out, generate(rng, group, perLabel[lang], seen)...)
		}
	}
	return out
}

// generate draws from the families in turn until want unique texts exist or
// every family has stopped producing new ones.
func generate(rng *rand.Rand, fams []family, want int, seen map[string]bool) []Example {
	var out []Example
	misses := make([]int, len(fams))
	const maxMisses = 40 // consecutive duplicates before a family is exhausted
	for len(out) < want {
		progress := false
		for i := range fams {
			if len(out) >= want {
				break
			}
			if misses[i] >= maxMisses {
				continue
			}
			progress = true
			ex := fill(rng, fams[i])
			if seen[ex.Text] {
				misses[i]++
				continue
			}
			misses[i] = 0
			seen[ex.Text] = true
			out = append(out, ex)
		}
		if !progress {
			break
		}
	}
	return out
}

// fill makes one example from a family.
func fill(rng *rand.Rand, f family) Example {
	text := f.phrasings[rng.IntN(len(f.phrasings))]
	text = pickAlternatives(rng, text)
	slots, _ := slotsIn(text) // validated at parse time
	group := "none"
	if len(f.groups) == 1 {
		group = f.groups[0]
	}
	named := false
	for _, s := range slots {
		if s == "G" || s == "GO" || s == "M" {
			named = true
		}
	}
	if named {
		c := candidates(f.groups, slots, f.lang)
		group = c[rng.IntN(len(c))]
	}
	text = fillSlots(rng, text, f.lang, group)
	text = tidy(text)
	switch f.lang {
	case LangRomanUrdu:
		text = romanVariants(rng, text)
	case LangEnglish:
		text = capitalise(text)
	}
	return Example{Text: text, Label: f.label, Lang: f.lang, Group: group, Template: f.lang + "/" + f.id, Source: SourceConstructed}
}

// pickAlternatives replaces each [a|b|c] by one of its options.
func pickAlternatives(rng *rand.Rand, s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], ']')
		if j < 0 { // validated at parse time; keep the text as is
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		opts := strings.Split(s[i+1:i+j], "|")
		b.WriteString(opts[rng.IntN(len(opts))])
		s = s[i+j+1:]
	}
}

// fillSlots replaces each {SLOT}.
func fillSlots(rng *rand.Rand, s, lang, group string) string {
	li := langIndex[lang]
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(slotValue(rng, s[i+1:i+j], lang, li, group))
		s = s[i+j+1:]
	}
}

func pick(rng *rand.Rand, xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[rng.IntN(len(xs))]
}

func slotValue(rng *rand.Rand, slot, lang string, li int, group string) string {
	t := groupTable[group]
	switch slot {
	case "G":
		return pick(rng, t.names[li])
	case "GO":
		return pick(rng, t.official[li])
	case "M":
		return pick(rng, t.media[li])
	case "P":
		keys := t.places
		if len(keys) == 0 {
			keys = neutralPlaces
		}
		return placeName(rng, keys[rng.IntN(len(keys))], li)
	case "N":
		return digits(rng, strconv.Itoa(2+rng.IntN(17)), lang)
	case "NB":
		return digits(rng, strconv.Itoa(20+rng.IntN(71)), lang)
	}
	return pick(rng, genericSlots[slot][li])
}

func placeName(rng *rand.Rand, key string, li int) string {
	p := placeNames[key]
	switch li {
	case 0:
		return p[0]
	case 1:
		if v, ok := romanPlaceVariants[p[0]]; ok {
			return pick(rng, v)
		}
		return p[0]
	}
	return p[li-1]
}

// digits writes a number in the script's own digits some of the time, as
// Urdu, Pashto and Arabic posts do.
func digits(rng *rand.Rand, n, lang string) string {
	var zero rune
	switch lang {
	case LangUrdu, LangPashto:
		zero = '۰'
	case LangArabic:
		zero = '٠'
	default:
		return n
	}
	if rng.IntN(3) != 0 {
		return n
	}
	return strings.Map(func(r rune) rune { return zero + (r - '0') }, n)
}

// tidy collapses the doubled spaces and stray spaces before punctuation that
// empty slots and options leave behind.
func tidy(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{" .", " ,", " !", " ?", " ،", " ۔", " :"} {
		s = strings.ReplaceAll(s, p, p[1:])
	}
	s = strings.ReplaceAll(s, `\n`, "\n")
	s = strings.ReplaceAll(s, "\n ", "\n")
	s = strings.ReplaceAll(s, " \n", "\n")
	return strings.TrimSpace(s)
}

// capitalise upper-cases an ASCII letter that opens the text or follows
// ". ", "! " or "? ": a slot such as {DAY} or a name such as "the TTP" may
// open a sentence.
func capitalise(s string) string {
	b := []byte(s)
	for i := range b {
		start := i == 0 || (i >= 2 && b[i-1] == ' ' && (b[i-2] == '.' || b[i-2] == '!' || b[i-2] == '?'))
		if start && b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// romanSpellings lists the variant spellings Roman Urdu writers use for the
// same word (hai/he/hy, kiya/kia, ke/k ...). Each word is swapped with
// probability 1/3 per occurrence, so every spelling appears in every class.
var romanSpellings = map[string][]string{
	"hai":    {"he", "hy", "h"},
	"hain":   {"hen", "hn", "hein"},
	"kiya":   {"kia", "kya"},
	"kya":    {"kia", "kiya"},
	"ke":     {"k", "kay", "ky"},
	"ki":     {"ky", "ke"},
	"nahi":   {"nahin", "nai", "nhi"},
	"mein":   {"me", "main", "mai"},
	"aur":    {"or", "ore"},
	"bhi":    {"b", "bhe"},
	"yeh":    {"ye", "yh"},
	"woh":    {"wo", "vo"},
	"kar":    {"kr"},
	"raha":   {"rha"},
	"rahe":   {"rhe"},
	"tha":    {"thaa"},
	"gaye":   {"gae", "gaey"},
	"liye":   {"liay", "lye", "liyay"},
	"sath":   {"saath", "sat"},
	"karo":   {"kro"},
	"karein": {"karen", "kren"},
	"allah":  {"Allah", "ALLAH", "Allaah"},
}

func romanVariants(rng *rand.Rand, s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		core := strings.ToLower(strings.TrimRight(w, ".,!?:"))
		vs, ok := romanSpellings[core]
		if !ok || rng.IntN(3) != 0 {
			continue
		}
		v := vs[rng.IntN(len(vs))]
		if w != "" && w[0] >= 'A' && w[0] <= 'Z' {
			v = strings.ToUpper(v[:1]) + v[1:]
		}
		words[i] = v + w[len(strings.TrimRight(w, ".,!?:")):]
	}
	return strings.Join(words, " ")
}

// Families reports the number of template families per language and label,
// keyed "lang/label"; useful for documentation and for checking coverage.
func Families() map[string]int {
	fams, err := loadFamilies()
	if err != nil {
		panic("traindata: embedded templates: " + err.Error())
	}
	out := map[string]int{}
	for _, f := range fams {
		out[f.lang+"/"+f.label]++
	}
	return out
}
