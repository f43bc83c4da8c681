package account

import (
	"time"

	"github.com/rampart-tt/rampart"
)

// Score scores an account with the default model: the activity head when
// posts are given, the profile head otherwise. a may be nil for an account
// known only from its posts; now is the time age is measured at (zero: the
// newest post).
func Score(a *rampart.Account, posts []rampart.Post, now time.Time) BotScore {
	return defaultModel().Score(a, posts, now)
}

// Score scores an account with m; see the package function Score.
func (m *Model) Score(a *rampart.Account, posts []rampart.Post, now time.Time) BotScore {
	v := Extract(a, posts, now)
	name := HeadProfile
	if len(posts) > 0 {
		name = HeadActivity
	}
	return m.head(name).Predict(v)
}
