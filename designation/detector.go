package designation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// Detector is the rampart.Detector for designated entities: it finds their
// names in posts (text and hashtags) and accounts (handle, display name,
// bio) and returns one mention signal per entity.
type Detector struct {
	reg   *Registry
	m     *Matcher
	juris map[string][]string
	// Now is the clock used to decide which designations are in force.
	Now func() time.Time
}

// NewDetector builds a detector over a registry and a matcher compiled from
// (some of) its entities. juris, when non-nil, is the deployment's
// jurisdictions and the lists in force in each, e.g. {"PK": ["nacta", "un"],
// "GB": ["uk", "un"]}; when nil, a signal's jurisdictions are those recorded
// on the group's designations.
func NewDetector(reg *Registry, m *Matcher, juris map[string][]string) *Detector {
	return &Detector{reg: reg, m: m, juris: juris, Now: time.Now}
}

// Name returns "designation".
func (d *Detector) Name() string { return rampart.DetectorDesignation }

// Detect matches the fields of one item. It never fails on content; it
// returns ctx's error if ctx is done.
func (d *Detector) Detect(ctx context.Context, it rampart.Item) ([]rampart.Signal, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var found []fieldMention
	addAll := func(field, text string) {
		if text == "" {
			return
		}
		for _, mn := range d.m.Find(field, text) {
			found = append(found, fieldMention{field: field, text: text, m: mn})
		}
	}
	switch {
	case it.Post != nil:
		p := it.Post
		addAll(FieldText, p.Text)
		for i, h := range p.Hashtags {
			tag := strings.TrimPrefix(h, "#")
			if tag == "" || hasHashtag(p.Text, tag) {
				continue // already matched as part of the text
			}
			// Offsets are into the hashtag as given, so the field names
			// the element.
			field := fmt.Sprintf("hashtags[%d]", i)
			for _, mn := range d.m.Find(FieldHashtag, h) {
				found = append(found, fieldMention{field: field, text: h, m: mn})
			}
		}
	case it.Account != nil:
		a := it.Account
		addAll(FieldHandle, a.Handle)
		addAll(FieldName, a.Name)
		addAll(FieldBio, a.Bio)
	}
	return d.signals(found), nil
}

type fieldMention struct {
	field, text string
	m           rampart.Mention
}

// signals groups mentions by entity, in order of first appearance.
func (d *Detector) signals(found []fieldMention) []rampart.Signal {
	if len(found) == 0 {
		return nil
	}
	var out []rampart.Signal
	index := map[string]int{}
	for _, f := range found {
		i, ok := index[f.m.Entity]
		if !ok {
			i = len(out)
			index[f.m.Entity] = i
			out = append(out, rampart.Signal{
				Detector:      rampart.DetectorDesignation,
				Kind:          rampart.SignalMention,
				Entity:        f.m.Entity,
				Group:         f.m.Group,
				Jurisdictions: d.jurisdictions(f.m.Group),
				Attrs:         map[string]any{},
			})
		}
		s := &out[i]
		s.Evidence = append(s.Evidence, rampart.Evidence{
			Field: f.field, Start: f.m.Start, End: f.m.End, Text: f.text[f.m.Start:f.m.End],
		})
		if f.m.Score > s.Score {
			s.Score = f.m.Score
			s.Attrs["alias"] = f.m.Alias
			s.Attrs["method"] = f.m.Method
		}
	}
	return out
}

// jurisdictions returns the sorted country or authority codes whose lists in
// force designate group.
func (d *Detector) jurisdictions(group string) []string {
	g, ok := d.reg.Entity(group)
	if !ok {
		return nil
	}
	now := d.Now()
	if d.juris == nil {
		return Jurisdictions(g, now)
	}
	var out []string
	for code, lists := range d.juris {
		for _, ds := range g.Designations {
			if slices.Contains(lists, ds.List) && ds.InForce(now) {
				out = append(out, code)
				break
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// hasHashtag reports whether text contains "#"+tag, ignoring case, without
// allocating: most posts with hashtags carry them in the text too.
func hasHashtag(text, tag string) bool {
	for i := strings.IndexByte(text, '#'); i >= 0; {
		rest := text[i+1:]
		if len(rest) >= len(tag) && strings.EqualFold(rest[:len(tag)], tag) {
			return true
		}
		j := strings.IndexByte(rest, '#')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}
