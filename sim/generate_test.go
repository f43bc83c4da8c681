package sim_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"math"
	"math/bits"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/sim"
)

func TestDeterministic(t *testing.T) {
	a := standard(t)
	items, labels := raw(t, standardCfg)
	if !bytes.Equal(a.items, items) || !bytes.Equal(a.labels, labels) {
		t.Fatal("two runs with the same config differ")
	}
	other := standardCfg
	other.Seed++
	if items, _ := raw(t, other); bytes.Equal(a.items, items) {
		t.Fatal("a different seed gave the same items")
	}
}

// raw generates without parsing.
func raw(t *testing.T, cfg sim.Config) (items, labels []byte) {
	t.Helper()
	var ib, lb bytes.Buffer
	if _, err := sim.Generate(t.Context(), cfg, &ib, &lb); err != nil {
		t.Fatal(err)
	}
	return ib.Bytes(), lb.Bytes()
}

func TestLabelsMatchItems(t *testing.T) {
	r := standard(t)
	if len(r.parsed) != len(r.lab) {
		t.Fatalf("%d items but %d labels", len(r.parsed), len(r.lab))
	}
	seen := map[rampart.Subject]bool{}
	accounts := map[rampart.Subject]bool{}
	posts := 0
	byLabel := map[string]int{}
	byRole := map[string]int{}
	var last time.Time
	for i, it := range r.parsed {
		s := it.Subject()
		if got := r.lab[i].Subject(); got != s {
			t.Fatalf("line %d: label is about %v, item is %v", i+1, got, s)
		}
		if seen[s] {
			t.Fatalf("line %d: %v appears twice", i+1, s)
		}
		seen[s] = true
		switch it.Kind() {
		case rampart.KindAccount:
			if posts > 0 {
				t.Fatalf("line %d: account after posts", i+1)
			}
			accounts[s] = true
			byRole[r.lab[i].Role]++
		case rampart.KindPost:
			posts++
			byLabel[r.lab[i].Label]++
			p := it.Post
			author := rampart.Subject{Platform: p.Platform, Kind: rampart.KindAccount, ID: p.AccountID}
			if !accounts[author] {
				t.Fatalf("line %d: author %v is not in the file", i+1, author)
			}
			if p.CreatedAt.Before(last) {
				t.Fatalf("line %d: post at %v is before the previous one at %v", i+1, p.CreatedAt, last)
			}
			last = p.CreatedAt
			for _, ref := range []string{p.ReplyTo, p.RepostOf} {
				if ref != "" && !seen[rampart.Subject{Platform: p.Platform, Kind: rampart.KindPost, ID: ref}] {
					t.Fatalf("line %d: refers to post %s, not written before it", i+1, ref)
				}
			}
		}
	}
	if posts != standardCfg.Posts || len(accounts) != standardCfg.Accounts {
		t.Fatalf("got %d accounts and %d posts, want %d and %d", len(accounts), posts, standardCfg.Accounts, standardCfg.Posts)
	}
	want := sim.Stats{Accounts: len(accounts), Posts: posts, ByRole: byRole, ByLabel: byLabel}
	if diff := cmp.Diff(want, r.stats); diff != "" {
		t.Errorf("Stats disagree with the files (-counted +returned):\n%s", diff)
	}
	end := standardCfg.WithDefaults().Start.AddDate(0, 0, 30)
	if last.After(end.Add(10 * time.Minute)) {
		t.Errorf("last post at %v, well after the end %v", last, end)
	}
}

func TestRoleProportions(t *testing.T) {
	r := standard(t)
	n := float64(standardCfg.Accounts)
	mix := sim.DefaultAccountMix
	tests := []struct {
		role string
		want float64
	}{
		{sim.RoleOrganic, mix.Organic},
		{sim.RoleNews, mix.News},
		{sim.RoleResearcher, mix.Researcher},
		{sim.RoleCounterSpeech, mix.CounterSpeech},
		{sim.RoleActivist, mix.Activist},
		{sim.RoleBot, mix.Bot},
	}
	for _, tt := range tests {
		got := float64(r.stats.ByRole[tt.role]) / n
		if math.Abs(got-tt.want) > 0.01 {
			t.Errorf("role %s: share %.4f, want %.4f ± 0.01", tt.role, got, tt.want)
		}
	}
	// Propaganda accounts and their re-creations share the propaganda budget.
	prop := float64(r.stats.ByRole[sim.RolePropaganda]+r.stats.ByRole[sim.RoleEvader]) / n
	if math.Abs(prop-mix.Propaganda) > 0.01 {
		t.Errorf("propaganda+evader share %.4f, want %.4f", prop, mix.Propaganda)
	}
	if r.stats.ByRole[sim.RoleEvader] == 0 {
		t.Error("no evaders")
	}

	// Posts: harmful labels come from propaganda accounts and the bots that
	// amplify them, so their share is near the two roles' post shares.
	posts := float64(r.stats.Posts)
	harmful := float64(r.stats.ByLabel[sim.LabelPropaganda]+r.stats.ByLabel[sim.LabelRecruitment]+r.stats.ByLabel[sim.LabelHate]) / posts
	pm := sim.DefaultPostMix
	if want := pm.Propaganda + pm.Bot; math.Abs(harmful-want) > 0.04 {
		t.Errorf("harmful post share %.3f, want %.3f ± 0.04", harmful, want)
	}
	for _, l := range []string{sim.LabelOther, sim.LabelReporting, sim.LabelCounterSpeech, sim.LabelActivism,
		sim.LabelPropaganda, sim.LabelRecruitment, sim.LabelHate} {
		if r.stats.ByLabel[l] == 0 {
			t.Errorf("no post labelled %s", l)
		}
	}
	if other := float64(r.stats.ByLabel[sim.LabelOther]) / posts; other < 0.6 || other > 0.8 {
		t.Errorf("share of other posts %.3f, want 0.6..0.8", other)
	}
}

// scriptTests says what text in each language must contain. Latin-script
// posts may carry Urdu-script hashtags, as real ones do.
var scriptTests = map[string]func(string) bool{
	sim.LangEnglish:   func(s string) bool { return hasLatin(s) && !strings.ContainsAny(dropTags(s), "ابپتسکیےہ") },
	sim.LangRomanUrdu: func(s string) bool { return hasLatin(s) && !strings.ContainsAny(dropTags(s), "ابپتسکیےہ") },
	sim.LangUrdu:      func(s string) bool { return strings.ContainsAny(s, "ےیہکںڑٹگ") },
	sim.LangPashto:    func(s string) bool { return strings.ContainsAny(s, "ښږځڅټډړګۍې") },
	sim.LangArabic: func(s string) bool {
		return strings.ContainsAny(s, "ةكيى") && !strings.ContainsAny(s, "ےہںڑٹگښږځڅ")
	},
}

func dropTags(s string) string {
	f := strings.Fields(s)
	f = slices.DeleteFunc(f, func(w string) bool { return strings.HasPrefix(w, "#") })
	return strings.Join(f, " ")
}

func hasLatin(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) >= 0
}

func TestLanguagesAndScripts(t *testing.T) {
	r := standard(t)
	count := map[string]int{}
	bad := map[string]int{}
	for i, l := range r.lab {
		if l.Kind != rampart.KindPost {
			continue
		}
		count[l.Lang]++
		text := r.parsed[i].Post.Text
		if ok := scriptTests[l.Lang]; ok != nil && !ok(text) {
			bad[l.Lang]++
			if bad[l.Lang] <= 3 {
				t.Logf("%s post not in its script: %q", l.Lang, text)
			}
		}
	}
	for lang := range scriptTests {
		if count[lang] < 200 {
			t.Errorf("language %s: %d posts, want at least 200", lang, count[lang])
		}
		if bad[lang] > count[lang]/50 {
			t.Errorf("language %s: %d of %d posts lack the script's letters", lang, bad[lang], count[lang])
		}
	}
}

// groupNames are spellings that identify each group in any language the
// simulation writes, for checking that posts really name them.
var groupNames = map[string][]string{
	"ttp":  {"TTP", "Taliban", "طالبان", "ٹی ٹی پی", "ټي ټي پي", "Khawarij", "الخوارج", "Umar Media", "عمر میڈیا", "عمر میډیا", "عمر الإعلامية"},
	"iskp": {"ISKP", "Khorasan", "Khurasan", "Daesh", "Daish", "ISIS-K", "خراسان", "داعش", "Azaim", "العزائم"},
	"bla":  {"BLA", "Baloch Liberation Army", "Balochistan Liberation Army", "Majeed", "بی ایل اے", "بلوچ لبریشن", "بلوڅ لبریشن", "بي ايل اې", "مجید", "بلوشستان", "الہندوستان", "Hindustan", "Hakkal", "ہکل", "هکل", "هكل"},
	"blf":  {"BLF", "Liberation Front", "لبریشن فرنٹ", "بی ایل ایف", "بي ايل اېف", "د ازادۍ جبهه", "جبهة تحرير"},
	"lej":  {"LeJ", "Jhangvi", "جھنگوی", "جهنګوي", "جهنكوي"},
	"jua":  {"Ahrar", "JuA", "الاحرار", "الأحرار", "Khilafat", "احیائے خلافت", "احیای خلافت", "إحياء الخلافة"},
	"let":  {"LeT", "Taiba", "طیبہ", "طیبه", "طيبة"},
	"jem":  {"JeM", "Jaish", "جیش", "جيش محمد", "Qalam", "القلم"},
	"hgb":  {"Gul Bahadur", "گل بہادر", "ګل بهادر", "غل بهادر"},
}

func TestGroupsNamedByHarmfulAndLawful(t *testing.T) {
	r := standard(t)
	harmful := map[string]int{}
	lawful := map[string]int{}
	for i, l := range r.lab {
		if l.Kind != rampart.KindPost || l.Group == "" {
			continue
		}
		names, ok := groupNames[l.Group]
		if !ok {
			t.Fatalf("post %s: unknown group %q", l.ID, l.Group)
		}
		text := r.parsed[i].Post.Text
		named := slices.ContainsFunc(names, func(n string) bool { return strings.Contains(text, n) })
		switch l.Label {
		case sim.LabelPropaganda, sim.LabelRecruitment, sim.LabelHate:
			if named {
				harmful[l.Group]++
			}
		case sim.LabelReporting, sim.LabelCounterSpeech, sim.LabelActivism:
			if named {
				lawful[l.Group]++
			} else {
				t.Errorf("lawful post %s (%s) labelled group %s does not name it: %q", l.ID, l.Template, l.Group, text)
			}
		}
	}
	for _, g := range sim.Groups() {
		if harmful[g] == 0 || lawful[g] == 0 {
			t.Errorf("group %s: named by %d harmful and %d lawful posts; want both > 0", g, harmful[g], lawful[g])
		}
	}
}

func TestBotNetworksBurst(t *testing.T) {
	r := standard(t)
	network := map[string]string{} // account id -> network
	for _, l := range r.lab {
		if l.Kind == rampart.KindAccount && l.Role == sim.RoleBot {
			if l.Network == "" || l.Group == "" {
				t.Errorf("bot %s has network %q and group %q; want both", l.ID, l.Network, l.Group)
			}
			network[l.ID] = l.Network
		}
	}
	type post struct {
		at  time.Time
		key []string // shared objects: urls, reposted id, normalised text
	}
	byNet := map[string][]post{}
	for _, it := range r.parsed {
		p := it.Post
		if p == nil || network[p.AccountID] == "" {
			continue
		}
		key := append([]string{"text:" + nearDupKey(p.Text)}, p.URLs...)
		if p.RepostOf != "" {
			key = append(key, "repost:"+p.RepostOf)
		}
		byNet[network[p.AccountID]] = append(byNet[network[p.AccountID]], post{p.CreatedAt, key})
	}
	nets := slices.Sorted(func(yield func(string) bool) {
		seen := map[string]bool{}
		for _, n := range network {
			if !seen[n] {
				seen[n] = true
				if !yield(n) {
					return
				}
			}
		}
	})
	if len(nets) == 0 {
		t.Fatal("no bot networks")
	}
	for _, n := range nets {
		ps := byNet[n]
		best := 0
		// For every post, count later posts of the network within 60 s
		// sharing one of its objects.
		for i := range ps {
			for _, k := range ps[i].key {
				c := 1
				for j := i + 1; j < len(ps) && ps[j].at.Sub(ps[i].at) <= time.Minute; j++ {
					if slices.Contains(ps[j].key, k) {
						c++
					}
				}
				best = max(best, c)
			}
		}
		if best < 5 {
			t.Errorf("network %s (%d posts): largest burst within 60 s is %d posts, want >= 5", n, len(ps), best)
		}
	}
}

// nearDupKey drops what bots vary (a retweet prefix, emoji and the link at
// the end) and keeps the first 40 characters.
func nearDupKey(s string) string {
	if _, after, ok := strings.Cut(s, ": "); ok && strings.HasPrefix(s, "RT @") {
		s = after
	}
	r := []rune(s)
	return string(r[:min(len(r), 40)])
}

func TestEvaders(t *testing.T) {
	r := standard(t)
	accts := map[string]*rampart.Account{}
	lastPost := map[string]time.Time{}
	firstPost := map[string]time.Time{}
	for _, it := range r.parsed {
		if it.Account != nil {
			accts[it.Account.ID] = it.Account
		}
		if p := it.Post; p != nil {
			lastPost[p.AccountID] = p.CreatedAt
			if _, ok := firstPost[p.AccountID]; !ok {
				firstPost[p.AccountID] = p.CreatedAt
			}
		}
	}
	evaders := 0
	removedWithPosts := 0
	for _, l := range r.lab {
		if l.Kind != rampart.KindAccount || l.Role != sim.RoleEvader {
			continue
		}
		evaders++
		ev, orig := accts[l.ID], accts[l.Evades]
		if orig == nil {
			t.Fatalf("evader %s evades %q, which is not in the file", l.ID, l.Evades)
		}
		if !ev.CreatedAt.After(orig.CreatedAt) {
			t.Errorf("evader %s created %v, not after the original %s (%v)", ev.Handle, ev.CreatedAt, orig.Handle, orig.CreatedAt)
		}
		if lp, ok := lastPost[orig.ID]; ok {
			removedWithPosts++
			if !ev.CreatedAt.After(lp) {
				t.Errorf("evader %s created %v, before the original's last post %v", ev.Handle, ev.CreatedAt, lp)
			}
		}
		if fp, ok := firstPost[ev.ID]; ok && fp.Before(ev.CreatedAt) {
			t.Errorf("evader %s posted at %v, before it was created at %v", ev.Handle, fp, ev.CreatedAt)
		}
		if ev.Avatar.SHA256 != orig.Avatar.SHA256 || ev.Avatar.PDQ != orig.Avatar.PDQ {
			t.Errorf("evader %s has a different avatar from %s", ev.Handle, orig.Handle)
		}
		stem := strings.TrimRight(orig.Handle, "0123456789")
		if !strings.HasPrefix(ev.Handle, stem) || ev.Handle == orig.Handle {
			t.Errorf("evader handle %s does not continue %s", ev.Handle, orig.Handle)
		}
	}
	if evaders == 0 || removedWithPosts < evaders/2 {
		t.Errorf("%d evaders, of which %d evade an account with posts; want most", evaders, removedWithPosts)
	}
	removed, err := sim.RemovedAccounts(bytes.NewReader(r.labels))
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != evaders {
		t.Errorf("RemovedAccounts: %d accounts, want one per evader (%d)", len(removed), evaders)
	}
	for _, s := range removed {
		if accts[s.ID] == nil || s.Kind != rampart.KindAccount {
			t.Errorf("removed %v is not an account in the file", s)
		}
	}
}

func TestPostersReused(t *testing.T) {
	r := standard(t)
	posters := sim.Posters(standardCfg.Seed)
	if len(posters) != len(sim.Groups())*4 {
		t.Fatalf("%d posters, want 4 per group", len(posters))
	}
	if diff := cmp.Diff(posters, sim.Posters(standardCfg.Seed)); diff != "" {
		t.Fatalf("Posters is not deterministic:\n%s", diff)
	}
	exact, near, lawfulNear := 0, 0, 0
	for i, it := range r.parsed {
		if it.Post == nil {
			continue
		}
		for _, m := range it.Post.Media {
			if len(m.PDQ) != 64 || len(m.SHA256) != 64 {
				t.Fatalf("post %s: media hashes %q %q are not 64 hex characters", it.Post.ID, m.SHA256, m.PDQ)
			}
			for _, p := range posters {
				d := hamming(t, m.PDQ, p.PDQ)
				switch {
				case m.SHA256 == p.SHA256 && d == 0:
					exact++
				case d <= 10:
					near++
				case d <= 31 && r.lab[i].Label == sim.LabelReporting:
					lawfulNear++
				}
			}
		}
	}
	if exact == 0 || near == 0 || lawfulNear == 0 {
		t.Errorf("poster copies: %d exact, %d within 10 bits, %d in reporting within 31 bits; want all > 0", exact, near, lawfulNear)
	}
}

func hamming(t *testing.T, a, b string) int {
	x, err1 := hex.DecodeString(a)
	y, err2 := hex.DecodeString(b)
	if err1 != nil || err2 != nil {
		t.Fatalf("bad hex %q %q", a, b)
	}
	d := 0
	for i := range x {
		d += bits.OnesCount8(x[i] ^ y[i])
	}
	return d
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  sim.Config
		want []string
	}{
		{"too few accounts", sim.Config{Accounts: 10, Posts: 5}, []string{"accounts: 10 is too few"}},
		{"negative posts", sim.Config{Accounts: 100, Posts: -1}, []string{"posts: -1"}},
		{"every problem at once", sim.Config{Accounts: 1, Posts: -1, Days: -2, Platforms: []string{"x", "x", ""}},
			[]string{"accounts:", "posts:", "days:", `"x" is listed twice`, "platforms[2]: empty"}},
		{"bad mix", sim.Config{Accounts: 100, AccountMix: sim.Mix{Organic: -1}}, []string{"account_mix: share of organic is -1"}},
		{"small networks", sim.Config{Accounts: 100, BotNetworkSize: 3}, []string{"bot_network_size: 3"}},
		{"old start", sim.Config{Accounts: 100, Start: time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"start: year 2005"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sim.Generate(t.Context(), tt.cfg, &bytes.Buffer{}, &bytes.Buffer{})
			if err == nil {
				t.Fatal("no error")
			}
			if rampart.ErrorCode(err) != rampart.EINVALID {
				t.Errorf("code %q, want %q", rampart.ErrorCode(err), rampart.EINVALID)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	if err := (sim.Config{Accounts: 100}).Validate(); err != nil {
		t.Errorf("minimal config: %v", err)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := sim.Generate(ctx, sim.Config{Accounts: 200, Posts: 10_000}, &bytes.Buffer{}, &bytes.Buffer{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	_, err := sim.Generate(t.Context(), sim.Config{Accounts: 5000, Posts: 1000}, failWriter{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "write items: disk full") {
		t.Fatalf("got %v, want a write items error", err)
	}
}

func TestOtherPlatforms(t *testing.T) {
	r := generate(t, sim.Config{Seed: 3, Accounts: 300, Posts: 2000, Days: 2,
		Platforms: []string{rampart.PlatformInstagram, rampart.PlatformWhatsApp}})
	plats := map[string]int{}
	for _, it := range r.parsed {
		plats[it.Subject().Platform]++
	}
	if plats[rampart.PlatformInstagram] == 0 || plats[rampart.PlatformWhatsApp] == 0 || len(plats) != 2 {
		t.Errorf("platforms used: %v", plats)
	}
}
