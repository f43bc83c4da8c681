package designation

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// ukRegimes are the UK Sanctions List regimes kept: the counter-terrorism
// regimes and the UN-derived ISIL/Al-Qaida and Afghanistan (Taliban) ones.
// Country regimes (Russia, Iran, ...) and thematic ones (cyber, human
// rights) are left out.
func ukRegime(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "counter-terrorism") || strings.Contains(s, "isil") ||
		strings.Contains(s, "al-qaida") || strings.HasPrefix(s, "afghanistan")
}

// ukColumns are the FCDO "UK Sanctions List" CSV columns read. The file
// may start with a "Report Date" line before the header; columns are found
// by name, so their order and any others do not matter.
var ukColumns = struct{ required, optional []string }{
	required: []string{"Unique ID", "Name 6", "Name type", "Regime Name", "Designation Type", "Date Designated"},
	optional: []string{"Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Alias strength", "Name non-latin script", "Other Information"},
}

// ukEntry gathers the rows of one Unique ID: the list repeats a designation
// once per name.
type ukEntry struct {
	id, primary, kind string
	listed            time.Time
	names             []ukName
	note              string
}

type ukName struct {
	text string
	weak bool
}

// ReadUKSanctions reads the FCDO UK Sanctions List CSV. Each row is one name
// of one designation (Unique ID): "Name type" Primary Name gives the entity's
// name, Alias and Primary Name Variation its aliases, "Alias strength" of
// low quality a weak alias, "Name non-latin script" an alias in its script.
// Individuals' names are Name 1..Name 5 then Name 6 (the family name);
// entities' are Name 6. Unique ID is the reference and "Date Designated"
// (DD/MM/YYYY) the listing date.
func ReadUKSanctions(r io.Reader, name string) (ListImport, error) {
	cr := csv.NewReader(stripBOM(r))
	cr.FieldsPerRecord = -1
	var col map[string]int
	var width int
	var order []string
	entries := map[string]*ukEntry{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ListImport{}, csvErr(name, err, "")
		}
		line, _ := cr.FieldPos(0)
		if col == nil {
			if line > 5 {
				return ListImport{}, fmt.Errorf("%s: no header with %q in the first 5 lines; is this the UK Sanctions List CSV?", name, "Unique ID")
			}
			col = ukHeader(rec)
			if col != nil {
				for _, c := range ukColumns.required {
					if _, ok := col[c]; !ok {
						return ListImport{}, fmt.Errorf("%s: line %d: header has no column %q", name, line, c)
					}
				}
				width = len(rec)
			}
			continue
		}
		if len(rec) != width {
			return ListImport{}, fmt.Errorf("%s: line %d: %d fields; the header has %d", name, line, len(rec), width)
		}
		if err := ukRow(rec, col, entries, &order); err != nil {
			return ListImport{}, fmt.Errorf("%s: line %d: %w", name, line, err)
		}
	}
	if col == nil {
		return ListImport{}, fmt.Errorf("%s: no header line with %q; is this the UK Sanctions List CSV?", name, "Unique ID")
	}
	b := newEntityBuilder("uk-sanctions")
	src := importLists["uk-sanctions"].title
	for _, id := range order {
		u := entries[id]
		if u.primary == "" {
			return ListImport{}, fmt.Errorf("%s: Unique ID %s has no row with Name type \"Primary Name\"", name, id)
		}
		e := b.add(u.primary, u.kind, designationFor("uk-sanctions", id, u.listed, src))
		addNameAliases(e, u.primary, rampart.AliasName, "UK_SANCTIONS", id, false)
		for _, n := range u.names {
			addNameAliases(e, n.text, rampart.AliasName, "UK_SANCTIONS", id, n.weak)
		}
		b.note(e.ID, u.note)
	}
	li := ListImport{List: "uk-sanctions", Source: name, Entities: b.ents, Notes: b.notes}
	return li, li.Validate()
}

// ukHeader returns the column index of each known column when rec is the
// header line, nil otherwise.
func ukHeader(rec []string) map[string]int {
	col := map[string]int{}
	for i, h := range rec {
		h = strings.TrimSpace(h)
		for _, c := range append(ukColumns.required, ukColumns.optional...) {
			if strings.EqualFold(h, c) {
				col[c] = i
			}
		}
	}
	if _, ok := col["Unique ID"]; !ok {
		return nil
	}
	return col
}

func ukRow(rec []string, col map[string]int, entries map[string]*ukEntry, order *[]string) error {
	get := func(c string) string {
		if i, ok := col[c]; ok {
			return collapseSpace(rec[i])
		}
		return ""
	}
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return fmt.Errorf("field %d is not valid UTF-8", i+1)
		}
	}
	if !ukRegime(get("Regime Name")) {
		return nil
	}
	id := get("Unique ID")
	if id == "" {
		return errors.New("Unique ID is empty")
	}
	kind := rampart.EntityOrganisation
	switch strings.ToLower(get("Designation Type")) {
	case "individual":
		kind = rampart.EntityPerson
	case "entity":
	case "ship":
		return nil
	default:
		return fmt.Errorf("Designation Type %q; want Individual, Entity or Ship", get("Designation Type"))
	}
	var listed time.Time
	if s := get("Date Designated"); s != "" {
		t, err := time.Parse("02/01/2006", s)
		if err != nil {
			return fmt.Errorf("Date Designated %q: want DD/MM/YYYY", s)
		}
		listed = t
	}
	nm := get("Name 6")
	if kind == rampart.EntityPerson {
		var parts []string
		for _, c := range []string{"Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"} {
			if v := get(c); v != "" {
				parts = append(parts, v)
			}
		}
		nm = strings.Join(parts, " ")
	}
	if nm == "" {
		return errors.New("the name columns (Name 1..Name 6) are empty")
	}
	u, ok := entries[id]
	if !ok {
		u = &ukEntry{id: id, kind: kind, listed: listed, note: get("Other Information")}
		entries[id] = u
		*order = append(*order, id)
	}
	switch typ := strings.ToLower(get("Name type")); typ {
	case "primary name":
		if u.primary != "" && u.primary != nm {
			return fmt.Errorf("Unique ID %s has two primary names, %q and %q", id, u.primary, nm)
		}
		u.primary = nm
	case "alias", "primary name variation":
		u.names = append(u.names, ukName{nm, strings.Contains(strings.ToLower(get("Alias strength")), "low")})
	default:
		return fmt.Errorf("Name type %q; want Primary Name, Primary Name Variation or Alias", get("Name type"))
	}
	if s := get("Name non-latin script"); s != "" {
		u.names = append(u.names, ukName{s, false})
	}
	return nil
}
