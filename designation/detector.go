package designation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
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
	// juriCache holds each group's jurisdictions with the span of time
	// they hold for (group → *juriEntry); recomputing and sorting them for
	// every signal was about 6% of rampart scan's time.
	juriCache sync.Map
}

// juriEntry is a group's jurisdictions, valid at times in [from, until);
// a zero bound is open. The bounds are the nearest listing or delisting
// dates of the group's designations on either side of the time they were
// computed for, between which no designation comes into or out of force.
type juriEntry struct {
	codes       []string
	from, until time.Time
}

func (e *juriEntry) holds(t time.Time) bool {
	return (e.from.IsZero() || !t.Before(e.from)) && (e.until.IsZero() || t.Before(e.until))
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
	return d.signals(found, d.Now()), nil
}

type fieldMention struct {
	field, text string
	m           rampart.Mention
}

// signals groups mentions by entity, in order of first appearance.
func (d *Detector) signals(found []fieldMention, now time.Time) []rampart.Signal {
	if len(found) == 0 {
		return nil
	}
	var out []rampart.Signal
	for _, f := range found {
		// A linear search: an item names few entities, and a map per
		// item cost more than the search in profiles of rampart scan.
		i := 0
		for i < len(out) && out[i].Entity != f.m.Entity {
			i++
		}
		if i == len(out) {
			i = len(out)
			out = append(out, rampart.Signal{
				Detector:      rampart.DetectorDesignation,
				Kind:          rampart.SignalMention,
				Entity:        f.m.Entity,
				Group:         f.m.Group,
				Jurisdictions: d.jurisdictions(f.m.Group, now),
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
// force at now designate group. Each call returns its own slice.
func (d *Detector) jurisdictions(group string, now time.Time) []string {
	if v, ok := d.juriCache.Load(group); ok {
		if e := v.(*juriEntry); e.holds(now) {
			return slices.Clone(e.codes)
		}
	}
	g, ok := d.reg.Entity(group)
	if !ok {
		return nil
	}
	e := &juriEntry{codes: d.computeJurisdictions(g, now)}
	for _, ds := range g.Designations {
		for _, p := range []time.Time{ds.ListedOn, ds.DelistedOn} {
			switch {
			case p.IsZero():
			case !now.Before(p):
				if e.from.IsZero() || p.After(e.from) {
					e.from = p
				}
			default:
				if e.until.IsZero() || p.Before(e.until) {
					e.until = p
				}
			}
		}
	}
	d.juriCache.Store(group, e)
	return slices.Clone(e.codes)
}

func (d *Detector) computeJurisdictions(g rampart.Entity, now time.Time) []string {
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
