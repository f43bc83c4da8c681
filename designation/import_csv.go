package designation

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/textnorm"
)

// Mapping says which columns of a CSV of facts hold what. Column names are
// matched against the header after trimming spaces, case-insensitively.
// It is written on the command line as comma-separated key=value pairs
// (ParseMapping); presets exist for the FTO, UK proscription and NACTA
// layouts.
type Mapping struct {
	Name       string   // column of the entity's name; required
	Aliases    []string // columns of aliases (name=..., alias=...)
	Former     []string // columns of former names (f.k.a.)
	Weak       []string // columns of aliases too broad to match on their own
	AliasSep   string   // separator of several aliases in one cell; "" for one per cell
	Ref        string   // column of the list's reference for the entry
	Listed     string   // column of the listing date
	Delisted   string   // column of the delisting date
	Note       string   // column kept as the entity's note
	Kind       string   // column: organisation (default) or person
	Category   string   // column: armed_group (default), political_party, rights_movement, civil_society
	List       string   // designation list code the file is (un, fto, uk, nacta, ...); required
	DateFormat string   // Go layout of dates besides YYYY-MM-DD, e.g. 1/2/2006 or 02/01/2006

	// optional columns may be absent from the header (presets name columns
	// that not every copy of a list has).
	optional map[string]bool
}

// mappingKeys documents the keys ParseMapping accepts, for error messages.
const mappingKeys = "name, alias, former, weak, alias_sep, ref, listed, delisted, note, kind, category, list, date_format"

// ParseMapping reads a mapping written as comma-separated key=value pairs,
// e.g. "name=Org Name,alias=Aliases,alias_sep=;,listed=Date,list=nacta".
// alias, former and weak may repeat. Values cannot contain commas.
func ParseMapping(s string) (Mapping, error) {
	var m Mapping
	for kv := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(kv) == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(strings.ToLower(k))
		if !ok || (v == "" && k != "alias_sep") {
			return Mapping{}, fmt.Errorf("mapping %q: want key=value (keys: %s)", kv, mappingKeys)
		}
		if k != "alias_sep" {
			v = strings.TrimSpace(v)
		}
		switch k {
		case "name":
			m.Name = v
		case "alias":
			m.Aliases = append(m.Aliases, v)
		case "former":
			m.Former = append(m.Former, v)
		case "weak":
			m.Weak = append(m.Weak, v)
		case "alias_sep":
			m.AliasSep = v
		case "ref":
			m.Ref = v
		case "listed":
			m.Listed = v
		case "delisted":
			m.Delisted = v
		case "note":
			m.Note = v
		case "kind":
			m.Kind = v
		case "category":
			m.Category = v
		case "list":
			m.List = v
		case "date_format":
			m.DateFormat = v
		default:
			return Mapping{}, fmt.Errorf("mapping key %q: want one of %s", k, mappingKeys)
		}
	}
	return m, m.validate()
}

func (m Mapping) validate() error {
	if m.Name == "" {
		return errors.New("mapping: name=<column> is required")
	}
	if _, ok := authorityOf(m.List); !ok {
		return fmt.Errorf("mapping: list=%q; name the list the file is, one of %s", m.List, strings.Join(designationLists(), ", "))
	}
	return nil
}

// ReadCSV reads a CSV of facts, one listed entity per row, with the columns
// m names. The first row is the header. Rows naming the same entity (same
// reference, or same normalised name) are merged, since some lists repeat an
// organisation per alias. list is the import code recorded in the result
// (csv for a mapping given by hand, or the preset's code). Errors name the
// file, line and column.
func ReadCSV(r io.Reader, name string, m Mapping, list string) (ListImport, error) {
	if err := m.validate(); err != nil {
		return ListImport{}, err
	}
	cr := csv.NewReader(stripBOM(r))
	cr.FieldsPerRecord = -1 // checked below, with a clearer message
	header, err := cr.Read()
	if err != nil {
		return ListImport{}, csvErr(name, err, "header")
	}
	cols, err := m.columns(header)
	if err != nil {
		return ListImport{}, fmt.Errorf("%s: line 1: %w", name, err)
	}
	b := newEntityBuilder(list)
	byKey := map[string]int{}
	source := fmt.Sprintf("%s (%s)", importLists[list].title, name)
	if list == "csv" {
		source = name
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ListImport{}, csvErr(name, err, "")
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return ListImport{}, fmt.Errorf("%s: line %d: %d fields; the header has %d", name, line, len(rec), len(header))
		}
		if err := m.addRow(b, byKey, cols, rec, source); err != nil {
			return ListImport{}, fmt.Errorf("%s: line %d: %w", name, line, err)
		}
	}
	li := ListImport{List: list, Source: name, Entities: b.ents, Notes: b.notes}
	return li, li.Validate()
}

// csvColumns holds the header index of each mapped column, -1 when absent.
type csvColumns struct {
	name, ref, listed, delisted, note, kind, category int
	aliases, former, weak                             []int
}

func (m Mapping) columns(header []string) (csvColumns, error) {
	var missing []string
	find := func(col string) int {
		if col == "" {
			return -1
		}
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), col) {
				return i
			}
		}
		if !m.optional[col] {
			missing = append(missing, col)
		}
		return -1
	}
	c := csvColumns{
		name: find(m.Name), ref: find(m.Ref), listed: find(m.Listed), delisted: find(m.Delisted),
		note: find(m.Note), kind: find(m.Kind), category: find(m.Category),
	}
	for _, a := range m.Aliases {
		c.aliases = append(c.aliases, find(a))
	}
	for _, a := range m.Former {
		c.former = append(c.former, find(a))
	}
	for _, a := range m.Weak {
		c.weak = append(c.weak, find(a))
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("header has no column %s (header: %s)", strings.Join(quoteAll(missing), ", "), strings.Join(quoteAll(header), ", "))
	}
	return c, nil
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func (m Mapping) addRow(b *entityBuilder, byKey map[string]int, c csvColumns, rec []string, source string) error {
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return fmt.Errorf("column %d is not valid UTF-8; save the file as UTF-8", i+1)
		}
	}
	nm := collapseSpace(cell(rec, c.name))
	if nm == "" {
		return fmt.Errorf("column %q is empty; every row needs a name", m.Name)
	}
	listed, err := m.date(cell(rec, c.listed), m.Listed)
	if err != nil {
		return err
	}
	delisted, err := m.date(cell(rec, c.delisted), m.Delisted)
	if err != nil {
		return err
	}
	kind, err := csvKind(cell(rec, c.kind))
	if err != nil {
		return fmt.Errorf("column %q: %w", m.Kind, err)
	}
	cat, err := csvCategory(cell(rec, c.category))
	if err != nil {
		return fmt.Errorf("column %q: %w", m.Category, err)
	}
	ref := cell(rec, c.ref)
	d := designationFor(m.List, ref, listed, source)
	d.DelistedOn = delisted
	if !delisted.IsZero() && !listed.IsZero() && delisted.Before(listed) {
		return fmt.Errorf("delisted %s before listed %s", delisted.Format(time.DateOnly), listed.Format(time.DateOnly))
	}
	key := "name:" + textnorm.Compact(nm)
	if ref != "" {
		key = "ref:" + ref
	}
	var e *rampart.Entity
	if i, ok := byKey[key]; ok {
		e = &b.ents[i]
		mergeDesignation(e, d)
	} else {
		e = b.add(nm, kind, d)
		e.Category = cat
		byKey[key] = len(b.ents) - 1
	}
	src := strings.ToUpper(m.List)
	addNameAliases(e, nm, rampart.AliasName, src, ref, false)
	for _, group := range []struct {
		cols []int
		typ  string
		weak bool
	}{{c.aliases, rampart.AliasName, false}, {c.former, rampart.AliasFormer, false}, {c.weak, rampart.AliasName, true}} {
		for _, ci := range group.cols {
			for _, a := range m.split(cell(rec, ci)) {
				addNameAliases(e, a, group.typ, src, ref, group.weak)
			}
		}
	}
	if n := cell(rec, c.note); n != "" {
		b.note(e.ID, n)
	}
	return nil
}

func (m Mapping) split(s string) []string {
	if s == "" {
		return nil
	}
	if m.AliasSep == "" {
		return []string{s}
	}
	return strings.Split(s, m.AliasSep)
}

// monthOnly are layouts that name a month but no day. Lists such as the UK
// proscription order give only the month; the day is left empty rather than
// invented.
var monthOnly = []string{"January 2006", "Jan 2006", "2006-01"}

// date reads a date cell: YYYY-MM-DD, the mapping's layout, or an
// unambiguous written form (2 January 2006, January 2, 2006). Slashed forms
// are accepted only through date_format, since 02/01/2006 means different
// days in the US and the UK.
func (m Mapping) date(s, col string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	layouts := []string{time.DateOnly, "2 January 2006", "2 Jan 2006", "January 2, 2006", "Jan 2, 2006", "02-Jan-2006"}
	if m.DateFormat != "" {
		layouts = append([]string{m.DateFormat}, layouts...)
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	for _, l := range monthOnly {
		if _, err := time.Parse(l, s); err == nil {
			return time.Time{}, nil
		}
	}
	hint := ""
	if strings.Contains(s, "/") && m.DateFormat == "" {
		hint = "; give date_format=1/2/2006 (US) or date_format=02/01/2006 (UK) in the mapping"
	}
	return time.Time{}, fmt.Errorf("column %q: date %q: want YYYY-MM-DD or 2 January 2006%s", col, s, hint)
}

func csvKind(s string) (string, error) {
	switch strings.ToLower(s) {
	case "", "organisation", "organization", "entity", "group", "enterprise":
		return rampart.EntityOrganisation, nil
	case "person", "individual":
		return rampart.EntityPerson, nil
	}
	return "", fmt.Errorf("kind %q; want organisation or person", s)
}

var categories = []string{rampart.CategoryArmedGroup, rampart.CategoryPoliticalParty, rampart.CategoryRightsMovement, rampart.CategoryCivilSociety}

func csvCategory(s string) (string, error) {
	if s == "" {
		return rampart.CategoryArmedGroup, nil
	}
	c := strings.ReplaceAll(strings.ToLower(s), " ", "_")
	if slices.Contains(categories, c) {
		return c, nil
	}
	return "", fmt.Errorf("category %q; want one of %s", s, strings.Join(categories, ", "))
}

// csvErr turns a csv.Reader error into one naming the file and line.
func csvErr(name string, err error, what string) error {
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: empty; want a header line", name)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: line %d: %w", name, pe.StartLine, pe.Err)
	}
	if what != "" {
		return fmt.Errorf("%s: %s: %w", name, what, err)
	}
	return fmt.Errorf("%s: %w", name, err)
}
