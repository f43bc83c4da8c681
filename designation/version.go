package designation

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/textnorm"
)

// Overlay returns the registry in force: base (normally Default()) with
// the imported lists laid over it. imports holds versions of lists in the
// order they were imported; the last version of each list is the one in
// force, and earlier versions serve only to date delistings.
//
// Each imported entity is merged into one registry entity: first by a
// reference it shares with a registry entity of the same authority (UN
// QDe.132, OFAC "SDN 12206"), then by an exact normalised name or non-weak
// alias (textnorm.Compact) of an entity of the same sort (a person with a
// person, an organisation with an organisation, media wing or sub-unit),
// and only when that name points at exactly one entity. Names are never
// compared by similarity. An entity matched by nothing is added under its
// import id ("un/...", "pk_nacta/..."). Matched entities keep their id,
// kind, group, category and relations; they gain the list's aliases and its
// designations.
//
// Delisting: a designation that an earlier version of a list carried and
// the latest does not is marked DelistedOn the date of the first version
// without it (its Published date, or the day it was imported when the list
// carries none). Designation.InForce then excludes it for findings made from
// that date; findings made before keep the registry version they were made
// under, and that version can be rebuilt from the stored list versions. An
// entity known only from an imported list and delisted from it is left out
// of the registry in force. A designation known only from the shipped data
// is never delisted by an import that does not mention it.
//
// The version is base's followed by "+<list>-<n>" for each list in force,
// n being the store's version id (or the first 8 hex digits of the file's
// SHA-256 for an unstored import), e.g. "seed-0123456789ab+ofac-4+un-7".
func Overlay(base *Registry, imports []ListImport) (*Registry, error) {
	if base == nil {
		return nil, fmt.Errorf("overlay: no base registry")
	}
	o := newOverlay(base)
	byList := map[string][]ListImport{}
	for _, li := range imports {
		if err := li.Validate(); err != nil {
			return nil, fmt.Errorf("overlay %s version %d: %w", li.List, li.Version, err)
		}
		byList[li.List] = append(byList[li.List], li)
	}
	lists := make([]string, 0, len(byList))
	for l := range byList {
		lists = append(lists, l)
	}
	slices.Sort(lists)
	version := base.Version()
	for _, l := range lists {
		vs := byList[l]
		latest := vs[len(vs)-1]
		o.apply(latest)
		o.delist(vs)
		version += "+" + l + "-" + versionTag(latest)
	}
	out := make([]rampart.Entity, 0, len(o.order))
	for _, id := range o.order {
		out = append(out, *o.ents[id])
	}
	r, err := New(version, out)
	if err != nil {
		return nil, fmt.Errorf("overlay: %w", err)
	}
	return r, nil
}

func versionTag(li ListImport) string {
	switch {
	case li.Version > 0:
		return fmt.Sprint(li.Version)
	case len(li.SHA256) >= 8:
		return li.SHA256[:8]
	}
	return "unsaved"
}

// overlay is the registry being built, with the indexes entities are
// matched by.
type overlay struct {
	ents  map[string]*rampart.Entity
	order []string
	refs  map[string]string          // authority|reference -> entity id
	names map[string]map[string]bool // sort|compact name -> entity ids
}

func newOverlay(base *Registry) *overlay {
	o := &overlay{ents: map[string]*rampart.Entity{}, refs: map[string]string{}, names: map[string]map[string]bool{}}
	for _, e := range base.Entities() {
		c := e
		c.Aliases = slices.Clone(e.Aliases)
		c.Designations = slices.Clone(e.Designations)
		c.Relations = slices.Clone(e.Relations)
		o.ents[c.ID] = &c
		o.order = append(o.order, c.ID)
		o.index(&c)
	}
	return o
}

// sortOf puts people apart from everything else: a person and an
// organisation that share a name are not the same entity.
func sortOf(kind string) string {
	if kind == rampart.EntityPerson {
		return "p|"
	}
	return "o|"
}

func (o *overlay) index(e *rampart.Entity) {
	for _, d := range e.Designations {
		if d.Reference != "" {
			k := d.Authority + "|" + d.Reference
			if _, ok := o.refs[k]; !ok {
				o.refs[k] = e.ID
			}
		}
	}
	add := func(text string) {
		k := textnorm.Compact(text)
		if k == "" {
			return
		}
		k = sortOf(e.Kind) + k
		if o.names[k] == nil {
			o.names[k] = map[string]bool{}
		}
		o.names[k][e.ID] = true
	}
	add(e.Name)
	for _, a := range e.Aliases {
		if !a.Weak {
			add(a.Text)
		}
	}
}

// resolve finds the registry entity an imported one is, or "".
func (o *overlay) resolve(e rampart.Entity) string {
	for _, d := range e.Designations {
		if d.Reference == "" {
			continue
		}
		if id, ok := o.refs[d.Authority+"|"+d.Reference]; ok {
			return id
		}
	}
	unique := func(text string) string {
		ids := o.names[sortOf(e.Kind)+textnorm.Compact(text)]
		if len(ids) != 1 {
			return ""
		}
		for id := range ids {
			return id
		}
		return ""
	}
	if id := unique(e.Name); id != "" {
		return id
	}
	found := ""
	for _, a := range e.Aliases {
		if a.Weak {
			continue
		}
		id := unique(a.Text)
		if id == "" {
			continue
		}
		if found != "" && found != id {
			return "" // aliases point at two entities: leave it for review
		}
		found = id
	}
	return found
}

// apply merges the entities of one list version into the registry.
func (o *overlay) apply(li ListImport) {
	// Resolve against the registry as it was before this version, so that
	// two listings in one version (namesakes on a list) are never merged
	// with each other.
	targets := make([]string, len(li.Entities))
	for i, e := range li.Entities {
		targets[i] = o.resolve(e)
	}
	for i, ie := range li.Entities {
		id := targets[i]
		if id == "" {
			c := ie
			c.ID = o.freeID(ie.ID)
			c.Group = c.ID
			c.Aliases = slices.Clone(ie.Aliases)
			c.Designations = slices.Clone(ie.Designations)
			c.Relations = slices.Clone(ie.Relations)
			o.ents[c.ID] = &c
			o.order = append(o.order, c.ID)
			o.index(&c)
			continue
		}
		e := o.ents[id]
		for _, a := range ie.Aliases {
			addMergedAlias(e, a)
		}
		for _, d := range ie.Designations {
			applyDesignation(e, d)
		}
		o.index(e)
	}
}

func (o *overlay) freeID(id string) string {
	out := id
	for n := 2; o.ents[out] != nil; n++ {
		out = fmt.Sprintf("%s_%d", id, n)
	}
	return out
}

// addMergedAlias adds a unless e has an alias with the same normalised
// text (and, for a case-sensitive alias, the same spelling): the lists
// write one name in capitals and in title case.
func addMergedAlias(e *rampart.Entity, a rampart.Alias) {
	k := textnorm.Compact(a.Text)
	for _, x := range e.Aliases {
		if x.Text == a.Text || (textnorm.Compact(x.Text) == k && !x.CaseSensitive && !a.CaseSensitive) {
			return
		}
	}
	if e.Kind == rampart.EntityPerson {
		a.WholeToken = true
	}
	e.Aliases = append(e.Aliases, a)
}

// applyDesignation lays an imported designation over e's. The import is
// authoritative for its list: a designation with the same list and
// reference takes the import's dates and source. When e has exactly one
// designation on that list and one side has no reference (or the seed's
// name-as-reference), they are the same listing and are completed from each
// other. Otherwise it is added.
func applyDesignation(e *rampart.Entity, d rampart.Designation) {
	var same []int
	for i, x := range e.Designations {
		if x.List != d.List {
			continue
		}
		if x.Reference == d.Reference {
			same = []int{i}
			break
		}
		same = append(same, i)
	}
	if len(same) == 1 {
		x := &e.Designations[same[0]]
		if x.Reference == d.Reference || x.Reference == "" || d.Reference == "" || x.Reference == e.Name {
			if d.Reference != "" {
				x.Reference = d.Reference
			}
			if !d.ListedOn.IsZero() {
				x.ListedOn = d.ListedOn
			}
			x.DelistedOn = d.DelistedOn
			switch {
			case d.Source == "" || strings.Contains(x.Source, d.Source):
			case x.Reference == d.Reference:
				x.Source = d.Source // the list itself is the better citation
			default:
				x.Source = strings.TrimPrefix(x.Source+"; "+d.Source, "; ")
			}
			return
		}
	}
	e.Designations = append(e.Designations, d)
	slices.SortStableFunc(e.Designations, func(a, b rampart.Designation) int { return cmp.Compare(a.List, b.List) })
}

// designationKey identifies one listing across versions of a list.
func designationKey(e rampart.Entity, d rampart.Designation) string {
	if d.Reference != "" {
		return d.List + "|" + d.Reference
	}
	return d.List + "|id:" + e.ID
}

// delist marks the listings that earlier versions of a list carried and
// the latest does not.
func (o *overlay) delist(vs []ListImport) {
	type seen struct {
		e     rampart.Entity
		d     rampart.Designation
		since time.Time // first version without it; zero while present
	}
	state := map[string]*seen{}
	var keys []string
	for _, v := range vs {
		present := map[string]bool{}
		for _, e := range v.Entities {
			for _, d := range e.Designations {
				k := designationKey(e, d)
				present[k] = true
				if state[k] == nil {
					keys = append(keys, k)
				}
				state[k] = &seen{e: e, d: d}
			}
		}
		when := v.Published
		if when.IsZero() {
			when = v.Imported
		}
		for k, s := range state {
			if !present[k] && s.since.IsZero() {
				s.since = when
				if s.since.IsZero() {
					// An unstored import with no date: the delisting is
					// known, its day is not; time.Time{} would read as
					// "never delisted", so the earliest instant is used.
					s.since = time.Unix(0, 0).UTC()
				}
			}
		}
	}
	for _, k := range keys {
		s := state[k]
		if s.since.IsZero() {
			continue
		}
		id := o.resolve(s.e)
		if id == "" {
			continue
		}
		d := s.d
		d.DelistedOn = s.since
		applyDelisting(o.ents[id], d)
	}
}

// applyDelisting sets the delisting date on e's matching designation, or
// records the delisted designation when e lacks it.
func applyDelisting(e *rampart.Entity, d rampart.Designation) {
	for i := range e.Designations {
		x := &e.Designations[i]
		if x.List == d.List && (x.Reference == d.Reference || x.Reference == "" || x.Reference == e.Name) {
			if x.DelistedOn.IsZero() {
				x.DelistedOn = d.DelistedOn
			}
			return
		}
	}
	applyDesignation(e, d)
}
