package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// acct is one simulated account: what the generator needs to write its
// posts, plus the public record written once and then dropped.
type acct struct {
	id, handle string
	plat       uint8 // index into Config.Platforms
	role       role
	group      group
	lang       lang
	created    time.Time
	to         int64  // unix seconds of removal; 0 = never removed
	network    int32  // bot network, -1 for none
	evades     int32  // account this one re-creates, -1 for none
	persona    int32  // propaganda persona, -1 for none
	postSeq    int64  // per-account post counter (Telegram, Facebook ids)
	site       string // news and research: the domain their links point to
	pub        *rampart.Account
}

// persona is one propaganda voice: an account and the accounts that
// re-create it after each removal. Its accounts share group, language,
// links, hashtags and avatar, so that ban evasion leaves a trail.
type persona struct {
	group   group
	lang    lang
	plat    uint8
	accts   []int32 // in order; the first is the original
	tag     string
	contact string
	links   []string
	posters []int32 // indices into population.posters
}

// network is a bot network amplifying one persona.
type network struct {
	id      string
	persona int32
	bots    []int32
}

type population struct {
	cfg      Config
	span     int64 // seconds
	accts    []acct
	personas []persona
	networks []network
	posters  []poster
	logos    [numGroups][2]hash256
	// Draw tables: accounts of each role with cumulative activity weights.
	byRole  [numRoles][]int32
	roleCum [numRoles][]float64
	persCum []float64
	netCum  []float64
	used    map[string]bool // platform + "\x00" + lower(handle) or id
}

// roleLangs is the language each role writes in most.
var roleLangs = [numRoles][numLangs]float64{
	roleOrganic:    {0.25, 0.25, 0.25, 0.13, 0.12},
	roleNews:       {0.45, 0.3, 0.05, 0.12, 0.08},
	roleResearcher: {0.8, 0.1, 0.04, 0.03, 0.03},
	roleCounter:    {0.3, 0.25, 0.2, 0.15, 0.1},
	roleActivist:   {0.4, 0.25, 0.2, 0.12, 0.03},
}

// groupLangs is the language each group's media write in most.
var groupLangs = [numGroups][numLangs]float64{
	groupTTP:  {0.1, 0.35, 0.15, 0.3, 0.1},
	groupISKP: {0.2, 0.2, 0.0, 0.3, 0.3},
	groupBLA:  {0.4, 0.3, 0.3, 0, 0},
	groupBLF:  {0.4, 0.4, 0.2, 0, 0},
	groupLeJ:  {0.1, 0.6, 0.3, 0, 0},
	groupJuA:  {0.2, 0.4, 0, 0.3, 0.1},
	groupLeT:  {0.3, 0.5, 0.2, 0, 0},
	groupJeM:  {0.2, 0.6, 0, 0, 0.2},
	groupHGB:  {0.1, 0.3, 0, 0.6, 0},
}

// platformWeights says where each role is found, for the platforms the
// simulation knows; other platforms get weight 0.5 for every role.
var platformWeights = map[string][numRoles]float64{
	rampart.PlatformX:        {1, 1.2, 2, 1.2, 1.5, 0.6, 1.5, 0},
	rampart.PlatformTelegram: {0.6, 0.6, 0.3, 0.4, 0.5, 2, 0.8, 0},
	rampart.PlatformFacebook: {1.3, 1, 0.3, 1, 0.8, 0.6, 1, 0},
}

// lognormal parameters (mu, sigma of the log) of followers, following and
// lifetime post counts per role. They overlap on purpose.
var countParams = [numRoles][3][2]float64{
	roleOrganic:    {{4.5, 1.6}, {5.3, 1.0}, {6, 1.5}},
	roleNews:       {{10.5, 1.5}, {5, 1.2}, {10, 1}},
	roleResearcher: {{8, 1.3}, {6.5, 1}, {8.5, 1}},
	roleCounter:    {{6.5, 1.5}, {5.8, 1}, {7, 1.3}},
	roleActivist:   {{7.5, 1.8}, {6, 1}, {8, 1.2}},
	rolePropaganda: {{6.5, 1.7}, {3.5, 1.5}, {6.5, 1.2}},
	roleBot:        {{2.0, 1.2}, {6.5, 0.7}, {5, 1.2}},
	roleEvader:     {{4, 1.5}, {4, 1.5}, {3.5, 1.2}},
}

func weighted(rng *rand.Rand, w []float64) int {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	u := rng.Float64() * sum
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

func lognormal(rng *rand.Rand, mu, sigma float64) float64 {
	return math.Exp(mu + sigma*rng.NormFloat64())
}

func count(rng *rand.Rand, p [2]float64) *int64 {
	v := int64(lognormal(rng, p[0], p[1]))
	return &v
}

// roleCounts splits n accounts over roles by the mix, giving every role
// with a share at least one account and bots at least one network's worth.
func roleCounts(n int, mix Mix) [numRoles]int {
	s := mix.shares()
	sum := 0.0
	for _, v := range s {
		sum += v
	}
	var c [numRoles]int
	total := 0
	for r := roleNews; r < roleEvader; r++ {
		if s[r] <= 0 {
			continue
		}
		c[r] = max(1, int(math.Round(float64(n)*s[r]/sum)))
		if r == roleBot {
			c[r] = max(c[r], minNetwork)
		}
		total += c[r]
	}
	c[roleOrganic] = n - total
	return c
}

// minNetwork is the smallest bot network: bursts need five accounts.
const minNetwork = 6

func buildPopulation(rng *rand.Rand, cfg Config) (*population, error) {
	p := &population{cfg: cfg, span: int64(cfg.Days) * 86400, used: make(map[string]bool, cfg.Accounts*2)}
	p.posters = makePosters(cfg.Seed)
	lr := rand.New(rand.NewPCG(cfg.Seed, streamPosters+1))
	for g := range numGroups {
		p.logos[g] = [2]hash256{randHash(lr), randHash(lr)}
	}
	counts := roleCounts(cfg.Accounts, cfg.AccountMix)
	if counts[roleOrganic] < 1 {
		return nil, fmt.Errorf("accounts: %d leaves no organic users after the other roles; raise accounts or lower the other shares", cfg.Accounts)
	}
	p.accts = make([]acct, 0, cfg.Accounts)
	for r := roleOrganic; r <= roleActivist; r++ {
		for range counts[r] {
			p.addPlain(rng, r)
		}
	}
	p.addPropaganda(rng, counts[rolePropaganda])
	p.addBots(rng, counts[roleBot])
	p.buildDrawTables(rng)
	p.used = nil
	return p, nil
}

func (p *population) platformFor(rng *rand.Rand, r role) uint8 {
	w := make([]float64, len(p.cfg.Platforms))
	for i, name := range p.cfg.Platforms {
		if pw, ok := platformWeights[name]; ok {
			w[i] = pw[r]
		} else {
			w[i] = 0.5
		}
	}
	return uint8(weighted(rng, w))
}

// claim reserves a handle or id on a platform, changing it until unique.
func (p *population) claim(rng *rand.Rand, plat uint8, kind, v string) string {
	for {
		k := p.cfg.Platforms[plat] + "\x00" + kind + "\x00" + strings.ToLower(v)
		if !p.used[k] {
			p.used[k] = true
			return v
		}
		v += strconv.Itoa(rng.IntN(10))
	}
}

// twitterEpochMS is the epoch of X's time-derived ids.
const twitterEpochMS = 1288834974657

func (p *population) newID(rng *rand.Rand, plat uint8, created time.Time) string {
	var id string
	switch p.cfg.Platforms[plat] {
	case rampart.PlatformX:
		if ms := created.UnixMilli() - twitterEpochMS; ms > 0 {
			id = strconv.FormatInt(ms<<22|int64(rng.IntN(1<<22)), 10)
		} else {
			id = strconv.FormatInt(int64(10_000_000+rng.IntN(200_000_000)), 10)
		}
	case rampart.PlatformTelegram:
		id = strconv.FormatInt(int64(1_000_000_000+rng.IntN(6_000_000_000)), 10)
	default:
		id = strconv.FormatInt(100_000_000_000_000+rng.Int64N(900_000_000_000_000), 10)
	}
	return p.claim(rng, plat, "id", id)
}

func (p *population) daysBefore(rng *rand.Rand, lo, hi float64) time.Time {
	d := lo + rng.Float64()*(hi-lo)
	return p.cfg.Start.Add(-time.Duration(d * 24 * float64(time.Hour))).Truncate(time.Second)
}

var createdDays = [numRoles][2]float64{
	roleOrganic: {30, 4000}, roleNews: {700, 5000}, roleResearcher: {200, 4000},
	roleCounter: {60, 3500}, roleActivist: {30, 3000}, rolePropaganda: {5, 400},
}

var defaultAvatarShare = [numRoles]float64{
	roleOrganic: 0.15, roleCounter: 0.1, roleActivist: 0.08, rolePropaganda: 0.1, roleBot: 0.65,
}

func (p *population) avatar(rng *rand.Rand, r role, plat uint8, g group) *rampart.Avatar {
	if rng.Float64() < defaultAvatarShare[r] {
		sha, pdq := defaultAvatar(p.cfg.Platforms[plat])
		return &rampart.Avatar{SHA256: sha, PDQ: pdq, Default: true}
	}
	if r == rolePropaganda && g < numGroups && rng.IntN(10) < 8 {
		logo := p.logos[g][rng.IntN(2)]
		return &rampart.Avatar{SHA256: logo.hex(), PDQ: logo.flip(rng, rng.IntN(3)).hex()}
	}
	return &rampart.Avatar{SHA256: randHash(rng).hex(), PDQ: randHash(rng).hex()}
}

func pickLang(rng *rand.Rand, w [numLangs]float64) lang { return lang(weighted(rng, w[:])) }

func (p *population) profileURL(plat uint8, a *acct) string {
	switch p.cfg.Platforms[plat] {
	case rampart.PlatformX:
		return "https://x.com/" + a.handle
	case rampart.PlatformTelegram:
		return "https://t.me/" + a.handle
	case rampart.PlatformFacebook:
		return "https://www.facebook.com/" + a.id
	}
	return ""
}

// finish fills the public record shared by every role.
func (p *population) finish(rng *rand.Rand, a *acct, name, bio string, verified bool, av *rampart.Avatar) {
	cp := countParams[a.role]
	pub := &rampart.Account{
		Platform: p.cfg.Platforms[a.plat], ID: a.id, Handle: a.handle, Name: name, Bio: bio,
		CreatedAt: a.created, Followers: count(rng, cp[0]), Following: count(rng, cp[1]),
		PostsCount: count(rng, cp[2]), Verified: verified, Avatar: av,
	}
	// Telegram and Facebook exports have no following count.
	if pub.Platform == rampart.PlatformTelegram || pub.Platform == rampart.PlatformFacebook {
		pub.Following = nil
	}
	pub.URL = p.profileURL(a.plat, a)
	a.pub = pub
}

func (p *population) bio(rng *rand.Rand, r role, l lang) string {
	list := bios[r][l]
	if len(list) == 0 {
		list = bios[r][langEN]
	}
	b := pickWord(rng, list)
	if strings.Contains(b, "%s") {
		b = fmt.Sprintf(b, pickWord(rng, cities[l]))
	}
	return b
}

func (p *population) addPlain(rng *rand.Rand, r role) {
	a := acct{role: r, group: groupNone, network: -1, evades: -1, persona: -1}
	a.plat = p.platformFor(rng, r)
	a.lang = pickLang(rng, roleLangs[r])
	a.created = p.daysBefore(rng, createdDays[r][0], createdDays[r][1])
	a.id = p.newID(rng, a.plat, a.created)
	first, last := pickWord(rng, latinFirst), pickWord(rng, latinLast)
	name := personName(rng, a.lang, first, last)
	verified := false
	switch r {
	case roleNews:
		o := newsOutlets[rng.IntN(len(newsOutlets))]
		name = o.name
		a.handle = o.handle
		a.site = o.domain
		if rng.IntN(3) == 0 {
			a.handle += pickWord(rng, []string{"Urdu", "Live", "Pashto", "Official", "Digital"})
		}
		verified = rng.IntN(10) < 6
	case roleResearcher:
		if rng.IntN(2) == 0 {
			name = "Dr. " + title(first) + " " + title(last)
			a.handle = "dr_" + first + "_" + last
		} else {
			a.handle = first + last + pickWord(rng, []string{"_research", "_cve", "_analyst", ""})
		}
		a.site = first + last + ".substack.com"
		verified = rng.IntN(5) == 0
	case roleActivist:
		a.handle = pickWord(rng, []string{first + "_baloch", "pashtun_" + first, first + "_" + last + "_hr", personHandle(rng, first, last)})
	case roleCounter:
		a.handle = pickWord(rng, []string{"peace_" + first, "shuhada_family_" + first, "mufti_" + first + "_" + last, personHandle(rng, first, last)})
	default:
		a.handle = personHandle(rng, first, last)
	}
	a.handle = p.claim(rng, a.plat, "handle", a.handle)
	p.finish(rng, &a, name, p.bio(rng, r, a.lang), verified, p.avatar(rng, r, a.plat, groupNone))
	p.accts = append(p.accts, a)
}

// addPropaganda makes personas until n accounts are used; a share of them
// are removed and re-created one to three times.
func (p *population) addPropaganda(rng *rand.Rand, n int) {
	gw := groupWeights[:]
	for made := 0; made < n; {
		pi := int32(len(p.personas))
		g := group(weighted(rng, gw))
		if int(pi) < int(numGroups) {
			g = group(pi) // every group gets at least one voice
		}
		gi := &groupInfos[g]
		per := persona{group: g, lang: pickLang(rng, groupLangs[g])}
		per.plat = p.platformFor(rng, rolePropaganda)
		base := pickWord(rng, gi.bases)
		suffix := 1 + rng.IntN(5)
		tags := []string{gi.tags[rng.IntN(len(gi.tags))]}
		if rng.IntN(2) == 0 {
			if t := gi.tags[rng.IntN(len(gi.tags))]; t != tags[0] {
				tags = append(tags, t)
			}
		}
		per.tag = strings.Join(tags, " ")
		per.contact = "@" + base + pickWord(rng, []string{"_contact", "_bot", "_dawah", "_support"})
		per.links = []string{"https://t.me/" + base + "_" + code(rng, 4),
			propagandaHosts[1+rng.IntN(len(propagandaHosts)-1)] + code(rng, 10)}
		for range 2 {
			per.posters = append(per.posters, int32(int(g)*postersPerGroup+rng.IntN(postersPerGroup)))
		}
		wingName := groupWord(rng, g, per.lang, 2)
		bioT := pickWord(rng, propagandaBios[per.lang])

		// Lineage: the original, then evaders while the budget and the
		// posting period allow.
		evaders := 0
		if made+1 < n && rng.Float64() < p.cfg.EvasionRate {
			evaders = min(1+rng.IntN(3), n-made-1)
		}
		created := p.daysBefore(rng, createdDays[rolePropaganda][0], createdDays[rolePropaganda][1])
		removal := int64(0)
		if evaders > 0 {
			removal = p.cfg.Start.Unix() + int64(float64(p.span)*(0.15+0.3*rng.Float64()))
		}
		name := wingName
		if rng.IntN(2) == 0 {
			name += " " + strconv.Itoa(suffix)
		}
		bio := fmt.Sprintf(bioT, wingName, per.contact)
		av := p.avatar(rng, rolePropaganda, per.plat, g)
		end := p.cfg.Start.Unix() + p.span
		var prev int32 = -1
		for k := 0; k <= evaders; k++ {
			a := acct{role: rolePropaganda, group: g, lang: per.lang, plat: per.plat, network: -1, evades: prev, persona: pi, created: created}
			if k > 0 {
				a.role = roleEvader
			}
			a.handle = p.claim(rng, a.plat, "handle", base+"_"+strconv.Itoa(suffix+k))
			a.id = p.newID(rng, a.plat, a.created)
			if k < evaders {
				a.to = removal
			}
			p.finish(rng, &a, name, bio, false, av)
			idx := int32(len(p.accts))
			p.accts = append(p.accts, a)
			per.accts = append(per.accts, idx)
			prev = idx
			made++
			if k == evaders {
				break
			}
			// The next account appears soon after the removal and lives
			// until the next removal or the end.
			next := removal + int64(float64(p.span)*(0.005+0.035*rng.Float64()))
			if next+p.span/10 >= end {
				p.accts[idx].to = 0 // no room for a successor: this one stays up
				break
			}
			created = time.Unix(next, 0).UTC()
			removal = next + int64(float64(p.span)*(0.1+0.1*rng.Float64()))
			if removal+p.span/20 >= end {
				evaders = k + 1 // the successor is the last
			}
			name, bio = evaderProfile(rng, name, bio, per.lang)
		}
		p.personas = append(p.personas, per)
	}
}

// evaderProfile changes a display name and bio a little, as owners do when
// they come back: a number, a "backup" note, a reordered line.
func evaderProfile(rng *rand.Rand, name, bio string, l lang) (string, string) {
	switch rng.IntN(3) {
	case 0:
		name += " (backup)"
	case 1:
		name = strings.TrimRight(name, "0123456789 ") + " " + strconv.Itoa(2+rng.IntN(8))
	}
	notes := [numLangs]string{"New account, the old one was removed.", "پرانا اکاؤنٹ بند ہو گیا، یہ نیا ہے۔",
		"Purana account band, ye naya hai.", "زوړ اکاونټ بند شو، دا نوی دی.", "الحساب القديم حُذف، هذا الجديد."}
	if rng.IntN(2) == 0 && !strings.Contains(bio, notes[l]) {
		bio = notes[l] + " " + bio
	}
	return name, bio
}

func (p *population) addBots(rng *rand.Rand, n int) {
	if n == 0 || len(p.personas) == 0 {
		// Bots with nothing to amplify would be mislabelled; make them
		// organic instead.
		for range n {
			p.addPlain(rng, roleOrganic)
		}
		return
	}
	mean := p.cfg.BotNetworkSize
	for left := n; left > 0; {
		size := max(minNetwork, int(float64(mean)*(0.5+rng.Float64())))
		if left-size < minNetwork {
			size = left
		}
		left -= size
		pi := int32(weighted(rng, personaWeights(p.personas)))
		per := &p.personas[pi]
		net := network{id: fmt.Sprintf("net-%03d", len(p.networks)+1), persona: pi}
		born := p.daysBefore(rng, 3, 120)
		for range size {
			a := acct{role: roleBot, group: per.group, lang: per.lang, plat: per.plat,
				network: int32(len(p.networks)), evades: -1, persona: -1}
			// Bulk registration: a network's accounts are made within days.
			a.created = born.Add(time.Duration(rng.IntN(72*3600)) * time.Second)
			a.id = p.newID(rng, a.plat, a.created)
			a.handle = p.claim(rng, a.plat, "handle", botHandle(rng))
			first, last := pickWord(rng, latinFirst), pickWord(rng, latinLast)
			p.finish(rng, &a, personName(rng, a.lang, first, last), p.bio(rng, roleBot, a.lang), false, p.avatar(rng, roleBot, a.plat, a.group))
			net.bots = append(net.bots, int32(len(p.accts)))
			p.accts = append(p.accts, a)
		}
		p.networks = append(p.networks, net)
	}
}

// personaWeights favours the big groups' voices for bot networks.
func personaWeights(ps []persona) []float64 {
	w := make([]float64, len(ps))
	for i, per := range ps {
		w[i] = groupWeights[per.group]
	}
	return w
}

// buildDrawTables sets each account's share of its role's posts: heavy
// tailed, as on real platforms where a few accounts write most posts.
func (p *population) buildDrawTables(rng *rand.Rand) {
	for i := range p.accts {
		a := &p.accts[i]
		if a.role == rolePropaganda || a.role == roleEvader || a.role == roleBot {
			continue
		}
		sum := 0.0
		if n := len(p.roleCum[a.role]); n > 0 {
			sum = p.roleCum[a.role][n-1]
		}
		p.byRole[a.role] = append(p.byRole[a.role], int32(i))
		p.roleCum[a.role] = append(p.roleCum[a.role], sum+lognormal(rng, 0, 1))
	}
	sum := 0.0
	for range p.personas {
		sum += lognormal(rng, 0, 0.8)
		p.persCum = append(p.persCum, sum)
	}
	sum = 0
	for _, n := range p.networks {
		sum += float64(len(n.bots))
		p.netCum = append(p.netCum, sum)
	}
}

// drawCum returns an index drawn in proportion to the increments of cum.
func drawCum(rng *rand.Rand, cum []float64) int {
	u := rng.Float64() * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] > u {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// activeAt returns the persona's account that is up at unix time t, or -1
// between a removal and the re-creation.
func (p *population) activeAt(per *persona, t int64) int32 {
	for _, i := range per.accts {
		a := &p.accts[i]
		if a.created.Unix() > t {
			return -1
		}
		if a.to == 0 || t < a.to {
			return i
		}
	}
	return -1
}
