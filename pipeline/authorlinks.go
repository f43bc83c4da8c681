package pipeline

import (
	"context"
	"fmt"
	"maps"

	"github.com/rampart-tt/rampart"
)

// AuthorField prefixes the evidence field of a link found on a post's
// author: "author.name" is the author's display name (a Telegram channel's
// title), "author.bio" its profile text.
const AuthorField = "author."

// LinkVia is the attribute a linked signal carries ("via": "author"), so a
// policy or a reviewer can tell a group named in the post from a group its
// author's profile names.
const LinkVia = "author"

// authorLinks runs the AuthorLinks detectors on the author account and
// returns their mention signals, rewritten to say where they were found.
// Only mentions are kept: the author's other signals (a bot score, say) are
// facts about the account, decided on the account's own finding.
// The slices and maps returned are shared by every post of the author and
// must not be changed.
func (p *Pipeline) authorLinks(ctx context.Context, author *rampart.Account) ([]rampart.Signal, error) {
	var out []rampart.Signal
	acct := rampart.Item{Account: author}
	for _, d := range p.cfg.AuthorLinks {
		found, err := d.Detect(ctx, acct)
		if err != nil {
			return nil, fmt.Errorf("detector %s: %w", d.Name(), err)
		}
		for _, s := range found {
			if s.Kind != rampart.SignalMention {
				continue
			}
			out = append(out, linked(s))
		}
	}
	return out, nil
}

// linked copies a signal found on the author so that the post's finding
// points at the author's field and says so; the detector's own slices and
// maps are not shared with it.
func linked(s rampart.Signal) rampart.Signal {
	ev := make([]rampart.Evidence, len(s.Evidence))
	for i, e := range s.Evidence {
		e.Field = AuthorField + e.Field
		ev[i] = e
	}
	s.Evidence = ev
	attrs := make(map[string]any, len(s.Attrs)+1)
	maps.Copy(attrs, s.Attrs)
	attrs["via"] = LinkVia
	s.Attrs = attrs
	return s
}
