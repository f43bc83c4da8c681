package designation

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// Diff is what changed between two registries: entities added and removed,
// aliases added and removed per entity (with the group, which is what a
// rescan re-runs stored items for), and designations added, removed,
// delisted, relisted or changed. It is plain data: it marshals to JSON and
// WriteText prints it for people.
type Diff struct {
	From         string              `json:"from"`
	To           string              `json:"to"`
	Added        []EntityRef         `json:"added_entities,omitempty"`
	Removed      []EntityRef         `json:"removed_entities,omitempty"`
	Aliases      []AliasChange       `json:"aliases,omitempty"`
	Designations []DesignationChange `json:"designations,omitempty"`
}

// EntityRef names an entity in a Diff.
type EntityRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Group string `json:"group"`
}

// AliasChange lists one entity's aliases that appeared or disappeared. An
// alias whose matching flags changed (weak, case-sensitive, whole-token,
// needs-context) counts as removed in its old form and added in its new.
type AliasChange struct {
	Entity  string          `json:"entity"`
	Group   string          `json:"group"`
	Added   []rampart.Alias `json:"added,omitempty"`
	Removed []rampart.Alias `json:"removed,omitempty"`
}

// Designation change kinds.
const (
	ChangeAdded    = "added"
	ChangeRemoved  = "removed"
	ChangeDelisted = "delisted"
	ChangeRelisted = "relisted"
	ChangeChanged  = "changed"
)

// DesignationChange is one listing that changed. Old is nil for an added
// listing, New for a removed one.
type DesignationChange struct {
	Entity string               `json:"entity"`
	Group  string               `json:"group"`
	Change string               `json:"change"`
	Old    *rampart.Designation `json:"old,omitempty"`
	New    *rampart.Designation `json:"new,omitempty"`
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool {
	return len(d.Added)+len(d.Removed)+len(d.Aliases)+len(d.Designations) == 0
}

// Groups returns the sorted groups whose aliases or designations changed:
// stored items that mention them (or could now) are the ones to rescan.
func (d Diff) Groups() []string {
	var out []string
	for _, a := range d.Aliases {
		out = append(out, a.Group)
	}
	for _, c := range d.Designations {
		out = append(out, c.Group)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// DiffRegistries compares two registries entity by entity (by id). Entities
// appear in the new registry's order, then removed ones in the old's.
func DiffRegistries(old, new *Registry) Diff {
	d := Diff{From: old.Version(), To: new.Version()}
	for _, ne := range new.Entities() {
		oe, had := old.Entity(ne.ID)
		if !had {
			d.Added = append(d.Added, refOf(ne))
			oe = rampart.Entity{ID: ne.ID, Group: ne.Group}
		}
		d.compare(oe, ne)
	}
	for _, oe := range old.Entities() {
		if _, ok := new.Entity(oe.ID); !ok {
			d.Removed = append(d.Removed, refOf(oe))
			d.compare(oe, rampart.Entity{ID: oe.ID, Group: oe.Group})
		}
	}
	return d
}

func refOf(e rampart.Entity) EntityRef {
	return EntityRef{ID: e.ID, Name: e.Name, Kind: e.Kind, Group: e.Group}
}

// aliasKey is what matching depends on: the text and the flags.
func aliasKey(a rampart.Alias) string {
	return fmt.Sprintf("%s\x00%t%t%t%t", a.Text, a.Weak, a.CaseSensitive, a.WholeToken, a.NeedsContext)
}

func (d *Diff) compare(oe, ne rampart.Entity) {
	group := ne.Group
	if ne.Kind == "" { // removed
		group = oe.Group
	}
	ch := AliasChange{Entity: ne.ID, Group: group}
	had := map[string]bool{}
	for _, a := range oe.Aliases {
		had[aliasKey(a)] = true
	}
	has := map[string]bool{}
	for _, a := range ne.Aliases {
		has[aliasKey(a)] = true
		if !had[aliasKey(a)] {
			ch.Added = append(ch.Added, a)
		}
	}
	for _, a := range oe.Aliases {
		if !has[aliasKey(a)] {
			ch.Removed = append(ch.Removed, a)
		}
	}
	if len(ch.Added)+len(ch.Removed) > 0 {
		d.Aliases = append(d.Aliases, ch)
	}
	oldDs := map[string]rampart.Designation{}
	for _, x := range oe.Designations {
		oldDs[designationKey(oe, x)] = x
	}
	seen := map[string]bool{}
	for _, n := range ne.Designations {
		k := designationKey(ne, n)
		seen[k] = true
		o, ok := oldDs[k]
		change := ""
		switch {
		case !ok:
			change = ChangeAdded
		case o.DelistedOn.IsZero() && !n.DelistedOn.IsZero():
			change = ChangeDelisted
		case !o.DelistedOn.IsZero() && n.DelistedOn.IsZero():
			change = ChangeRelisted
		case o != n:
			change = ChangeChanged
		default:
			continue
		}
		c := DesignationChange{Entity: ne.ID, Group: group, Change: change, New: &n}
		if ok {
			c.Old = &o
		}
		d.Designations = append(d.Designations, c)
	}
	for _, o := range oe.Designations {
		if !seen[designationKey(oe, o)] {
			d.Designations = append(d.Designations, DesignationChange{Entity: oe.ID, Group: group, Change: ChangeRemoved, Old: &o})
		}
	}
}

// WriteText prints the diff for people: one line per change, grouped.
func (d Diff) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "registry %s -> %s\n", d.From, d.To)
	if d.Empty() {
		b.WriteString("no changes\n")
	}
	for _, e := range d.Added {
		fmt.Fprintf(&b, "+ entity %s (%s, group %s): %s\n", e.ID, e.Kind, e.Group, e.Name)
	}
	for _, e := range d.Removed {
		fmt.Fprintf(&b, "- entity %s (%s, group %s): %s\n", e.ID, e.Kind, e.Group, e.Name)
	}
	for _, c := range d.Designations {
		fmt.Fprintf(&b, "%s designation %s: %s\n", changeMark(c.Change), c.Entity, describeChange(c))
	}
	for _, a := range d.Aliases {
		for _, x := range a.Added {
			fmt.Fprintf(&b, "+ alias %s: %s\n", a.Entity, describeAlias(x))
		}
		for _, x := range a.Removed {
			fmt.Fprintf(&b, "- alias %s: %s\n", a.Entity, describeAlias(x))
		}
	}
	if g := d.Groups(); len(g) > 0 {
		fmt.Fprintf(&b, "groups to rescan: %s\n", strings.Join(g, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func changeMark(change string) string {
	switch change {
	case ChangeAdded, ChangeRelisted:
		return "+"
	case ChangeRemoved, ChangeDelisted:
		return "-"
	}
	return "~"
}

func describeChange(c DesignationChange) string {
	x := c.New
	if x == nil {
		x = c.Old
	}
	s := fmt.Sprintf("%s %s %s", c.Change, x.List, orDash(x.Reference))
	switch c.Change {
	case ChangeDelisted:
		s += " on " + x.DelistedOn.Format(time.DateOnly)
	case ChangeAdded, ChangeRelisted:
		if !x.ListedOn.IsZero() {
			s += " listed " + x.ListedOn.Format(time.DateOnly)
		}
	case ChangeChanged:
		if !c.Old.ListedOn.Equal(c.New.ListedOn) {
			s += fmt.Sprintf(" listed %s -> %s", dateOr(c.Old.ListedOn), dateOr(c.New.ListedOn))
		}
		if c.Old.Source != c.New.Source {
			s += fmt.Sprintf(" source %q -> %q", c.Old.Source, c.New.Source)
		}
		if c.Old.Reference != c.New.Reference || c.Old.Authority != c.New.Authority || c.Old.Jurisdiction != c.New.Jurisdiction {
			s += fmt.Sprintf(" (%s %s %s -> %s %s %s)", c.Old.Authority, c.Old.Jurisdiction, c.Old.Reference, c.New.Authority, c.New.Jurisdiction, c.New.Reference)
		}
	}
	return s
}

func describeAlias(a rampart.Alias) string {
	var flags []string
	for _, f := range []struct {
		on   bool
		name string
	}{{a.Weak, "weak"}, {a.CaseSensitive, "case-sensitive"}, {a.WholeToken, "whole-token"}, {a.NeedsContext, "needs-context"}} {
		if f.on {
			flags = append(flags, f.name)
		}
	}
	s := fmt.Sprintf("%q %s", a.Text, orDash(a.Script))
	if len(flags) > 0 {
		s += " [" + strings.Join(flags, ",") + "]"
	}
	if a.Source != "" {
		s += " from " + a.Source
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func dateOr(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}
