package designation

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// The reviewed tables that turn seed rows into registry entities. Each is a
// small CSV in designation/data, edited by hand and reviewed like code:
//
//	merge.csv         seed entity id (and optionally one alias) -> registry entity id
//	entities.csv      every registry entity: name, kind, group, category, relation
//	alias_flags.csv   matching flags for ambiguous aliases, and aliases to drop
//	designations.csv  listings the seed does not carry in structured form
//
// Keeping them as data keeps the merge decisions explicit: nothing is merged
// by similarity of names at load time.

// mergeKey selects seed rows: every row of a seed entity id (alias "") or
// only the row with that exact alias text.
type mergeKey struct{ seedID, alias string }

// entitySpec is one row of entities.csv.
type entitySpec struct {
	rampart.Entity
	line int
}

// aliasFlags is one row of alias_flags.csv. Alias "*" applies to every alias
// of the entity.
type aliasFlags struct {
	entity, alias                                      string
	weak, caseSensitive, wholeToken, needsCtx, exclude bool
	line                                               int
}

// designationSpec is one row of designations.csv.
type designationSpec struct {
	entity string
	d      rampart.Designation
	line   int
}

// tables holds the parsed reviewed tables.
type tables struct {
	merge        map[mergeKey]string
	entities     map[string]entitySpec
	entityOrder  []string
	flags        []aliasFlags
	designations []designationSpec
}

// csvTable reads a CSV file with a fixed header and calls row for each
// record with its 1-based line. Errors name the file and line.
func csvTable(name string, data []byte, header []string, row func(line int, rec []string) error) error {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		return fmt.Errorf("%s: not valid UTF-8; save it as UTF-8", name)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = len(header)
	first := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return fmt.Errorf("%s: line %d: %w", name, pe.StartLine, pe.Err)
			}
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if err := checkHeader(rec, header); err != nil {
				return fmt.Errorf("%s: line %d: %w", name, line, err)
			}
			continue
		}
		if err := row(line, rec); err != nil {
			return fmt.Errorf("%s: line %d: %w", name, line, err)
		}
	}
	if first {
		return fmt.Errorf("%s: empty; want a header line %q", name, strings.Join(header, ","))
	}
	return nil
}

func checkHeader(got, want []string) error {
	for i := range want {
		if strings.TrimSpace(got[i]) != want[i] {
			return fmt.Errorf("header column %d is %q; want %q (header %q)", i+1, got[i], want[i], strings.Join(want, ","))
		}
	}
	return nil
}

func parseTables(merge, entities, flags, designations []byte) (*tables, error) {
	t := &tables{merge: map[mergeKey]string{}, entities: map[string]entitySpec{}}
	err := csvTable("merge.csv", merge, []string{"seed_id", "alias", "target", "note"}, func(line int, rec []string) error {
		k := mergeKey{rec[0], rec[1]}
		if k.seedID == "" || rec[2] == "" {
			return errors.New("seed_id and target must not be empty")
		}
		if _, dup := t.merge[k]; dup {
			return fmt.Errorf("seed id %q alias %q mapped twice", k.seedID, k.alias)
		}
		t.merge[k] = rec[2]
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = csvTable("entities.csv", entities,
		[]string{"id", "name", "kind", "group", "category", "relation", "relation_target", "note"},
		func(line int, rec []string) error {
			e := rampart.Entity{ID: rec[0], Name: rec[1], Kind: rec[2], Group: rec[3], Category: rec[4]}
			switch {
			case e.ID == "" || e.Name == "" || e.Group == "":
				return errors.New("id, name and group must not be empty")
			case !knownKind(e.Kind):
				return fmt.Errorf("kind %q; want organisation, media_wing, subunit or person", e.Kind)
			case e.Kind == rampart.EntityOrganisation && e.Category == "":
				return fmt.Errorf("organisation %q has no category", e.ID)
			case (rec[5] == "") != (rec[6] == ""):
				return errors.New("relation and relation_target must be given together")
			}
			if _, dup := t.entities[e.ID]; dup {
				return fmt.Errorf("entity %q defined twice", e.ID)
			}
			if rec[5] != "" {
				e.Relations = []rampart.Relation{{Type: rec[5], Target: rec[6]}}
			}
			t.entities[e.ID] = entitySpec{Entity: e, line: line}
			t.entityOrder = append(t.entityOrder, e.ID)
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = csvTable("alias_flags.csv", flags,
		[]string{"entity", "alias", "weak", "case_sensitive", "whole_token", "needs_context", "exclude", "note"},
		func(line int, rec []string) error {
			f := aliasFlags{entity: rec[0], alias: rec[1], line: line}
			if f.entity == "" || f.alias == "" {
				return errors.New("entity and alias must not be empty")
			}
			for i, dst := range []*bool{&f.weak, &f.caseSensitive, &f.wholeToken, &f.needsCtx, &f.exclude} {
				v, err := parseFlag(rec[2+i])
				if err != nil {
					return fmt.Errorf("column %d: %w", 3+i, err)
				}
				*dst = v
			}
			t.flags = append(t.flags, f)
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = csvTable("designations.csv", designations,
		[]string{"entity", "list", "reference", "listed_on", "source", "note"},
		func(line int, rec []string) error {
			d, err := newDesignation(rec[1], rec[2], rec[3], rec[4])
			if err != nil {
				return err
			}
			if rec[0] == "" {
				return errors.New("entity must not be empty")
			}
			t.designations = append(t.designations, designationSpec{entity: rec[0], d: d, line: line})
			return nil
		})
	if err != nil {
		return nil, err
	}
	return t, nil
}

func knownKind(k string) bool {
	switch k {
	case rampart.EntityOrganisation, rampart.EntityMediaWing, rampart.EntitySubunit, rampart.EntityPerson:
		return true
	}
	return false
}

// parseFlag reads a flag column: empty is false, otherwise true or false.
func parseFlag(s string) (bool, error) {
	if s == "" {
		return false, nil
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("flag %q; want true, false or empty", s)
	}
	return v, nil
}

// newDesignation builds a designation from a list code, filling authority
// and jurisdiction from the code. listedOn is YYYY-MM-DD or empty.
func newDesignation(list, ref, listedOn, source string) (rampart.Designation, error) {
	auth, ok := ListAuthority(list)
	if !ok {
		return rampart.Designation{}, fmt.Errorf("list %q; want one of %s", list, strings.Join(ListCodes(), ", "))
	}
	d := rampart.Designation{Authority: auth, List: list, Reference: ref, Source: source, Jurisdiction: auth}
	if listedOn != "" {
		t, err := time.Parse(time.DateOnly, listedOn)
		if err != nil {
			return rampart.Designation{}, fmt.Errorf("listed_on %q; want YYYY-MM-DD", listedOn)
		}
		d.ListedOn = t
	}
	return d, nil
}
