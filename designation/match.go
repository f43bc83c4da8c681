package designation

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/textnorm"
)

// Fields a matcher knows. Handles, names and hashtags are short and often
// written without spaces, so they also get substring, phonetic and fuzzy
// matching; running text and bios get exact matching only.
const (
	FieldText    = "text"
	FieldHandle  = "handle"
	FieldName    = "name"
	FieldBio     = "bio"
	FieldHashtag = "hashtag"
)

// Scores by method. Every fuzzy or phonetic match scores below every exact
// one, so a reviewer and a policy can tell them apart by score alone.
const (
	scoreExact     = 1.0
	scoreFolded    = 0.95
	scoreSkeleton  = 0.9
	scorePhonetic  = 0.85
	scoreReordered = 0.8
	scoreFuzzyMax  = 0.85 // times the similarity, which is below 1
	// factorCaseOnly scales an ambiguous acronym accepted because it is
	// written in its own capitals, with no context word near.
	factorCaseOnly = 0.85
	// factorSubstring scales a long alias found inside a longer handle or
	// hashtag word ("umarmediaofficial").
	factorSubstring = 0.9
)

// MatcherOptions tunes a Matcher. The zero value is usable.
type MatcherOptions struct {
	// ContextWindow is how far, in letters and digits, a context word may
	// be from an ambiguous alias. Zero means 200 (about a tweet).
	ContextWindow int
	// MinSimilarity is the least similarity (1 - distance/length over
	// phonetic keys) of a fuzzy match. Zero means 0.85.
	MinSimilarity float64
	// ContextWords adds context words per group id to the built-in lists.
	ContextWords map[string][]string
	// NoFuzzy turns off phonetic, transliteration and fuzzy matching.
	NoFuzzy bool
}

// Matcher finds aliases of designated entities in text. It is immutable
// after NewMatcher and safe for concurrent use.
type Matcher struct {
	opt      MatcherOptions
	entities []entityRef
	aliases  []aliasInfo
	pats     [][]payload // per automaton pattern
	ac       *automaton
	maxTok   int // most tokens in an alias, for fuzzy windows

	phon     map[string][]int32 // phonetic key → aliases
	sorted   map[string][]int32 // order-insensitive phonetic key → aliases
	translit map[string][]int32 // consonant skeleton → aliases
	fuzzy    map[byte][]int32   // first letter of phonetic key → aliases eligible for fuzzy

	pool sync.Pool
}

type entityRef struct {
	id, group string
	groupIdx  int32
}

// payload is what one automaton pattern stands for: an alias, a context
// word of a group (group -1: every group) or a negative word of an
// ambiguity class.
type payload struct {
	kind uint8
	ref  int32
}

const (
	payAlias = iota
	payContext
	payNegative
)

// NewMatcher compiles the aliases of entities. Weak aliases are kept only as
// context words of their group. It fails when an entity has no id or an
// alias normalises to nothing.
func NewMatcher(entities []rampart.Entity, opt MatcherOptions) (*Matcher, error) {
	if opt.ContextWindow <= 0 {
		opt.ContextWindow = 200
	}
	if opt.MinSimilarity <= 0 {
		opt.MinSimilarity = 0.85
	}
	m := &Matcher{
		opt:      opt,
		phon:     map[string][]int32{},
		sorted:   map[string][]int32{},
		translit: map[string][]int32{},
		fuzzy:    map[byte][]int32{},
	}
	b := newBuilder()
	groups := map[string]int32{}
	groupOf := func(g string) int32 {
		i, ok := groups[g]
		if !ok {
			i = int32(len(groups))
			groups[g] = i
		}
		return i
	}
	for ei, e := range entities {
		if e.ID == "" {
			return nil, fmt.Errorf("matcher: entity %d (%q) has no id", ei, e.Name)
		}
		g := e.Group
		if g == "" {
			g = e.ID
		}
		gi := groupOf(g)
		m.entities = append(m.entities, entityRef{id: e.ID, group: g, groupIdx: gi})
		for ai, a := range withNameAcronyms(e) {
			t := textnorm.Normalize(a.Text)
			if t.Len() == 0 {
				return nil, fmt.Errorf("matcher: entity %q alias %d %q has no letters or digits", e.ID, ai, a.Text)
			}
			if a.Weak {
				b.add(t.Fold, payload{kind: payContext, ref: gi})
				continue
			}
			info := compileAlias(int32(ei), gi, a, t)
			idx := int32(len(m.aliases))
			m.aliases = append(m.aliases, info)
			b.add(t.Fold, payload{kind: payAlias, ref: idx})
			m.indexFuzzy(idx, &m.aliases[idx], t)
			m.maxTok = max(m.maxTok, info.tokens)
		}
		for _, w := range nameWords(e) {
			b.addWord(w, payload{kind: payContext, ref: gi})
		}
	}
	for _, w := range genericContext {
		b.addWord(w, payload{kind: payContext, ref: -1})
	}
	addGroupWords := func(lists map[string][]string) {
		for g, words := range lists {
			gi, ok := groups[g]
			if !ok {
				continue
			}
			for _, w := range words {
				b.addWord(w, payload{kind: payContext, ref: gi})
			}
		}
	}
	addGroupWords(groupContext)
	addGroupWords(opt.ContextWords)
	for key, words := range negativeContext {
		ci := b.negClass(key)
		for _, w := range words {
			b.addWord(w, payload{kind: payNegative, ref: ci})
		}
	}
	for i := range m.aliases {
		m.aliases[i].neg = b.negClassOf(string(m.aliases[i].fold))
	}
	m.pats = b.payloads
	if n := tableSize(b.keys); int64(n) >= maxTable {
		return nil, fmt.Errorf("compile matcher: %d aliases and context words need a table of %d entries, more than the %d supported: screen fewer entities", len(b.keys), n, int64(maxTable-1))
	}
	m.ac = newAutomaton(b.keys)
	m.pool.New = func() any { return &scratch{} }
	return m, nil
}

// patternBuilder deduplicates pattern keys and collects their payloads.
type patternBuilder struct {
	index    map[string]int32
	keys     [][]rune
	payloads [][]payload
	negs     map[string]int32
}

func newBuilder() *patternBuilder {
	return &patternBuilder{index: map[string]int32{}, negs: map[string]int32{}}
}

func (b *patternBuilder) add(key []rune, p payload) {
	k := string(key)
	i, ok := b.index[k]
	if !ok {
		i = int32(len(b.keys))
		b.index[k] = i
		b.keys = append(b.keys, []rune(k))
		b.payloads = append(b.payloads, nil)
	}
	for _, q := range b.payloads[i] {
		if q == p {
			return
		}
	}
	b.payloads[i] = append(b.payloads[i], p)
}

func (b *patternBuilder) addWord(w string, p payload) {
	if t := textnorm.Normalize(w); t.Len() > 0 {
		b.add(t.Fold, p)
	}
}

func (b *patternBuilder) negClass(key string) int32 {
	k := textnorm.Compact(key)
	i, ok := b.negs[k]
	if !ok {
		i = int32(len(b.negs))
		b.negs[k] = i
	}
	return i
}

func (b *patternBuilder) negClassOf(key string) int32 {
	if i, ok := b.negs[key]; ok {
		return i
	}
	return -1
}

// withNameAcronyms returns an entity's aliases plus the forms that a
// trailing acronym in parentheses stands for:
//
//   - the acronyms its name gives in parentheses ("Jaish-e-Mohammed (JeM)",
//     "Islamic State Khorasan Province (ISIS-K / ISKP)") when no alias
//     spells them exactly so. The spelling matters: an ambiguous acronym
//     matches on case alone only as an alias writes it.
//   - for an alias written "Name (ACR)" as lists print them ("Hizbul
//     Mujahideen (HM)", "EASTERN TURKISTAN ISLAMIC MOVEMENT (ETIM)"), the
//     name without the parenthesis, with the alias's flags, since a text
//     rarely repeats the list's parenthesis; and the acronym, as above.
//
// Only parentheses that hold acronyms are split: "Balawaristan National
// Front (Abdul Hameed Khan Group)" names a faction, and its first part alone
// would name another group.
func withNameAcronyms(e rampart.Entity) []rampart.Alias {
	out := e.Aliases
	has := func(text string) bool {
		return slices.ContainsFunc(out, func(a rampart.Alias) bool { return a.Text == text })
	}
	add := func(a rampart.Alias) {
		if has(a.Text) {
			return
		}
		if len(out) == len(e.Aliases) {
			out = slices.Clone(e.Aliases)
		}
		out = append(out, a)
	}
	for _, a := range e.Aliases {
		base, acrs, ok := splitAcronyms(a.Text)
		if !ok || a.Weak {
			continue
		}
		b := a
		b.Text = base
		add(b)
		for _, acr := range acrs {
			add(rampart.Alias{Text: acr, Type: rampart.AliasAcronym, Source: a.Source, SourceRef: a.SourceRef})
		}
	}
	if _, acrs, ok := splitAcronyms(e.Name); ok {
		for _, acr := range acrs {
			add(rampart.Alias{Text: acr, Type: rampart.AliasAcronym, Source: "name"})
		}
	}
	return out
}

// splitAcronyms splits "Name (A / B)" into the name and the acronyms in the
// parenthesis. It reports false unless the text ends with a parenthesis
// that holds only acronyms: at most ten characters each, no spaces, two
// capitals or more.
func splitAcronyms(s string) (base string, acrs []string, ok bool) {
	s = strings.TrimSpace(s)
	open := strings.LastIndexByte(s, '(')
	if open <= 0 || !strings.HasSuffix(s, ")") {
		return "", nil, false
	}
	for _, part := range strings.FieldsFunc(s[open+1:len(s)-1], func(r rune) bool { return r == '/' || r == ',' }) {
		part = strings.TrimSpace(part)
		caps := 0
		for _, r := range part {
			if unicode.IsUpper(r) {
				caps++
			}
		}
		if part == "" || len(part) > 10 || strings.ContainsRune(part, ' ') || caps < 2 {
			return "", nil, false
		}
		acrs = append(acrs, part)
	}
	base = strings.TrimSpace(s[:open])
	if len(acrs) == 0 || base == "" {
		return "", nil, false
	}
	return base, acrs, true
}
