package designation

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// unRegimes are the UN_LIST_TYPE values of the counter-terrorism regimes:
// the ISIL (Da'esh) and Al-Qaida list (resolution 1267, references QD...)
// and the 1988 Taliban list (TA...). The consolidated list also carries the
// DPRK, Iran, Libya and other country regimes, which are not terrorism
// designations and are left out.
var unRegimes = map[string]bool{"Al-Qaida": true, "Taliban": true}

// unRecord is one INDIVIDUAL or ENTITY element of the UN consolidated list.
type unRecord struct {
	First         string    `xml:"FIRST_NAME"`
	Second        string    `xml:"SECOND_NAME"`
	Third         string    `xml:"THIRD_NAME"`
	Fourth        string    `xml:"FOURTH_NAME"`
	ListType      string    `xml:"UN_LIST_TYPE"`
	Reference     string    `xml:"REFERENCE_NUMBER"`
	ListedOn      string    `xml:"LISTED_ON"`
	Original      string    `xml:"NAME_ORIGINAL_SCRIPT"`
	Comments      string    `xml:"COMMENTS1"`
	Aliases       []unAlias `xml:"INDIVIDUAL_ALIAS"`
	EntityAliases []unAlias `xml:"ENTITY_ALIAS"`
}

type unAlias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
}

// ReadUN reads the UN Security Council Consolidated List in its official
// XML schema (CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL and
// ENTITIES/ENTITY), keeping the counter-terrorism regimes. It streams: one
// record is decoded at a time. name labels errors, which give the line and
// the element path ("un.xml: line 49731: ENTITIES/ENTITY[132]: ...").
//
// Mapping (IMPORT.md): REFERENCE_NUMBER is the designation's reference,
// LISTED_ON its date, FIRST_NAME..FOURTH_NAME the name, NAME_ORIGINAL_SCRIPT
// an alias in its script, alias QUALITY "Low" a weak alias, "f.k.a." a
// former name, COMMENTS1 the entity's note, dateGenerated the list's date.
func ReadUN(r io.Reader, name string) (ListImport, error) {
	b := newEntityBuilder("un")
	li := ListImport{List: "un", Source: name}
	dec := xml.NewDecoder(r)
	var stack []string
	counts := map[string]int{}
	source := importLists["un"].title
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := dec.InputPos()
		if err != nil {
			return ListImport{}, fmt.Errorf("%s: line %d: %s: %w", name, line, strings.Join(stack, "/"), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			el := t.Name.Local
			if len(stack) == 0 {
				if el != "CONSOLIDATED_LIST" {
					return ListImport{}, fmt.Errorf("%s: line %d: root element is %s; want CONSOLIDATED_LIST (is this the UN list?)", name, line, el)
				}
				for _, a := range t.Attr {
					if a.Name.Local == "dateGenerated" {
						if li.Published, err = time.Parse(time.RFC3339, a.Value); err != nil {
							return ListImport{}, fmt.Errorf("%s: line %d: dateGenerated %q: want an RFC 3339 time", name, line, a.Value)
						}
					}
				}
				stack = append(stack, el)
				continue
			}
			if el != "INDIVIDUAL" && el != "ENTITY" {
				stack = append(stack, el)
				continue
			}
			counts[el]++
			path := fmt.Sprintf("%s/%s[%d]", strings.Join(stack[1:], "/"), el, counts[el])
			var rec unRecord
			if err := dec.DecodeElement(&rec, &t); err != nil {
				l, _ := dec.InputPos()
				return ListImport{}, fmt.Errorf("%s: line %d: %s: %w", name, l, path, err)
			}
			if err := addUNRecord(b, rec, el == "INDIVIDUAL", source); err != nil {
				return ListImport{}, fmt.Errorf("%s: line %d: %s: %w", name, line, path, err)
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(stack) != 0 {
		return ListImport{}, fmt.Errorf("%s: ends inside %s; the file is cut short", name, strings.Join(stack, "/"))
	}
	if counts["INDIVIDUAL"]+counts["ENTITY"] == 0 {
		return ListImport{}, fmt.Errorf("%s: no INDIVIDUAL or ENTITY records; is this the UN consolidated list?", name)
	}
	li.Entities, li.Notes = b.ents, b.notes
	return li, li.Validate()
}

func addUNRecord(b *entityBuilder, rec unRecord, person bool, source string) error {
	ref := strings.TrimSpace(rec.Reference)
	if ref == "" {
		return errors.New("REFERENCE_NUMBER is empty")
	}
	if !unRegimes[strings.TrimSpace(rec.ListType)] {
		return nil
	}
	var listed time.Time
	if s := strings.TrimSpace(rec.ListedOn); s != "" {
		// xsd:date may carry a zone ("2015-04-07-04:00"); the listing
		// day is the date as written.
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t, err = time.Parse("2006-01-02Z07:00", s)
		}
		if err != nil {
			return fmt.Errorf("%s: LISTED_ON %q: want YYYY-MM-DD", ref, s)
		}
		listed = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	parts := []string{rec.First, rec.Second, rec.Third, rec.Fourth}
	if !person {
		parts = parts[:1]
	}
	nm := collapseSpace(strings.Join(parts, " "))
	if nm == "" {
		return fmt.Errorf("%s: FIRST_NAME is empty", ref)
	}
	kind := rampart.EntityOrganisation
	if person {
		kind = rampart.EntityPerson
	}
	e := b.add(nm, kind, designationFor("un", ref, listed, source))
	addNameAliases(e, nm, rampart.AliasName, "UN", ref, false)
	addAlias(e, rec.Original, rampart.AliasName, "UN", ref+";field=NAME_ORIGINAL_SCRIPT", false)
	for _, a := range append(rec.Aliases, rec.EntityAliases...) {
		q := strings.TrimSpace(a.Quality)
		typ := rampart.AliasName
		if strings.EqualFold(q, "f.k.a.") {
			typ = rampart.AliasFormer
		}
		// Low quality names are too broad to match on their own (the
		// UN's own guidance); they stay, flagged weak, for review.
		addNameAliases(e, a.Name, typ, "UN", ref+";quality="+q, strings.EqualFold(q, "Low"))
	}
	b.note(e.ID, rec.Comments)
	return nil
}
