package sim

import (
	"math/rand/v2"
	"strconv"

	"github.com/rampart-tt/rampart"
)

// draft is a post before it gets its id at emission.
type draft struct {
	at       int64 // unix ms
	order    uint64
	author   int32
	text     string
	chat     string
	urls     []string
	tags     []string
	mentions []string
	replyTo  string
	repostOf string
	media    []rampart.Media
	label    label
	group    group
	lang     lang
	tmpl     string
}

func (d *draft) reset() {
	*d = draft{urls: d.urls[:0], tags: d.tags[:0], mentions: d.mentions[:0], media: d.media[:0]}
}

// recent remembers the last posts on a platform, for replies.
type recent struct {
	ids, handles [256]string
	n            int
}

func (r *recent) add(id, handle string) {
	r.ids[r.n%len(r.ids)], r.handles[r.n%len(r.handles)] = id, handle
	r.n++
}

func (r *recent) pick(rng *rand.Rand) (id, handle string, ok bool) {
	if r.n == 0 {
		return "", "", false
	}
	i := rng.IntN(min(r.n, len(r.ids)))
	return r.ids[i], r.handles[i], true
}

// postLang chooses the language of one post: mostly the author's own.
func postLang(rng *rand.Rand, a *acct, w [numLangs]float64) lang {
	if rng.IntN(5) > 0 {
		return a.lang
	}
	return pickLang(rng, w)
}

// text renders a template into the draft, extracting hashtags and mentions.
func (g *gen) text(d *draft, t *tmpl, c *slotCtx, suffix string) {
	c.lang = t.lang
	g.buf = render(g.buf[:0], g.rng, t, c)
	g.buf = append(g.buf, suffix...)
	d.text = string(g.buf)
	d.tmpl, d.label, d.lang = t.id, t.label, t.lang
	d.tags = appendTokens(d.tags, d.text, '#')
	d.mentions = appendTokens(d.mentions, d.text, '@')
}

// lawfulGroup picks the group a lawful template names.
func (g *gen) lawfulGroup(t *tmpl) group {
	if !t.named {
		return groupNone
	}
	if t.groups != nil {
		return t.groups[g.rng.IntN(len(t.groups))]
	}
	return group(weighted(g.rng, groupWeights[:]))
}

func (g *gen) addTag(list []string, p float64) string {
	if g.rng.Float64() >= p || len(list) == 0 {
		return ""
	}
	return " " + list[g.rng.IntN(len(list))]
}

func (g *gen) randomPhoto(d *draft) {
	d.media = append(d.media, rampart.Media{Type: "photo", SHA256: randHash(g.rng).hex(), PDQ: randHash(g.rng).hex()})
}

// posterCopy attaches a copy of a known poster: as is (same SHA-256 and
// PDQ), or re-encoded or screenshotted (new SHA-256, PDQ flips bits apart).
func (g *gen) posterCopy(d *draft, pi int32, flips int) {
	p := &g.pop.posters[pi]
	m := rampart.Media{Type: "photo", SHA256: p.shaS, PDQ: p.pdqS}
	if flips > 0 {
		m.SHA256 = randHash(g.rng).hex()
		m.PDQ = p.pdq.flip(g.rng, flips).hex()
	}
	d.media = append(d.media, m)
}

// organic fills an everyday post by account ai.
func (g *gen) organic(d *draft, ai int32) {
	a := &g.pop.accts[ai]
	d.author = ai
	l := postLang(g.rng, a, roleLangs[roleOrganic])
	p := poolOrganic
	if a.role == roleOrganic && g.rng.IntN(1000) < 15 {
		p = poolOrganicHate
	}
	t := templates.pick(g.rng, p, l, groupNone)
	c := slotCtx{group: g.lawfulGroup(t)}
	d.group = c.group
	suffix := g.addTag(organicTags[t.lang], 0.15)
	if g.rng.IntN(20) == 0 {
		link := "https://youtu.be/" + code(g.rng, 11)
		suffix += " " + link
		d.urls = append(d.urls, link)
	}
	g.text(d, t, &c, suffix)
	if id, h, ok := g.recent[a.plat].pick(g.rng); ok && g.rng.IntN(8) == 0 {
		// A reply opens with the handle it answers.
		d.replyTo = id
		d.text = "@" + h + " " + d.text
		d.mentions = append(d.mentions, "")
		copy(d.mentions[1:], d.mentions)
		d.mentions[0] = h
	}
	if g.rng.IntN(100) < 15 {
		g.randomPhoto(d)
	}
	if g.cfg.Platforms[a.plat] == rampart.PlatformTelegram {
		d.chat = telegramGroups[int(ai)%len(telegramGroups)]
	}
}

// lawful fills a post by a news outlet, researcher, counter-speaker or
// activist.
func (g *gen) lawful(d *draft, ai int32) {
	a := &g.pop.accts[ai]
	d.author = ai
	var p pool
	switch a.role {
	case roleNews:
		p = poolNews
	case roleResearcher:
		p = poolResearch
	case roleCounter:
		p = poolCounter
		if g.rng.IntN(10) == 0 {
			g.organic(d, ai)
			return
		}
	case roleActivist:
		p = poolActivism
		if g.rng.IntN(100) < 15 {
			g.organic(d, ai)
			return
		}
	}
	l := postLang(g.rng, a, roleLangs[a.role])
	t := templates.pick(g.rng, p, l, groupNone)
	c := slotCtx{group: g.lawfulGroup(t)}
	suffix := g.addTag(lawfulTags[t.lang], 0.35)
	switch a.role {
	case roleNews:
		link := "https://" + a.site + "/" + strconv.Itoa(g.now.Year()) + "/" + code(g.rng, 6)
		suffix += " " + link
		d.urls = append(d.urls, link)
	case roleResearcher:
		if g.rng.IntN(2) == 0 {
			link := "https://doi.org/10.5555/rmp." + strconv.Itoa(1000+g.rng.IntN(9000))
			if g.rng.IntN(2) == 0 {
				link = "https://" + a.site + "/p/" + code(g.rng, 8)
			}
			suffix += " " + link
			d.urls = append(d.urls, link)
		}
	case roleCounter:
		if id, _, ok := g.recentProp[a.plat].pick(g.rng); ok && g.rng.IntN(10) < 3 {
			d.replyTo = id
		}
	}
	g.text(d, t, &c, suffix)
	d.group = c.group
	switch {
	case a.role == roleNews && g.rng.IntN(100) < 30:
		if c.group < numGroups && g.rng.IntN(6) == 0 {
			// A still from the group's poster, as news sites show them.
			g.posterCopy(d, int32(int(c.group)*postersPerGroup+g.rng.IntN(postersPerGroup)), 12+g.rng.IntN(18))
		} else {
			g.randomPhoto(d)
		}
	case a.role == roleResearcher && c.group < numGroups && g.rng.IntN(5) == 0:
		// An annotated screenshot of a poster.
		g.posterCopy(d, int32(int(c.group)*postersPerGroup+g.rng.IntN(postersPerGroup)), 8+g.rng.IntN(16))
	case g.rng.IntN(10) == 0:
		g.randomPhoto(d)
	}
	if g.cfg.Platforms[a.plat] == rampart.PlatformTelegram {
		d.chat = a.handle
	}
}

// harmful fills a post by a propaganda persona's account ai: propaganda,
// recruitment, hate, or (unless amplify, for a post bots will push) an
// innocuous post now and then.
func (g *gen) harmful(d *draft, per *persona, ai int32, amplify bool) {
	a := &g.pop.accts[ai]
	d.author = ai
	l := postLang(g.rng, a, groupLangs[per.group])
	var p pool
	u := g.rng.IntN(100)
	switch {
	case u < 12 && !amplify:
		g.organic(d, ai)
		if g.cfg.Platforms[a.plat] == rampart.PlatformTelegram {
			d.chat = a.handle
		}
		return
	case per.group == groupLeJ && u < 45:
		p = poolHate
	case u < 30:
		p = poolRecruit
	default:
		p = poolPropaganda
	}
	t := templates.pick(g.rng, p, l, per.group)
	c := slotCtx{group: per.group, tag: per.tag, contact: per.contact}
	suffix := ""
	if g.rng.IntN(10) < 6 {
		link := per.links[g.rng.IntN(len(per.links))]
		suffix = " " + link
		d.urls = append(d.urls, link)
	}
	g.text(d, t, &c, suffix)
	d.group = per.group
	if g.rng.IntN(100) < 45 {
		pi := per.posters[g.rng.IntN(len(per.posters))]
		if g.rng.IntN(10) < 3 {
			pi = int32(int(per.group)*postersPerGroup + g.rng.IntN(postersPerGroup))
		}
		flips := 0
		if g.rng.IntN(2) == 0 {
			flips = 1 + g.rng.IntN(10)
		}
		g.posterCopy(d, pi, flips)
	}
	if g.cfg.Platforms[a.plat] == rampart.PlatformTelegram {
		d.chat = a.handle
	}
}
