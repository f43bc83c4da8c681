package pipeline

import "github.com/rampart-tt/rampart"

// authorCache remembers accounts by (platform, id) so that later posts can be
// given their author. It is bounded: when full, the older generation is
// dropped, so memory stays flat on inputs with more accounts than the bound.
type authorCache struct {
	max      int
	cur, old map[authorKey]*rampart.Account
}

type authorKey struct{ platform, id string }

func newAuthorCache(max int) *authorCache {
	return &authorCache{max: max, cur: map[authorKey]*rampart.Account{}}
}

// see records an account item and returns the author of a post item.
func (c *authorCache) see(it rampart.Item) *rampart.Account {
	switch {
	case it.Account != nil:
		k := authorKey{it.Account.Platform, it.Account.ID}
		if len(c.cur) >= c.max/2 {
			c.old, c.cur = c.cur, make(map[authorKey]*rampart.Account, len(c.cur))
		}
		c.cur[k] = it.Account
	case it.Post != nil && it.Post.AccountID != "":
		k := authorKey{it.Post.Platform, it.Post.AccountID}
		if a, ok := c.cur[k]; ok {
			return a
		}
		if a, ok := c.old[k]; ok {
			return a
		}
	}
	return nil
}
