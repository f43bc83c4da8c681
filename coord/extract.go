package coord

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/textnorm"
	"github.com/rampart-tt/rampart/urlcanon"
)

// addPost turns one post into share records, one per object per layer.
func (b *builder) addPost(it rampart.Item) error {
	p := it.Post
	if p.AccountID == "" || p.CreatedAt.IsZero() {
		b.stats.PostsSkipped++
		return nil
	}
	b.stats.Posts++
	acct := b.account(p.Platform, p.AccountID)
	msg := b.nextMsg()
	t := p.CreatedAt.UnixMilli()
	b.seen(t)
	if b.cfg.Groups != nil {
		for _, g := range b.cfg.Groups(it) {
			b.addGroup(acct, g)
		}
	}
	add := func(layer string, key string) error {
		return b.addShare(uint8(layerIndex(layer)), key, t, acct, msg)
	}
	if p.RepostOf != "" && b.cfg.uses(LayerRepost) {
		// Post ids are only unique within a platform.
		if err := add(LayerRepost, p.Platform+":"+p.RepostOf); err != nil {
			return err
		}
	}
	if b.cfg.uses(LayerURL) {
		var keys []string
		for _, u := range postURLs(p) {
			c, err := urlcanon.Canonical(u)
			if err != nil {
				b.stats.BadURLs++
				continue
			}
			if c.Shortener {
				// Kept as itself: resolving it would contact the shortener.
				b.stats.ShortenedURLs++
			}
			keys = append(keys, c.Canonical)
		}
		slices.Sort(keys)
		for _, k := range slices.Compact(keys) {
			if err := add(LayerURL, k); err != nil {
				return err
			}
		}
	}
	if len(p.Hashtags) >= 2 && b.cfg.uses(LayerHashtags) {
		tags := make([]string, 0, len(p.Hashtags))
		for _, h := range p.Hashtags {
			if k := textnorm.Compact(h); k != "" {
				tags = append(tags, "#"+k)
			}
		}
		if len(tags) >= 2 {
			if err := add(LayerHashtags, strings.Join(tags, " ")); err != nil {
				return err
			}
		}
	}
	if b.cfg.uses(LayerMedia) {
		var keys []string
		for _, m := range p.Media {
			switch {
			case m.SHA256 != "":
				keys = append(keys, "sha256:"+strings.ToLower(m.SHA256))
			case m.PDQ != "":
				keys = append(keys, "pdq:"+strings.ToLower(m.PDQ))
			}
		}
		slices.Sort(keys)
		for _, k := range slices.Compact(keys) {
			if err := add(LayerMedia, k); err != nil {
				return err
			}
		}
	}
	// A repost's text is the original's: counting it again as text would
	// double every co-repost.
	if p.Text != "" && p.RepostOf == "" && b.cfg.uses(LayerText) {
		n := normText(p.Text)
		if utf8.RuneCountInString(n) >= b.cfg.MinTextRunes {
			b.stats.Texts++
			if err := b.addText(n, t, acct, msg); err != nil {
				return err
			}
		}
	}
	return nil
}

// postURLs returns the post's URLs, and links written in its text that the
// reader did not list, without duplicates.
func postURLs(p *rampart.Post) []string {
	out := slices.Clone(p.URLs)
	for _, f := range strings.Fields(p.Text) {
		if i := strings.Index(f, "http://"); i >= 0 {
			f = f[i:]
		} else if i := strings.Index(f, "https://"); i >= 0 {
			f = f[i:]
		} else {
			continue
		}
		out = append(out, strings.TrimRight(f, ".,;:!?)]}>\"'»”’…"))
	}
	slices.Sort(out)
	return slices.Compact(out)
}
