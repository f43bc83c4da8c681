// Package designation holds the registry of designated entities (organisations,
// their media wings, sub-units and listed people), the importers of official
// lists, and the matcher that finds their names in text across scripts and
// obfuscations.
package designation

import (
	"fmt"
	"slices"

	"github.com/rampart-tt/rampart"
)

// Registry is an immutable set of entities under one version. Build a new
// Registry to change it; readers holding the old one are unaffected.
type Registry struct {
	version  string
	entities []rampart.Entity
	byID     map[string]int
}

// New builds a registry. Ids must be unique and every entity's Group must name
// an entity in the registry.
func New(version string, entities []rampart.Entity) (*Registry, error) {
	r := &Registry{version: version, entities: entities, byID: make(map[string]int, len(entities))}
	for i, e := range entities {
		if e.ID == "" {
			return nil, fmt.Errorf("registry: entity %d (%q) has no id", i, e.Name)
		}
		if _, dup := r.byID[e.ID]; dup {
			return nil, fmt.Errorf("registry: duplicate entity id %q", e.ID)
		}
		r.byID[e.ID] = i
	}
	for _, e := range entities {
		if _, ok := r.byID[e.Group]; !ok {
			return nil, fmt.Errorf("registry: entity %q belongs to group %q, which is not in the registry", e.ID, e.Group)
		}
	}
	return r, nil
}

// Version identifies the registry contents; findings record it.
func (r *Registry) Version() string { return r.version }

// Entities returns all entities, screened or not. The slice must not be modified.
func (r *Registry) Entities() []rampart.Entity { return r.entities }

// Entity returns the entity with the given id.
func (r *Registry) Entity(id string) (rampart.Entity, bool) {
	i, ok := r.byID[id]
	if !ok {
		return rampart.Entity{}, false
	}
	return r.entities[i], true
}

// Screened returns the entities a deployment screens for: every armed group
// and its parts, plus the groups whose ids are listed in enable (political
// parties and rights movements are never screened by default).
func (r *Registry) Screened(enable []string) []rampart.Entity {
	out := make([]rampart.Entity, 0, len(r.entities))
	for _, e := range r.entities {
		g, _ := r.Entity(e.Group)
		if g.Category == rampart.CategoryArmedGroup || g.Category == "" ||
			slices.Contains(enable, e.Group) || slices.Contains(enable, e.ID) {
			out = append(out, e)
		}
	}
	return out
}
