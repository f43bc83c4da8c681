package account

import (
	"context"
	"fmt"
	"time"

	"github.com/rampart-tt/rampart"
)

// BotAnalyzer emits a bot score for every account of a window.
type BotAnalyzer struct {
	model *Model
	clock func() time.Time
	fixed bool    // measure age at clock() even for accounts with posts
	min   float64 // scores below are not reported
}

// BotOption configures a BotAnalyzer.
type BotOption func(*BotAnalyzer)

// WithNow fixes the clock age is measured at for every account. By default
// age is measured at each account's newest post in the window, so that
// scoring an old export gives the ages the accounts had then, and at
// time.Now for accounts without posts.
func WithNow(now func() time.Time) BotOption {
	return func(b *BotAnalyzer) { b.clock, b.fixed = now, true }
}

// WithMinScore reports only accounts scoring at least min. A score is a
// signal only when it says something: reporting every account's low score
// would give every account a finding.
func WithMinScore(min float64) BotOption {
	return func(b *BotAnalyzer) { b.min = min }
}

// NewAnalyzer returns an analyzer (name "bot") that scores every account in
// a window with model (nil: the default model).
func NewAnalyzer(model *Model, opts ...BotOption) *BotAnalyzer {
	if model == nil {
		model = defaultModel()
	}
	b := &BotAnalyzer{model: model, clock: time.Now}
	for _, o := range opts {
		o(b)
	}
	return b
}

// Name returns "bot".
func (b *BotAnalyzer) Name() string { return rampart.DetectorBot }

// Analyze scores each account of the window once and reports those at or
// above the minimum score (all of them by default).
func (b *BotAnalyzer) Analyze(ctx context.Context, window []rampart.Item) ([]rampart.SubjectSignal, error) {
	groups := GroupByAccount(window)
	out := make([]rampart.SubjectSignal, 0, len(groups))
	for i, g := range groups {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("bot analyzer: %w", err)
			}
		}
		var now time.Time // zero: the newest post
		if b.fixed || len(g.Posts) == 0 {
			now = b.clock()
		}
		s := b.model.Score(g.Account, g.Posts, now)
		if s.Value < b.min {
			continue
		}
		out = append(out, rampart.SubjectSignal{Subject: g.Subject, Signal: b.signal(s)})
	}
	return out, nil
}

func (b *BotAnalyzer) signal(s BotScore) rampart.Signal {
	top := make([]any, len(s.Top))
	for i, c := range s.Top {
		top[i] = map[string]any{"name": c.Name, "value": c.Value, "contribution": c.Contribution}
	}
	missing := make([]any, len(s.Missing))
	for i, m := range s.Missing {
		missing[i] = m
	}
	return rampart.Signal{
		Detector: rampart.DetectorBot,
		Kind:     rampart.SignalBotScore,
		Score:    s.Value,
		Attrs: map[string]any{
			"top_features": top,
			"missing":      missing,
			"model":        b.model.Version,
			"head":         s.Head,
		},
	}
}
