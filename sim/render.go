package sim

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pool is a set of templates one kind of author draws from.
type pool uint8

const (
	poolOrganic pool = iota
	poolOrganicHate
	poolNews
	poolResearch
	poolCounter
	poolActivism
	poolPropaganda
	poolRecruit
	poolHate
	numPools
)

var poolPrefix = [numPools]string{"org", "orghate", "news", "research", "counter", "activism", "prop", "recruit", "hate"}

// tmplSrc is one template as written: an id unique within its set and a
// text with {slot} placeholders.
type tmplSrc struct{ id, text string }

// tmplSet is a list of templates sharing a pool, label and language.
// groups, when set, limits which groups the {group}/{self}/{wing} slots may
// name; nil allows every group.
type tmplSet struct {
	pool   pool
	label  label
	lang   lang
	groups []group
	items  []tmplSrc
}

type slot uint8

const (
	slotLit slot = iota
	slotCity
	slotName
	slotTeam
	slotTeam2
	slotFood
	slotItem
	slotDay
	slotRoad
	slotTitle
	slotGroup
	slotSelf
	slotWing
	slotTag
	slotContact
	slotN
	slotN2
	slotN3
	slotTemp
	slotPrice
	slotPct
)

var slotByName = map[string]slot{
	"city": slotCity, "name": slotName, "team": slotTeam, "team2": slotTeam2, "food": slotFood,
	"item": slotItem, "day": slotDay, "road": slotRoad, "title": slotTitle, "group": slotGroup,
	"self": slotSelf, "wing": slotWing, "tag": slotTag, "contact": slotContact, "n": slotN,
	"n2": slotN2, "n3": slotN3, "temp": slotTemp, "price": slotPrice, "pct": slotPct,
}

type seg struct {
	lit  string
	slot slot
}

// tmpl is a compiled template.
type tmpl struct {
	id     string // pool.lang.item, written to the labels file
	pool   pool
	label  label
	lang   lang
	groups []group
	segs   []seg
	named  bool // names a group
}

// catalog is every template, indexed for drawing.
type catalog struct {
	all []tmpl
	// byGroup[pool][lang][group] lists templates usable for that group; the
	// extra last group index holds templates that name no group or any.
	byGroup [numPools][numLangs][numGroups + 1][]int32
	byLang  [numPools][numLangs][]int32
}

var templates = mustCatalog(organicTemplates, lawfulTemplates, activismTemplates, harmfulTemplates)

func mustCatalog(sets ...[]tmplSet) *catalog {
	c, err := buildCatalog(sets...)
	if err != nil {
		panic(err) // static tables: a test covers this
	}
	return c
}

func buildCatalog(sets ...[]tmplSet) (*catalog, error) {
	c := &catalog{}
	seen := map[string]bool{}
	for _, list := range sets {
		for _, s := range list {
			for _, src := range s.items {
				t := tmpl{id: poolPrefix[s.pool] + "." + langCodes[s.lang] + "." + src.id,
					pool: s.pool, label: s.label, lang: s.lang, groups: s.groups}
				if seen[t.id] {
					return nil, fmt.Errorf("template %s: duplicate id", t.id)
				}
				seen[t.id] = true
				segs, err := parseTemplate(src.text)
				if err != nil {
					return nil, fmt.Errorf("template %s: %w", t.id, err)
				}
				t.segs = segs
				for _, sg := range segs {
					if sg.slot == slotGroup || sg.slot == slotSelf || sg.slot == slotWing {
						t.named = true
					}
				}
				i := int32(len(c.all))
				c.all = append(c.all, t)
				c.byLang[t.pool][t.lang] = append(c.byLang[t.pool][t.lang], i)
				for g := range numGroups {
					if t.groups == nil || containsGroup(t.groups, g) {
						c.byGroup[t.pool][t.lang][g] = append(c.byGroup[t.pool][t.lang][g], i)
					}
				}
			}
		}
	}
	return c, nil
}

func containsGroup(gs []group, g group) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}

// parseTemplate splits "a {city} b" into literal and slot segments.
func parseTemplate(text string) ([]seg, error) {
	var segs []seg
	for text != "" {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			segs = append(segs, seg{lit: text})
			break
		}
		if i > 0 {
			segs = append(segs, seg{lit: text[:i]})
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			return nil, fmt.Errorf("unclosed { at byte %d", i)
		}
		name := text[i+1 : i+j]
		s, ok := slotByName[name]
		if !ok {
			return nil, fmt.Errorf("unknown slot {%s}", name)
		}
		segs = append(segs, seg{slot: s})
		text = text[i+j+1:]
	}
	return segs, nil
}

// pick draws a template of a pool in a language (English when the pool has
// none in that language), optionally limited to one group.
func (c *catalog) pick(rng *rand.Rand, p pool, l lang, g group) *tmpl {
	gi := g
	if g == groupNone {
		gi = numGroups
	}
	list := c.byLang[p][l]
	if gi < numGroups {
		list = c.byGroup[p][l][gi]
	}
	if len(list) == 0 {
		if gi < numGroups {
			list = c.byGroup[p][langEN][gi]
		} else {
			list = c.byLang[p][langEN]
		}
	}
	if len(list) == 0 {
		return nil
	}
	return &c.all[list[rng.IntN(len(list))]]
}

// slotCtx is what a rendering knows besides the template.
type slotCtx struct {
	lang    lang
	group   group
	tag     string // persona hashtag, with '#'
	contact string // persona contact, with '@'
	team    int
}

// render appends the template's text to dst.
func render(dst []byte, rng *rand.Rand, t *tmpl, c *slotCtx) []byte {
	l := t.lang
	for _, s := range t.segs {
		switch s.slot {
		case slotLit:
			dst = append(dst, s.lit...)
		case slotCity:
			dst = append(dst, pickWord(rng, cities[l])...)
		case slotName:
			dst = append(dst, pickWord(rng, personNames[l])...)
		case slotTeam:
			c.team = rng.IntN(len(teams[l]))
			dst = append(dst, teams[l][c.team]...)
		case slotTeam2:
			n := len(teams[l])
			dst = append(dst, teams[l][(c.team+1+rng.IntN(n-1))%n]...)
		case slotFood:
			dst = append(dst, pickWord(rng, foods[l])...)
		case slotItem:
			dst = append(dst, pickWord(rng, groceries[l])...)
		case slotDay:
			dst = append(dst, pickWord(rng, weekdays[l])...)
		case slotRoad:
			dst = append(dst, pickWord(rng, roads[l])...)
		case slotTitle:
			dst = append(dst, pickWord(rng, releaseTitles[l])...)
		case slotGroup:
			dst = append(dst, groupWord(rng, c.group, l, 0)...)
		case slotSelf:
			dst = append(dst, groupWord(rng, c.group, l, 1)...)
		case slotWing:
			dst = append(dst, groupWord(rng, c.group, l, 2)...)
		case slotTag:
			dst = append(dst, c.tag...)
		case slotContact:
			dst = append(dst, c.contact...)
		case slotN:
			dst = strconv.AppendInt(dst, int64(2+rng.IntN(14)), 10)
		case slotN2:
			dst = strconv.AppendInt(dst, int64(20+rng.IntN(281)), 10)
		case slotN3:
			dst = strconv.AppendInt(dst, int64(1+rng.IntN(20)), 10)
		case slotTemp:
			dst = strconv.AppendInt(dst, int64(38+rng.IntN(12)), 10)
		case slotPrice:
			dst = strconv.AppendInt(dst, int64(120+10*rng.IntN(169)), 10)
		case slotPct:
			dst = strconv.AppendInt(dst, int64(10+rng.IntN(51)), 10)
		}
	}
	// A template ending in an empty slot leaves a trailing space.
	for len(dst) > 0 && dst[len(dst)-1] == ' ' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

func pickWord(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }

// groupWord names a group: kind 0 as outsiders do, 1 as it names itself, 2
// by its media wing (by its plainest outside name where it has none, which
// reads right in both propaganda and reporting).
func groupWord(rng *rand.Rand, g group, l lang, kind int) string {
	if g >= numGroups {
		return "them"
	}
	gi := &groupInfos[g]
	switch kind {
	case 1:
		return pickWord(rng, gi.self[l])
	case 2:
		if len(gi.wing[l]) > 0 {
			return pickWord(rng, gi.wing[l])
		}
		return gi.names[l][0]
	}
	return pickWord(rng, gi.names[l])
}

// appendTokens appends the hashtags (sigil '#') or mentions ('@') found in
// text, without the sigil, as platforms report them.
func appendTokens(dst []string, text string, sigil byte) []string {
	for i := 0; i < len(text); i++ {
		if text[i] != sigil || (i > 0 && !isBoundary(text[i-1])) {
			continue
		}
		j := i + 1
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
				break
			}
			j += n
		}
		if j > i+1 {
			dst = append(dst, text[i+1:j])
		}
		i = j - 1
	}
	return dst
}

func isBoundary(b byte) bool { return b == ' ' || b == '\n' || b == '(' || b == '"' }
