package sim

import (
	"bufio"
	"container/heap"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/rampart-tt/rampart"
)

// Stats counts what Generate wrote: accounts by role and posts by label.
type Stats struct {
	Accounts int            `json:"accounts"`
	Posts    int            `json:"posts"`
	ByRole   map[string]int `json:"by_role"`
	ByLabel  map[string]int `json:"by_label"`
}

// maxBurst caps how many bots join one burst.
const maxBurst = 25

// gen is the state of one run.
type gen struct {
	ctx        context.Context
	cfg        Config
	rng        *rand.Rand
	pop        *population
	clock      *clock
	iw, lw     *bufio.Writer
	buf, line  []byte
	recent     []recent // per platform
	recentProp []recent // per platform: recent propaganda, for counter-speech replies
	tgSeq      map[string]int64
	pending    pending
	order      uint64
	emitted    int
	now        time.Time
	byLabel    [numLabels]int
	eventW     []float64
	xWorker    int64
	d          draft
	err        error
}

// Generate writes cfg.Accounts accounts and then cfg.Posts posts in time
// order to items, as native JSON Lines, and one label per account and post
// to labels, in the same order. The output is a function of cfg alone.
func Generate(ctx context.Context, cfg Config, items, labels io.Writer) (Stats, error) {
	if err := cfg.Validate(); err != nil {
		return Stats{}, &rampart.Error{Code: rampart.EINVALID, Message: "sim config", Err: err}
	}
	cfg = cfg.WithDefaults()
	g := &gen{ctx: ctx, cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, streamMain)),
		iw: bufio.NewWriterSize(items, 1<<20), lw: bufio.NewWriterSize(labels, 1<<20),
		recent: make([]recent, len(cfg.Platforms)), recentProp: make([]recent, len(cfg.Platforms)),
		tgSeq: map[string]int64{}}
	pop, err := buildPopulation(g.rng, cfg)
	if err != nil {
		return Stats{}, &rampart.Error{Code: rampart.EINVALID, Message: "sim population", Err: err}
	}
	g.pop = pop
	g.clock = newClock(cfg.Start.UnixMilli(), cfg.Days)
	g.xWorker = int64(g.rng.IntN(1024))
	g.eventWeights()

	st := Stats{ByRole: map[string]int{}, ByLabel: map[string]int{}}
	if err := g.writeAccounts(&st); err != nil {
		return Stats{}, err
	}
	if err := g.writePosts(); err != nil {
		return Stats{}, err
	}
	if err := g.iw.Flush(); err != nil {
		return Stats{}, fmt.Errorf("write items: %w", err)
	}
	if err := g.lw.Flush(); err != nil {
		return Stats{}, fmt.Errorf("write labels: %w", err)
	}
	st.Posts = g.emitted
	for l, n := range g.byLabel {
		if n > 0 {
			st.ByLabel[labelNames[l]] = n
		}
	}
	return st, nil
}

func (g *gen) writeLine(w *bufio.Writer, b []byte, what string) error {
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	return nil
}

// writeAccounts writes every account in a shuffled order (so that line
// order says nothing about role) and drops the public records.
func (g *gen) writeAccounts(st *Stats) error {
	order := g.rng.Perm(len(g.pop.accts))
	for n, i := range order {
		if n%4096 == 0 {
			if err := g.ctx.Err(); err != nil {
				return err
			}
		}
		a := &g.pop.accts[i]
		var err error
		if g.line, err = appendAccount(g.line[:0], a.pub); err != nil {
			return err
		}
		if err := g.writeLine(g.iw, g.line, "items"); err != nil {
			return err
		}
		l := Label{Kind: rampart.KindAccount, Platform: a.pub.Platform, ID: a.id, Role: roleNames[a.role], Group: a.group.id()}
		if a.network >= 0 {
			l.Network = g.pop.networks[a.network].id
		}
		if a.evades >= 0 {
			l.Evades = g.pop.accts[a.evades].id
		}
		if err := g.writeLine(g.lw, appendLabel(g.line[:0], &l), "labels"); err != nil {
			return err
		}
		a.pub = nil
		st.Accounts++
		st.ByRole[roleNames[a.role]]++
	}
	return nil
}

// eventWeights turns the post mix into weights of events: a bot event
// writes a burst of many posts, so it is drawn less often.
func (g *gen) eventWeights() {
	s := g.cfg.PostMix.shares()
	g.eventW = make([]float64, roleBot+1)
	for r := roleOrganic; r <= roleBot; r++ {
		has := len(g.pop.byRole[r]) > 0
		switch r {
		case rolePropaganda:
			has = len(g.pop.personas) > 0
		case roleBot:
			has = len(g.pop.networks) > 0
		}
		if has {
			g.eventW[r] = s[r]
		}
	}
	if len(g.pop.networks) > 0 {
		mean := 0.0
		for _, n := range g.pop.networks {
			mean += (5 + float64(min(len(n.bots), maxBurst))) / 2
		}
		mean /= float64(len(g.pop.networks))
		// 15% single filler posts; bursts add a seed post about half the time.
		g.eventW[roleBot] /= 0.15 + 0.85*(mean+0.5)
	}
	if len(g.pop.byRole[roleOrganic]) > 0 && g.eventW[roleOrganic] == 0 {
		g.eventW[roleOrganic] = 1e-9 // fallback for events that find no author
	}
}

func (g *gen) writePosts() error {
	total := g.cfg.Posts
	for scheduled := 0; scheduled < total; {
		at := g.clock.at((float64(scheduled) + g.rng.Float64()) / float64(total))
		g.flush(at)
		if g.err != nil {
			return g.err
		}
		scheduled += g.event(at, total-scheduled)
	}
	g.flush(1<<62 - 1)
	return g.err
}

// flush emits scheduled posts due at or before at.
func (g *gen) flush(at int64) {
	for len(g.pending) > 0 && g.pending[0].at <= at && g.err == nil {
		d := heap.Pop(&g.pending).(*draft)
		g.emit(d)
	}
}

// event writes one post or schedules one burst at time at, and returns how
// many posts it made (never more than left).
func (g *gen) event(at int64, left int) int {
	g.now = time.UnixMilli(at).UTC()
	d := &g.d
	d.reset()
	d.at = at
	switch r := role(weighted(g.rng, g.eventW)); r {
	case roleBot:
		return g.botEvent(at, left)
	case rolePropaganda:
		for range 5 {
			per := &g.pop.personas[drawCum(g.rng, g.pop.persCum)]
			if ai := g.pop.activeAt(per, at/1000); ai >= 0 {
				g.harmful(d, per, ai, false)
				g.emit(d)
				return 1
			}
		}
		// Every voice drawn was between removal and re-creation.
		g.organic(d, g.drawRole(roleOrganic))
	case roleOrganic:
		g.organic(d, g.drawRole(roleOrganic))
	default:
		g.lawful(d, g.drawRole(r))
	}
	g.emit(d)
	return 1
}

func (g *gen) drawRole(r role) int32 {
	return g.pop.byRole[r][drawCum(g.rng, g.pop.roleCum[r])]
}

// botEvent makes a network act: one bot's filler post, or a burst in which
// five or more bots repost a seed post or post near-identical text with the
// same link within seconds.
func (g *gen) botEvent(at int64, left int) int {
	net := &g.pop.networks[drawCum(g.rng, g.pop.netCum)]
	per := &g.pop.personas[net.persona]
	d := &g.d
	if left < 6 || g.rng.IntN(100) < 15 {
		g.organic(d, net.bots[g.rng.IntN(len(net.bots))])
		g.emit(d)
		return 1
	}
	k := 5 + g.rng.IntN(min(len(net.bots), maxBurst)-4)
	// Choose k distinct bots (a partial Fisher-Yates shuffle in place).
	for i := range k {
		j := i + g.rng.IntN(len(net.bots)-i)
		net.bots[i], net.bots[j] = net.bots[j], net.bots[i]
	}
	chat := ""
	if g.cfg.Platforms[per.plat] == rampart.PlatformTelegram {
		chat = telegramGroups[g.rng.IntN(len(telegramGroups))]
	}
	t := at
	next := func() int64 { t += 1000 + g.rng.Int64N(5000); return t }
	if seed := g.pop.activeAt(per, at/1000); seed >= 0 && g.rng.IntN(100) < 55 {
		k = min(k, left-1)
		g.harmful(d, per, seed, true)
		seedID := g.emit(d)
		seedHandle := g.pop.accts[seed].handle
		x := g.cfg.Platforms[per.plat] == rampart.PlatformX
		for i := range k {
			r := &draft{at: next(), order: g.nextOrder(), author: net.bots[i], text: d.text, chat: chat,
				urls: slices.Clone(d.urls), tags: slices.Clone(d.tags), mentions: slices.Clone(d.mentions),
				repostOf: seedID, media: slices.Clone(d.media), label: d.label, group: d.group, lang: d.lang, tmpl: d.tmpl}
			if x {
				r.text = "RT @" + seedHandle + ": " + d.text
				r.mentions = append([]string{seedHandle}, r.mentions...)
			}
			heap.Push(&g.pending, r)
		}
		return k + 1
	}
	// Near-duplicates: one text, varied by a tail, and one shared link.
	k = min(k, left)
	p := poolPropaganda
	if g.rng.IntN(4) == 0 {
		p = poolRecruit
	}
	tm := templates.pick(g.rng, p, per.lang, per.group)
	c := slotCtx{lang: tm.lang, group: per.group, tag: per.tag, contact: per.contact}
	g.buf = render(g.buf[:0], g.rng, tm, &c)
	base := string(g.buf)
	link := per.links[g.rng.IntN(len(per.links))]
	var media []rampart.Media
	if g.rng.IntN(2) == 0 {
		pi := per.posters[g.rng.IntN(len(per.posters))]
		media = []rampart.Media{{Type: "photo", SHA256: g.pop.posters[pi].shaS, PDQ: g.pop.posters[pi].pdqS}}
	}
	for i := range k {
		text := base + emojiTails[g.rng.IntN(len(emojiTails))] + " " + link
		r := &draft{at: next(), order: g.nextOrder(), author: net.bots[i], text: text, chat: chat,
			urls: []string{link}, media: media, label: tm.label, group: per.group, lang: tm.lang, tmpl: tm.id}
		r.tags = appendTokens(nil, text, '#')
		r.mentions = appendTokens(nil, text, '@')
		heap.Push(&g.pending, r)
	}
	return k
}

func (g *gen) nextOrder() uint64 { g.order++; return g.order }

// twitterLang is the language code X would report: it detects Urdu and
// Arabic, but reads Roman Urdu as English or Hindi and has no Pashto.
func (g *gen) twitterLang(l lang) string {
	switch l {
	case langRU:
		return [...]string{"en", "hi", "und", "und"}[g.rng.IntN(4)]
	case langPS:
		return [...]string{"und", "fa", "ur"}[g.rng.IntN(3)]
	}
	return langCodes[l]
}

// emit gives a draft its id and writes it with its label.
func (g *gen) emit(d *draft) string {
	if g.err != nil {
		return ""
	}
	if g.emitted%1024 == 0 {
		if err := g.ctx.Err(); err != nil {
			g.err = err
			return ""
		}
	}
	a := &g.pop.accts[d.author]
	platform := g.cfg.Platforms[a.plat]
	post := rampart.Post{Platform: platform, AccountID: a.id, Chat: d.chat, CreatedAt: time.UnixMilli(d.at).UTC(),
		Text: d.text, URLs: d.urls, Hashtags: d.tags, Mentions: d.mentions, ReplyTo: d.replyTo,
		RepostOf: d.repostOf, Media: d.media}
	switch platform {
	case rampart.PlatformTelegram:
		if post.Chat == "" {
			post.Chat = a.handle
		}
		var n int64
		if post.Chat == a.handle {
			a.postSeq++
			n = a.postSeq
		} else {
			g.tgSeq[post.Chat]++
			n = g.tgSeq[post.Chat]
		}
		post.ID = post.Chat + "/" + strconv.FormatInt(n, 10)
		post.URL = "https://t.me/" + post.ID
	case rampart.PlatformFacebook:
		a.postSeq++
		post.ID = a.id + "_" + strconv.FormatInt(100_000_000_000_000+a.postSeq, 10)
		post.URL = "https://www.facebook.com/" + a.id + "/posts/" + post.ID[len(a.id)+1:]
	default:
		// X-style time-ordered ids; the low 12 bits are the emission count,
		// so posts in the same millisecond never collide.
		sf := (d.at-twitterEpochMS)<<22 | g.xWorker<<12 | int64(g.emitted&0xfff)
		post.ID = strconv.FormatInt(sf, 10)
		if platform == rampart.PlatformX {
			post.URL = "https://x.com/" + a.handle + "/status/" + post.ID
			post.Lang = g.twitterLang(d.lang)
		}
	}
	var err error
	if g.line, err = appendPost(g.line[:0], &post); err != nil {
		g.err = err
		return ""
	}
	if g.err = g.writeLine(g.iw, g.line, "items"); g.err != nil {
		return ""
	}
	l := Label{Kind: rampart.KindPost, Platform: platform, ID: post.ID, Label: labelNames[d.label],
		Group: d.group.id(), Lang: langCodes[d.lang], Template: d.tmpl}
	if g.err = g.writeLine(g.lw, appendLabel(g.line[:0], &l), "labels"); g.err != nil {
		return ""
	}
	g.emitted++
	g.byLabel[d.label]++
	g.recent[a.plat].add(post.ID, a.handle)
	if d.label == labelPropaganda || d.label == labelRecruitment || d.label == labelHate {
		g.recentProp[a.plat].add(post.ID, a.handle)
	}
	return post.ID
}
