package pipeline

import (
	"sync"

	"github.com/rampart-tt/rampart"
)

// author is an account remembered for the posts that follow it, with the
// links its profile gives them, found once (by whichever worker first needs
// them) however many posts it has.
type author struct {
	acct  *rampart.Account
	once  sync.Once
	links []rampart.Signal
	err   error
}

// account returns the account, nil for an unknown author.
func (a *author) account() *rampart.Account {
	if a == nil {
		return nil
	}
	return a.acct
}

// authorCache remembers accounts by (platform, id) so that later posts can be
// given their author. It is bounded: when full, the older generation is
// dropped, so memory stays flat on inputs with more accounts than the bound.
type authorCache struct {
	max      int
	cur, old generation
}

func newAuthorCache(max int) *authorCache {
	return &authorCache{max: max, cur: newGeneration(0)}
}

// see records an account item and returns the author of a post item.
func (c *authorCache) see(it rampart.Item) *author {
	switch {
	case it.Account != nil:
		if c.cur.len() >= c.max/2 {
			c.old, c.cur = c.cur, newGeneration(c.cur.len())
		}
		c.cur.put(it.Account.Platform, it.Account.ID, &author{acct: it.Account})
	case it.Post != nil && it.Post.AccountID != "":
		if a, ok := c.cur.get(it.Post.Platform, it.Post.AccountID); ok {
			return a
		}
		if a, ok := c.old.get(it.Post.Platform, it.Post.AccountID); ok {
			return a
		}
	}
	return nil
}

// generation is one half of the cache. Keys that fit are stored inline as a
// packedKey: looking up a string-pair key compared the stored strings, whose
// bytes lie elsewhere on the heap and missed the cache on most posts (about
// a twentieth of rampart scan's time in profiles); an inline key is
// compared within the map's own slot.
type generation struct {
	packed map[packedKey]*author
	long   map[authorKey]*author // keys too long to pack
}

type authorKey struct{ platform, id string }

// packedKey is len(platform), platform, len(id), id, then zeros: lengths
// first, so that distinct pairs never pack alike.
type packedKey [40]byte

func pack(platform, id string) (packedKey, bool) {
	var k packedKey
	if 2+len(platform)+len(id) > len(k) {
		return k, false
	}
	k[0] = byte(len(platform))
	n := 1 + copy(k[1:], platform)
	k[n] = byte(len(id))
	copy(k[n+1:], id)
	return k, true
}

func newGeneration(size int) generation {
	return generation{packed: make(map[packedKey]*author, size)}
}

func (g *generation) len() int { return len(g.packed) + len(g.long) }

func (g *generation) put(platform, id string, a *author) {
	if k, ok := pack(platform, id); ok {
		g.packed[k] = a
		return
	}
	if g.long == nil {
		g.long = map[authorKey]*author{}
	}
	g.long[authorKey{platform, id}] = a
}

func (g *generation) get(platform, id string) (*author, bool) {
	if k, ok := pack(platform, id); ok {
		a, ok := g.packed[k]
		return a, ok
	}
	a, ok := g.long[authorKey{platform, id}]
	return a, ok
}
