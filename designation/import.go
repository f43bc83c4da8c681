package designation

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// ListImport is one reading of one official list: the entities it names,
// each carrying the designations that list makes, with the aliases it gives.
// Entity ids are provisional slugs under the list's prefix ("un/...",
// "pk_nacta/..."); Overlay maps them onto registry entities. An entity's
// Group is its own id: lists do not say which organisation a person belongs
// to, and nothing here guesses.
type ListImport struct {
	// List is the import format's list code: un, ofac, fto, tel, uk,
	// uk-sanctions, eu, nacta or csv.
	List string `json:"list"`
	// Source names what was read (file names, or the list's own title).
	Source string `json:"source"`
	// Published is when the list says it was generated; zero when it does
	// not say (the OFAC legacy CSV and the CSVs of facts).
	Published time.Time        `json:"published,omitzero"`
	Entities  []rampart.Entity `json:"entities"`
	// Notes keeps the list's own comment per entity id (UN COMMENTS1, OFAC
	// remarks): reviewers read it, the matcher does not.
	Notes map[string]string `json:"notes,omitempty"`
	// SHA256 is the hex digest of the bytes read, so an unchanged file is
	// recognised and a version names exactly what it came from.
	SHA256 string `json:"sha256,omitempty"`
	// Version is the store's id for this import (0 before it is stored) and
	// Imported when it was stored; Overlay names registry versions by it and
	// dates delistings by Published, or Imported when Published is zero.
	Version  int64     `json:"version,omitempty"`
	Imported time.Time `json:"imported,omitzero"`
}

// importList describes one import list code: the designation lists it
// produces and the slug prefix of entities it creates.
type importList struct {
	prefix string
	lists  []string // designation list codes it may produce
	title  string
}

// importLists maps the list codes accepted by `rampart designations import`
// to what they produce. The slug prefixes follow the seed's ids
// (pk_nacta/..., un_..., ofac_..., uk_...).
var importLists = map[string]importList{
	"un":           {"un", []string{"un"}, "UN Security Council Consolidated List"},
	"ofac":         {"ofac", []string{"sdgt", "fto"}, "OFAC Specially Designated Nationals list"},
	"fto":          {"us_fto", []string{"fto"}, "US State Department Foreign Terrorist Organizations"},
	"tel":          {"us_tel", []string{"tel"}, "US State Department Terrorist Exclusion List"},
	"uk":           {"uk", []string{"uk"}, "UK Home Office proscribed organisations"},
	"uk-sanctions": {"uk_sanctions", []string{"uk-sanctions"}, "UK Sanctions List (FCDO)"},
	"eu":           {"eu", []string{"eu"}, "EU consolidated financial sanctions list"},
	"nacta":        {"pk_nacta", []string{"nacta"}, "Pakistan NACTA First Schedule, Anti-Terrorism Act 1997"},
	"csv":          {"csv", nil, "CSV list"},
}

// extraLists are designation list codes produced by importers beyond the
// seed's (jurisdiction.go): the TEL and the UK Sanctions List.
var extraLists = map[string]string{"tel": "US", "uk-sanctions": "GB"}

// ImportListCodes returns the list codes Import accepts, sorted.
func ImportListCodes() []string {
	out := make([]string, 0, len(importLists))
	for c := range importLists {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// authorityOf returns the authority of a designation list code, including
// the importers' extra lists.
func authorityOf(list string) (string, bool) {
	if a, ok := ListAuthority(list); ok {
		return a, true
	}
	a, ok := extraLists[list]
	return a, ok
}

// designationLists returns every designation list code known, sorted.
func designationLists() []string {
	out := ListCodes()
	for c := range extraLists {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// Validate checks what Overlay and the store rely on: a known list, unique
// non-empty ids, a name, at least one alias and one designation per entity,
// and valid UTF-8 everywhere. Importers call it before returning, so a list
// that fails here is never half imported.
func (li ListImport) Validate() error {
	if _, ok := importLists[li.List]; !ok {
		return fmt.Errorf("list %q: want one of %s", li.List, strings.Join(ImportListCodes(), ", "))
	}
	if len(li.Entities) == 0 {
		return fmt.Errorf("%s: no entities; is this the right file and --list?", li.Source)
	}
	seen := make(map[string]bool, len(li.Entities))
	for i, e := range li.Entities {
		where := fmt.Sprintf("entity %d (%q)", i+1, e.Name)
		switch {
		case e.ID == "":
			return fmt.Errorf("%s: no id", where)
		case seen[e.ID]:
			return fmt.Errorf("%s: duplicate id %q", where, e.ID)
		case strings.TrimSpace(e.Name) == "":
			return fmt.Errorf("entity %d (%s): no name", i+1, e.ID)
		case len(e.Aliases) == 0:
			return fmt.Errorf("%s: no aliases", where)
		case len(e.Designations) == 0:
			return fmt.Errorf("%s: no designations", where)
		case !knownKind(e.Kind):
			return fmt.Errorf("%s: kind %q", where, e.Kind)
		}
		seen[e.ID] = true
		for _, a := range e.Aliases {
			if strings.TrimSpace(a.Text) == "" || !utf8.ValidString(a.Text) {
				return fmt.Errorf("%s: alias %q is empty or not valid UTF-8", where, a.Text)
			}
		}
		for _, d := range e.Designations {
			if _, ok := authorityOf(d.List); !ok {
				return fmt.Errorf("%s: designation list %q; want one of %s", where, d.List, strings.Join(designationLists(), ", "))
			}
			if !d.DelistedOn.IsZero() && !d.ListedOn.IsZero() && d.DelistedOn.Before(d.ListedOn) {
				return fmt.Errorf("%s: delisted %s before listed %s", where, d.DelistedOn.Format(time.DateOnly), d.ListedOn.Format(time.DateOnly))
			}
		}
	}
	return nil
}

// entityBuilder collects the entities of one import in order, giving each a
// stable slug id under the list's prefix.
type entityBuilder struct {
	list   string
	prefix string
	ents   []rampart.Entity
	notes  map[string]string
	used   map[string]bool
}

func newEntityBuilder(list string) *entityBuilder {
	return &entityBuilder{list: list, prefix: importLists[list].prefix, notes: map[string]string{}, used: map[string]bool{}}
}

// add appends an entity named name (kind organisation or person) with the
// given designations and returns a pointer to it for aliases. The id is the
// slugged name; a second entity with the same slug gets its reference (or a
// counter) appended, so ids stay stable as long as the list's names do.
func (b *entityBuilder) add(name, kind string, ds ...rampart.Designation) *rampart.Entity {
	base := b.prefix + "/" + slug(name)
	id := base
	if b.used[id] {
		ref := ""
		if len(ds) > 0 {
			ref = slug(ds[0].Reference)
		}
		if ref != "" {
			id = base + "_" + ref
		}
		for n := 2; b.used[id]; n++ {
			id = fmt.Sprintf("%s_%d", base, n)
		}
	}
	b.used[id] = true
	b.ents = append(b.ents, rampart.Entity{
		ID: id, Name: name, Kind: kind, Group: id, Category: rampart.CategoryArmedGroup,
		Aliases: []rampart.Alias{}, Designations: ds,
	})
	return &b.ents[len(b.ents)-1]
}

// last returns the entity added last; the pointer add returned may be stale
// after a later add grows the slice.
func (b *entityBuilder) last() *rampart.Entity { return &b.ents[len(b.ents)-1] }

func (b *entityBuilder) note(id, text string) {
	if t := collapseSpace(text); t != "" {
		b.notes[id] = t
	}
}

// alias adds an alias of text to e unless e already has one with the same
// text; the script is read from the runes. Person names must match as whole
// tokens: a name like "Ali Khan" inside a longer name is someone else.
func addAlias(e *rampart.Entity, text, typ, source, ref string, weak bool) {
	text = collapseSpace(text)
	if text == "" {
		return
	}
	for _, a := range e.Aliases {
		if a.Text == text {
			return
		}
	}
	// A person's one-word alias ("Hassan", "Hocine", "Abu Bakr" written as
	// one token) is a common given name or kunya shared by millions: alone
	// it identifies no one, so it is weak (never matches on its own).
	if e.Kind == rampart.EntityPerson && len(strings.Fields(text)) == 1 {
		weak = true
	}
	e.Aliases = append(e.Aliases, rampart.Alias{
		Text: text, Script: DetectScript(text), Lang: "und", Type: typ, Weak: weak,
		WholeToken: e.Kind == rampart.EntityPerson, Source: source, SourceRef: ref,
	})
}

// addNameAliases adds a published name and, for names that end in a
// parenthesised acronym such as "TEHRIK-E TALIBAN PAKISTAN (TTP)", the name
// without it and the acronym itself. An acronym matches only as written
// and as a whole token: "TTP" inside a word or in lower case is not a name.
func addNameAliases(e *rampart.Entity, name, typ, source, ref string, weak bool) {
	addAlias(e, name, typ, source, ref, weak)
	open := strings.LastIndexByte(name, '(')
	if open <= 0 || !strings.HasSuffix(strings.TrimSpace(name), ")") {
		return
	}
	inner := strings.TrimSuffix(strings.TrimSpace(name[open+1:]), ")")
	bare := strings.TrimSpace(name[:open])
	if bare == "" || !isAcronym(inner) {
		return
	}
	addAlias(e, bare, typ, source, ref, weak)
	before := len(e.Aliases)
	addAlias(e, inner, rampart.AliasAcronym, source, ref, weak)
	if len(e.Aliases) > before {
		a := &e.Aliases[len(e.Aliases)-1]
		a.CaseSensitive, a.WholeToken = true, true
	}
}

func isAcronym(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 8 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '-' {
			return false
		}
	}
	return true
}

// slug turns a name into the seed's id style: lower case ASCII letters and
// digits joined by single underscores ("Lashkar-e-Jhangvi (LeJ)" becomes
// "lashkar_e_jhangvi_lej"). Letters of other scripts are kept as they are
// so that a name in Arabic script still yields a distinct id.
func slug(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			under = false
		default:
			if !under && b.Len() > 0 {
				b.WriteByte('_')
				under = true
			}
		}
	}
	out := strings.TrimSuffix(b.String(), "_")
	if out == "" {
		return "unnamed"
	}
	return out
}

// collapseSpace trims s and folds runs of white space (the UN list wraps
// its comments over lines) into one space.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// scripts lists the ISO 15924 scripts DetectScript tells apart, in the
// order ties are broken.
var scripts = []struct {
	code  string
	table *unicode.RangeTable
}{
	{"Latn", unicode.Latin}, {"Arab", unicode.Arabic}, {"Cyrl", unicode.Cyrillic},
	{"Hani", unicode.Han}, {"Deva", unicode.Devanagari}, {"Beng", unicode.Bengali},
	{"Guru", unicode.Gurmukhi}, {"Grek", unicode.Greek}, {"Hebr", unicode.Hebrew},
	{"Hang", unicode.Hangul}, {"Hira", unicode.Hiragana}, {"Kana", unicode.Katakana},
	{"Thai", unicode.Thai}, {"Ethi", unicode.Ethiopic}, {"Geor", unicode.Georgian},
	{"Armn", unicode.Armenian}, {"Taml", unicode.Tamil}, {"Syrc", unicode.Syriac},
	{"Thaa", unicode.Thaana}, {"Khmr", unicode.Khmer}, {"Mymr", unicode.Myanmar},
}

// DetectScript returns the ISO 15924 code of the script most letters of s
// are written in ("Latn", "Arab", "Cyrl", ...), or "Zyyy" (common) when s
// has no letters of a known script.
func DetectScript(s string) string {
	counts := make([]int, len(scripts))
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for i, sc := range scripts {
			if unicode.Is(sc.table, r) {
				counts[i]++
				break
			}
		}
	}
	best := -1
	for i, n := range counts {
		if n > 0 && (best < 0 || n > counts[best]) {
			best = i
		}
	}
	if best < 0 {
		return "Zyyy"
	}
	return scripts[best].code
}

// designationFor builds a designation on a list code with its authority and
// jurisdiction filled in.
func designationFor(list, ref string, listed time.Time, source string) rampart.Designation {
	auth, _ := authorityOf(list)
	return rampart.Designation{Authority: auth, List: list, Reference: ref, ListedOn: listed, Source: source, Jurisdiction: auth}
}

// errLimit is returned when an input exceeds maxListBytes.
var errLimit = errors.New("list file is larger than 512 MiB; split it or check it is the right file")

// maxListBytes bounds one list file: the largest real list (OFAC's SDN XML)
// is about 100 MB.
const maxListBytes = 512 << 20
