package designation

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// seedHeader is the column layout of designations_seed.csv and of
// aliases_extra.csv (see designation/data/README.md).
var seedHeader = []string{
	"entity_id", "canonical_name", "alias", "script", "lang",
	"alias_type", "source_list", "source_ref", "source_url_or_repo_path",
}

// maxSeedBytes bounds what LoadSeed reads: the shipped seed is about 150 KB.
const maxSeedBytes = 64 << 20

// seedRow is one alias row of a seed file, with where it came from.
type seedRow struct {
	file                                     string
	line                                     int
	entityID, canonical, alias, script, lang string
	aliasType, sourceList, sourceRef, url    string
}

// LoadSeed reads a designation seed CSV (the layout of
// designation/data/designations_seed.csv) and builds a registry from it,
// applying the package's reviewed tables: the merge table that maps the ids
// of other lists (pk_nacta/..., un_QDi..., ofac_...) onto stable entity ids
// and promotes media wings to their own entities, the entity table (kind,
// group, category, relations), the alias flags and the designations. Rows
// whose entity id the merge table does not know become organisations of
// their own, screened by default. name labels errors ("designations.csv:
// line 12: ..."). The registry's version is "seed-" and the first 12 hex
// digits of the SHA-256 of the input and the tables.
func LoadSeed(r io.Reader, name string) (*Registry, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSeedBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: read: %w", name, err)
	}
	if len(data) > maxSeedBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes; split it", name, maxSeedBytes)
	}
	rows, err := parseSeed(name, data)
	if err != nil {
		return nil, err
	}
	t, err := embeddedTables()
	if err != nil {
		return nil, err
	}
	ents, err := buildEntities(rows, t, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	files := append([][]byte{data}, tableFiles()...)
	return New(contentVersion(files...), ents)
}

// parseSeed validates and returns the rows of one seed file.
func parseSeed(name string, data []byte) ([]seedRow, error) {
	var rows []seedRow
	err := csvTable(name, data, seedHeader, func(line int, rec []string) error {
		row := seedRow{
			file: name, line: line,
			entityID: rec[0], canonical: rec[1], alias: rec[2], script: rec[3], lang: rec[4],
			aliasType: rec[5], sourceList: rec[6], sourceRef: rec[7], url: rec[8],
		}
		if err := row.validate(); err != nil {
			return err
		}
		rows = append(rows, row)
		return nil
	})
	return rows, err
}

var scriptCode = regexp.MustCompile(`^[A-Z][a-z]{3}$`)

func (r seedRow) validate() error {
	switch {
	case strings.TrimSpace(r.entityID) == "":
		return errors.New("entity_id is empty")
	case strings.TrimSpace(r.canonical) == "":
		return fmt.Errorf("entity %q: canonical_name is empty", r.entityID)
	case strings.TrimSpace(r.alias) == "":
		return fmt.Errorf("entity %q: alias is empty", r.entityID)
	case !scriptCode.MatchString(r.script):
		return fmt.Errorf("entity %q alias %q: script %q; want an ISO 15924 code such as Latn or Arab", r.entityID, r.alias, r.script)
	case strings.TrimSpace(r.lang) == "":
		return fmt.Errorf("entity %q alias %q: lang is empty; use und for unknown", r.entityID, r.alias)
	case strings.TrimSpace(r.sourceList) == "":
		return fmt.Errorf("entity %q alias %q: source_list is empty; every alias must cite its source", r.entityID, r.alias)
	}
	switch r.aliasType {
	case rampart.AliasName, rampart.AliasAcronym, rampart.AliasMediaWing, rampart.AliasHandle:
	default:
		return fmt.Errorf("entity %q alias %q: alias_type %q; want name, acronym, media_wing or handle", r.entityID, r.alias, r.aliasType)
	}
	return nil
}

// contentVersion is "seed-" and the first 12 hex digits of the SHA-256 over
// the files, each preceded by its length so that moving bytes from one file
// to the next changes the version.
func contentVersion(files ...[]byte) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%d\n", len(f))
		h.Write(f)
	}
	return "seed-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// builder accumulates entities while rows are applied.
type builder struct {
	t     *tables
	ents  map[string]*rampart.Entity
	order []string
}

// buildEntities turns seed rows into entities. strict (used for the embedded
// data) also requires every reviewed table row to apply: a flag or a
// designation naming an entity or alias that does not exist is an error
// rather than silently ignored, so typos in the tables fail the build.
func buildEntities(rows []seedRow, t *tables, strict bool) ([]rampart.Entity, error) {
	b := &builder{t: t, ents: map[string]*rampart.Entity{}}
	for _, r := range rows {
		if err := b.addRow(r); err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", r.file, r.line, err)
		}
	}
	if err := b.addGroups(); err != nil {
		return nil, err
	}
	if err := b.applyFlags(strict); err != nil {
		return nil, err
	}
	b.deriveDesignations(rows)
	if err := b.applyDesignations(strict); err != nil {
		return nil, err
	}
	if strict {
		for _, id := range t.entityOrder {
			if e, ok := b.ents[id]; !ok || len(e.Aliases) == 0 {
				return nil, fmt.Errorf("entities.csv: line %d: entity %q has no aliases in the data", t.entities[id].line, id)
			}
		}
	}
	return b.ordered(), nil
}

// target resolves a seed row to a registry entity id: an alias-specific
// merge row first, then the seed id's row, then the seed id itself.
func (b *builder) target(seedID, alias string) (id string, promoted bool) {
	if id, ok := b.t.merge[mergeKey{seedID, alias}]; ok {
		return id, true
	}
	if id, ok := b.t.merge[mergeKey{seedID, ""}]; ok {
		return id, false
	}
	return seedID, false
}

func (b *builder) entity(id, canonical string) *rampart.Entity {
	if e, ok := b.ents[id]; ok {
		return e
	}
	var e rampart.Entity
	if spec, ok := b.t.entities[id]; ok {
		e = spec.Entity
		e.Relations = slices.Clone(spec.Relations)
	} else {
		// Not reviewed: an organisation of its own, screened by default,
		// because an unknown listed entity is more likely armed than not
		// and a deployment can review it.
		e = rampart.Entity{ID: id, Name: canonical, Kind: rampart.EntityOrganisation, Group: id, Category: rampart.CategoryArmedGroup}
	}
	e.Aliases = []rampart.Alias{}
	b.ents[id] = &e
	b.order = append(b.order, id)
	return &e
}

var ukFKA = regexp.MustCompile(`(?i)quality=f\.k\.a\.|alt_type=fka`)

func (b *builder) addRow(r seedRow) error {
	id, promoted := b.target(r.entityID, r.alias)
	e := b.entity(id, r.canonical)
	a := rampart.Alias{
		Text: r.alias, Script: r.script, Lang: r.lang, Type: r.aliasType,
		Source: r.sourceList, SourceRef: r.sourceRef, SourceURL: r.url,
		// UN aliases of quality "Low" are marked so in source_ref.
		Weak: strings.Contains(r.sourceRef, "quality=Low"),
	}
	if promoted && a.Type == rampart.AliasMediaWing {
		// The media wing is now an entity of its own; this is its name.
		a.Type = rampart.AliasName
	}
	if ukFKA.MatchString(r.sourceRef) {
		a.Type = rampart.AliasFormer
	}
	if slices.Contains(e.Aliases, a) {
		return nil // the same row twice adds nothing
	}
	e.Aliases = append(e.Aliases, a)
	return nil
}

// addGroups adds the group of every entity (a media wing's organisation may
// have no rows of its own in a partial seed) and fills sub-entities'
// categories from their group.
func (b *builder) addGroups() error {
	for _, id := range slices.Clone(b.order) {
		e := b.ents[id]
		if _, ok := b.ents[e.Group]; !ok {
			spec, known := b.t.entities[e.Group]
			if !known {
				return fmt.Errorf("entities.csv: line %d: entity %q belongs to group %q, which entities.csv does not define",
					b.t.entities[id].line, id, e.Group)
			}
			b.entity(spec.ID, spec.Name)
		}
	}
	for _, id := range b.order {
		e := b.ents[id]
		if g := b.ents[e.Group]; g.Group != g.ID {
			return fmt.Errorf("entity %q belongs to %q, which is not a group (its group is %q)", id, g.ID, g.Group)
		}
		if e.Category == "" {
			e.Category = b.ents[e.Group].Category
		}
	}
	return nil
}

func (b *builder) applyFlags(strict bool) error {
	for _, f := range b.t.flags {
		e, ok := b.ents[f.entity]
		if !ok {
			if strict {
				return fmt.Errorf("alias_flags.csv: line %d: entity %q is not in the registry", f.line, f.entity)
			}
			continue
		}
		hit := false
		kept := e.Aliases[:0]
		for _, a := range e.Aliases {
			if f.alias == "*" || a.Text == f.alias {
				hit = true
				if f.exclude {
					continue
				}
				a.Weak = a.Weak || f.weak
				a.CaseSensitive = a.CaseSensitive || f.caseSensitive
				a.WholeToken = a.WholeToken || f.wholeToken
				a.NeedsContext = a.NeedsContext || f.needsCtx
			}
			kept = append(kept, a)
		}
		e.Aliases = kept
		if !hit && strict {
			return fmt.Errorf("alias_flags.csv: line %d: entity %q has no alias %q", f.line, f.entity, f.alias)
		}
	}
	return nil
}

var (
	unRef      = regexp.MustCompile(`^(?:QD|TA)[ei]\.\d+$`)
	listedDate = regexp.MustCompile(`(?:^|;)listed=(\d{4}-\d{2}-\d{2})`)
	nactaDate  = regexp.MustCompile(`^proscribed=(\d{4}-\d{2}-\d{2})(?:[;\s]|$)`)
	ofacEnt    = regexp.MustCompile(`(?:^|;)ent_num=(\d+)`)
	ofacProg   = regexp.MustCompile(`(?:^|;)program=(.*)$`)
)

// deriveDesignations reads the designations that seed rows carry in
// structured form: UN references with their listing dates, OFAC programs,
// and NACTA First Schedule listings ("proscribed=YYYY-MM-DD"). Free-text
// notes ("FTO 2010-09-01", "proscribed Jan 2011") are not parsed; the
// reviewed designations.csv carries those facts.
func (b *builder) deriveDesignations(rows []seedRow) {
	for _, r := range rows {
		id, _ := b.target(r.entityID, "")
		e, ok := b.ents[id]
		if !ok {
			continue
		}
		ref, _, _ := strings.Cut(r.sourceRef, ";")
		switch r.sourceList {
		case "UN_SC_CONSOLIDATED":
			if !unRef.MatchString(ref) {
				continue
			}
			d := rampart.Designation{Authority: "UN", List: "un", Reference: ref, Jurisdiction: "UN",
				Source: "UN Security Council Consolidated List"}
			if m := listedDate.FindStringSubmatch(r.sourceRef); m != nil {
				d.ListedOn, _ = time.Parse(time.DateOnly, m[1])
			}
			mergeDesignation(e, d)
		case "US_OFAC_SDN":
			ent := ofacEnt.FindStringSubmatch(r.sourceRef)
			prog := ofacProg.FindStringSubmatch(r.sourceRef)
			if ent == nil || prog == nil {
				continue
			}
			// OFAC writes programs in brackets, as "FTO] [SDGT".
			for p := range strings.SplitSeq(prog[1], "] [") {
				list := strings.ToLower(strings.Trim(p, "[] "))
				if list != "fto" && list != "sdgt" {
					continue
				}
				mergeDesignation(e, rampart.Designation{Authority: "US", List: list, Reference: "SDN " + ent[1],
					Jurisdiction: "US", Source: "OFAC SDN list"})
			}
		case "PK_NACTA_ATA1997_SCHED1":
			if !strings.HasPrefix(r.sourceRef, "proscribed=") {
				continue
			}
			d := rampart.Designation{Authority: "PK", List: "nacta", Reference: r.canonical, Jurisdiction: "PK",
				Source: "NACTA First Schedule, Anti-Terrorism Act 1997 (reconstructed)"}
			if m := nactaDate.FindStringSubmatch(r.sourceRef); m != nil {
				d.ListedOn, _ = time.Parse(time.DateOnly, m[1])
			}
			mergeDesignation(e, d)
		}
	}
}

// mergeDesignation adds d to e, or fills the blanks of the designation with
// the same list and reference.
func mergeDesignation(e *rampart.Entity, d rampart.Designation) {
	for i := range e.Designations {
		x := &e.Designations[i]
		if x.List == d.List && x.Reference == d.Reference {
			if x.ListedOn.IsZero() {
				x.ListedOn = d.ListedOn
			}
			if x.Source == "" {
				x.Source = d.Source
			}
			return
		}
	}
	e.Designations = append(e.Designations, d)
}

// applyDesignations adds the reviewed designations. A row without a
// reference completes the entity's only designation on that list (for
// example the date of an OFAC FTO listing); otherwise it is added.
func (b *builder) applyDesignations(strict bool) error {
	for _, s := range b.t.designations {
		e, ok := b.ents[s.entity]
		if !ok {
			if strict {
				return fmt.Errorf("designations.csv: line %d: entity %q is not in the registry", s.line, s.entity)
			}
			continue
		}
		d := s.d
		if d.Reference == "" {
			var same []int
			for i, x := range e.Designations {
				if x.List == d.List {
					same = append(same, i)
				}
			}
			if len(same) == 1 {
				x := &e.Designations[same[0]]
				if x.ListedOn.IsZero() {
					x.ListedOn = d.ListedOn
				}
				if d.Source != "" {
					x.Source = x.Source + "; " + d.Source
				}
				continue
			}
		}
		mergeDesignation(e, d)
	}
	for _, e := range b.ents {
		slices.SortStableFunc(e.Designations, func(x, y rampart.Designation) int {
			return strings.Compare(x.List, y.List)
		})
	}
	return nil
}

// ordered returns the entities in the order of entities.csv, then any
// unreviewed ones in the order they appeared.
func (b *builder) ordered() []rampart.Entity {
	out := make([]rampart.Entity, 0, len(b.ents))
	seen := map[string]bool{}
	for _, id := range append(slices.Clone(b.t.entityOrder), b.order...) {
		if e, ok := b.ents[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, *e)
		}
	}
	return out
}
