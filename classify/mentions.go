package classify

import (
	"fmt"
	"slices"
	"sync"
	"unicode"

	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
)

// namer finds designation features in text: "named" when any screened entity
// is named, "media_wing" when a media wing is, and "group:<id>" per group.
type namer struct {
	m     *designation.Matcher
	kinds map[string]string // entity id → kind
}

var (
	defaultNamerOnce sync.Once
	defaultNamer     *namer
	defaultNamerErr  error
)

// sharedNamer builds the matcher over the default registry once per process:
// it is immutable and safe for concurrent use, and building it is the
// expensive part.
func sharedNamer() (*namer, error) {
	defaultNamerOnce.Do(func() {
		reg, err := designation.Default()
		if err != nil {
			defaultNamerErr = fmt.Errorf("designation features: load default registry: %w", err)
			return
		}
		ents := reg.Screened(nil)
		m, err := designation.NewMatcher(ents, designation.MatcherOptions{})
		if err != nil {
			defaultNamerErr = fmt.Errorf("designation features: build matcher: %w", err)
			return
		}
		kinds := make(map[string]string, len(ents))
		for _, e := range ents {
			kinds[e.ID] = e.Kind
		}
		defaultNamer = &namer{m: m, kinds: kinds}
	})
	return defaultNamer, defaultNamerErr
}

// features returns the designation features of text, sorted and unique.
func (n *namer) features(text string) []string {
	f, _ := n.find(text)
	return f
}

// find returns the designation features of text and whether the names it
// found are all the text says: no letter, digit or emoji is left outside
// them (hashtag marks, punctuation and spaces do not count).
func (n *namer) find(text string) (features []string, namesOnly bool) {
	ms := n.m.Find(designation.FieldText, text)
	if len(ms) == 0 {
		return nil, false
	}
	namesOnly = true
	at := 0
	for _, m := range ms {
		if m.Start > at && hasContent(text[at:m.Start]) {
			namesOnly = false
		}
		at = max(at, m.End)
	}
	if namesOnly && at < len(text) && hasContent(text[at:]) {
		namesOnly = false
	}
	out := make([]string, 0, 2+len(ms))
	out = append(out, "named")
	for _, m := range ms {
		if n.kinds[m.Entity] == rampart.EntityMediaWing {
			out = append(out, "media_wing")
		}
		if m.Group != "" {
			out = append(out, "group:"+m.Group)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), namesOnly
}

// hasContent reports whether s has a letter, a digit or an emoji.
func hasContent(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || isPictograph(r) {
			return true
		}
	}
	return false
}
