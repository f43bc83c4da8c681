package sim

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/rampart-tt/rampart"
)

// Mix gives the relative share of each role. Shares need not sum to one:
// they are normalised. Evaders are not listed because they are made from
// propaganda accounts (see Config.EvasionRate).
type Mix struct {
	Organic       float64
	News          float64
	Researcher    float64
	CounterSpeech float64
	Activist      float64
	Propaganda    float64
	Bot           float64
}

func (m Mix) shares() [numRoles]float64 {
	var s [numRoles]float64
	s[roleOrganic] = m.Organic
	s[roleNews] = m.News
	s[roleResearcher] = m.Researcher
	s[roleCounter] = m.CounterSpeech
	s[roleActivist] = m.Activist
	s[rolePropaganda] = m.Propaganda
	s[roleBot] = m.Bot
	return s
}

func (m Mix) isZero() bool { return m == Mix{} }

// DefaultAccountMix is the share of accounts per role. Harmful roles are
// enriched far above their share on a real platform (well under 1%) so that
// a test set of a few thousand accounts holds enough of each to measure.
var DefaultAccountMix = Mix{Organic: 0.86, News: 0.015, Researcher: 0.01, CounterSpeech: 0.025,
	Activist: 0.03, Propaganda: 0.025, Bot: 0.035}

// DefaultPostMix is the share of posts written by each role (evaders post
// from the propaganda share; bots' share includes their bursts).
var DefaultPostMix = Mix{Organic: 0.68, News: 0.06, Researcher: 0.02, CounterSpeech: 0.04,
	Activist: 0.05, Propaganda: 0.07, Bot: 0.08}

// Config says what to generate. Zero fields take the defaults documented on
// each; Validate reports every problem at once.
type Config struct {
	Seed     uint64
	Accounts int // at least MinAccounts
	Posts    int // may be 0: accounts only
	// Start is when the first post may appear (default 2026-01-01T00:00:00Z).
	Start time.Time
	// Days is the length of the posting period (default 30).
	Days int
	// Platforms lists the platforms accounts are spread over (default x,
	// telegram, facebook). Other names are allowed and get generic ids.
	Platforms []string
	// AccountMix and PostMix default to DefaultAccountMix and DefaultPostMix.
	AccountMix Mix
	PostMix    Mix
	// EvasionRate is the share of propaganda accounts that are removed and
	// re-created by their owners, one to three times (default 0.3; negative
	// means none).
	EvasionRate float64
	// BotNetworkSize is the mean number of accounts in a bot network
	// (default 12, at least 6 so that bursts reach 5 accounts).
	BotNetworkSize int
}

// MinAccounts is the smallest population Generate accepts: below it some
// roles would have no member.
const MinAccounts = 100

// MaxPosts caps one run; larger runs should be split by seed.
const MaxPosts = 100_000_000

// DefaultStart is the default start of the posting period.
var DefaultStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// WithDefaults returns the config with zero fields replaced by defaults.
func (c Config) WithDefaults() Config {
	if c.Start.IsZero() {
		c.Start = DefaultStart
	}
	c.Start = c.Start.UTC()
	if c.Days == 0 {
		c.Days = 30
	}
	if len(c.Platforms) == 0 {
		c.Platforms = []string{rampart.PlatformX, rampart.PlatformTelegram, rampart.PlatformFacebook}
	}
	if c.AccountMix.isZero() {
		c.AccountMix = DefaultAccountMix
	}
	if c.PostMix.isZero() {
		c.PostMix = DefaultPostMix
	}
	if c.EvasionRate == 0 {
		c.EvasionRate = 0.3
	}
	if c.EvasionRate < 0 {
		c.EvasionRate = 0
	}
	if c.BotNetworkSize == 0 {
		c.BotNetworkSize = 12
	}
	return c
}

// Validate checks a config after defaults are applied and reports every
// problem at once.
func (c Config) Validate() error {
	c = c.WithDefaults()
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Accounts < MinAccounts {
		bad("accounts: %d is too few; need at least %d so that every role has members", c.Accounts, MinAccounts)
	}
	if c.Posts < 0 || c.Posts > MaxPosts {
		bad("posts: %d is outside 0..%d", c.Posts, MaxPosts)
	}
	if c.Days < 1 || c.Days > 3650 {
		bad("days: %d is outside 1..3650", c.Days)
	}
	if y := c.Start.Year(); y < 2011 || y > 2200 {
		bad("start: year %d is outside 2011..2200 (X ids are derived from time since November 2010)", y)
	}
	for i, p := range c.Platforms {
		if p == "" {
			bad("platforms[%d]: empty name", i)
		}
		if slices.Index(c.Platforms, p) != i {
			bad("platforms[%d]: %q is listed twice", i, p)
		}
	}
	for _, m := range []struct {
		name string
		mix  Mix
	}{{"account_mix", c.AccountMix}, {"post_mix", c.PostMix}} {
		sum := 0.0
		for r, v := range m.mix.shares() {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				bad("%s: share of %s is %v; want a finite number >= 0", m.name, roleNames[r], v)
			}
			sum += v
		}
		if !(sum > 0) {
			bad("%s: all shares are zero", m.name)
		}
	}
	if c.EvasionRate > 1 || math.IsNaN(c.EvasionRate) {
		bad("evasion_rate: %v is above 1", c.EvasionRate)
	}
	if c.BotNetworkSize < 6 || c.BotNetworkSize > 1000 {
		bad("bot_network_size: %d is outside 6..1000", c.BotNetworkSize)
	}
	return errors.Join(errs...)
}
