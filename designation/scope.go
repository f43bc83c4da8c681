package designation

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
	"go.yaml.in/yaml/v3"
)

// Scope says which lists are in force in which jurisdiction for one
// deployment, e.g. PK: [nacta, un], GB: [uk, un], US: [fto, sdgt, un]. A
// UN listing thus counts in every jurisdiction that names "un". The zero
// Scope puts every list in force in its own authority's jurisdiction (what
// Jurisdictions does).
type Scope struct {
	lists map[string][]string
}

// ParseScope reads a scope from YAML: either the map itself
// ("PK: [nacta, un]") or a document with a top-level "jurisdictions" key
// holding it, as in the deployment config. Every problem is reported at once.
func ParseScope(data []byte) (Scope, error) {
	var doc struct {
		Jurisdictions map[string][]string `yaml:"jurisdictions"`
	}
	if err := yaml.Unmarshal(data, &doc); err == nil && doc.Jurisdictions != nil {
		return ScopeFromMap(doc.Jurisdictions)
	}
	var m map[string][]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		return Scope{}, fmt.Errorf("scope: want a map of jurisdiction to list codes, e.g. \"PK: [nacta, un]\": %w", err)
	}
	return ScopeFromMap(m)
}

// ScopeFromMap builds a scope from jurisdiction -> list codes, the shape
// the detector accepts. Jurisdictions are ISO 3166-1 alpha-2 codes, "EU" or
// "UN" (upper-cased); lists are designation list codes (un, fto, sdgt, tel,
// uk, uk-sanctions, eu, nacta).
func ScopeFromMap(m map[string][]string) (Scope, error) {
	s := Scope{lists: map[string][]string{}}
	var problems []string
	for _, j := range slices.Sorted(maps.Keys(m)) {
		code := strings.ToUpper(strings.TrimSpace(j))
		if len(code) != 2 || !isUpperAlpha(code) {
			problems = append(problems, fmt.Sprintf("jurisdiction %q: want a two-letter code such as PK, GB, US or EU", j))
			continue
		}
		if len(m[j]) == 0 {
			problems = append(problems, fmt.Sprintf("jurisdiction %s: no lists; name at least one or leave it out", code))
		}
		for _, l := range m[j] {
			l = strings.ToLower(strings.TrimSpace(l))
			if _, ok := authorityOf(l); !ok {
				problems = append(problems, fmt.Sprintf("jurisdiction %s: list %q; want one of %s", code, l, strings.Join(designationLists(), ", ")))
				continue
			}
			if !slices.Contains(s.lists[code], l) {
				s.lists[code] = append(s.lists[code], l)
			}
		}
		slices.Sort(s.lists[code])
	}
	if len(problems) > 0 {
		return Scope{}, fmt.Errorf("scope: %s", strings.Join(problems, "; "))
	}
	return s, nil
}

func isUpperAlpha(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// Map returns the scope as jurisdiction -> sorted list codes (a copy).
func (s Scope) Map() map[string][]string {
	out := make(map[string][]string, len(s.lists))
	for j, ls := range s.lists {
		out[j] = slices.Clone(ls)
	}
	return out
}

// IsZero reports whether the scope names no jurisdictions.
func (s Scope) IsZero() bool { return len(s.lists) == 0 }

// Jurisdictions returns the sorted jurisdictions in which e is designated
// at t: those whose lists in force include a list that designates e at t.
// For the zero Scope it is the package function Jurisdictions. Pass the
// group's entity for a signal's Jurisdictions: a media wing is designated
// through its organisation.
func (s Scope) Jurisdictions(e rampart.Entity, t time.Time) []string {
	if s.IsZero() {
		return Jurisdictions(e, t)
	}
	var out []string
	for _, j := range slices.Sorted(maps.Keys(s.lists)) {
		for _, d := range e.Designations {
			if d.InForce(t) && slices.Contains(s.lists[j], d.List) {
				out = append(out, j)
				break
			}
		}
	}
	return out
}
