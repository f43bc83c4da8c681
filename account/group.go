package account

import (
	"slices"

	"github.com/rampart-tt/rampart"
)

// Activity is one account of a window with the posts it wrote there.
// Account is nil when the account was seen only as a post author.
type Activity struct {
	Subject rampart.Subject
	Account *rampart.Account
	Posts   []rampart.Post
}

// GroupByAccount gathers a window of items by (platform, account id), in
// order of first appearance. Posts without an author are skipped: there is
// no account to score.
func GroupByAccount(window []rampart.Item) []Activity {
	type key struct{ platform, id string }
	pos := map[key]int{}
	var out []Activity
	at := func(platform, id string) *Activity {
		k := key{platform, id}
		i, ok := pos[k]
		if !ok {
			i = len(out)
			pos[k] = i
			out = append(out, Activity{Subject: rampart.Subject{Platform: platform, Kind: rampart.KindAccount, ID: id}})
		}
		return &out[i]
	}
	for _, it := range window {
		switch {
		case it.Account != nil:
			if it.Account.ID == "" {
				continue
			}
			at(it.Account.Platform, it.Account.ID).Account = it.Account
		case it.Post != nil:
			if it.Post.AccountID == "" {
				continue
			}
			a := at(it.Post.Platform, it.Post.AccountID)
			a.Posts = append(a.Posts, *it.Post)
		}
	}
	return slices.Clip(out)
}
