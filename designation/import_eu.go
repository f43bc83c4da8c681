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

// euProgrammes are the EU regimes kept: the EU terrorist list of Common
// Position 2001/931 (TERR), the UN-derived ISIL/Al-Qaida list (AQL) and the
// EU's autonomous ISIL/Al-Qaida regime (EUAQ). Country and thematic regimes
// are left out.
var euProgrammes = map[string]bool{"TERR": true, "AQL": true, "EUAQ": true}

type euEntity struct {
	EURef       string         `xml:"euReferenceNumber,attr"`
	UNRef       string         `xml:"unitedNationId,attr"`
	LogicalID   string         `xml:"logicalId,attr"`
	Remark      []string       `xml:"remark"`
	Regulations []euRegulation `xml:"regulation"`
	Subject     struct {
		Code string `xml:"code,attr"`
	} `xml:"subjectType"`
	Names []euName `xml:"nameAlias"`
}

type euRegulation struct {
	Programme   string `xml:"programme,attr"`
	Published   string `xml:"publicationDate,attr"`
	EntryIntoFo string `xml:"entryIntoForceDate,attr"`
	NumberTitle string `xml:"numberTitle,attr"`
}

type euName struct {
	Whole  string `xml:"wholeName,attr"`
	Lang   string `xml:"nameLanguage,attr"`
	Strong string `xml:"strong,attr"`
}

// ReadEU reads the EU's consolidated financial sanctions list in its XML
// form (export/sanctionEntity, schema of the Financial Sanctions Files).
// Mapping: euReferenceNumber is the reference (logicalId when empty), the
// earliest entryIntoForceDate (or publicationDate) of a kept regulation the
// listing date, subjectType code person/enterprise the kind, each
// nameAlias wholeName an alias (strong="false" a weak one, nameLanguage its
// language), the first strong name the entity's name, remark the note,
// and the export's generationDate the list's date.
func ReadEU(r io.Reader, name string) (ListImport, error) {
	b := newEntityBuilder("eu")
	li := ListImport{List: "eu", Source: name}
	dec := xml.NewDecoder(r)
	depth, n := 0, 0
	src := importLists["eu"].title
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := dec.InputPos()
		if err != nil {
			return ListImport{}, fmt.Errorf("%s: line %d: %w", name, line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != "export" {
					return ListImport{}, fmt.Errorf("%s: line %d: root element is %s; want export (is this the EU sanctions XML?)", name, line, t.Name.Local)
				}
				for _, a := range t.Attr {
					if a.Name.Local == "generationDate" {
						if li.Published, err = time.Parse(time.RFC3339, a.Value); err != nil {
							return ListImport{}, fmt.Errorf("%s: line %d: generationDate %q: want an RFC 3339 time", name, line, a.Value)
						}
					}
				}
			}
			if depth == 2 && t.Name.Local == "sanctionEntity" {
				n++
				var e euEntity
				if err := dec.DecodeElement(&e, &t); err != nil {
					l, _ := dec.InputPos()
					return ListImport{}, fmt.Errorf("%s: line %d: export/sanctionEntity[%d]: %w", name, l, n, err)
				}
				depth--
				if err := addEUEntity(b, e, src); err != nil {
					return ListImport{}, fmt.Errorf("%s: line %d: export/sanctionEntity[%d]: %w", name, line, n, err)
				}
			}
		case xml.EndElement:
			depth--
		}
	}
	if depth != 0 {
		return ListImport{}, fmt.Errorf("%s: ends inside an element; the file is cut short", name)
	}
	if n == 0 {
		return ListImport{}, fmt.Errorf("%s: no sanctionEntity elements; is this the EU sanctions XML?", name)
	}
	li.Entities, li.Notes = b.ents, b.notes
	return li, li.Validate()
}

func addEUEntity(b *entityBuilder, x euEntity, src string) error {
	var listed time.Time
	kept := false
	for _, r := range x.Regulations {
		if !euProgrammes[strings.TrimSpace(r.Programme)] {
			continue
		}
		kept = true
		for _, s := range []string{r.EntryIntoFo, r.Published} {
			if s == "" {
				continue
			}
			t, err := time.Parse(time.DateOnly, firstN(s, 10))
			if err != nil {
				return fmt.Errorf("regulation %s: date %q: want YYYY-MM-DD", r.NumberTitle, s)
			}
			if listed.IsZero() || t.Before(listed) {
				listed = t
			}
			break
		}
	}
	if !kept {
		return nil
	}
	ref := strings.TrimSpace(x.EURef)
	if ref == "" {
		ref = strings.TrimSpace(x.LogicalID)
	}
	if ref == "" {
		return errors.New("neither euReferenceNumber nor logicalId is set")
	}
	kind := rampart.EntityOrganisation
	switch x.Subject.Code {
	case "person":
		kind = rampart.EntityPerson
	case "enterprise":
	default:
		return fmt.Errorf("%s: subjectType code %q; want person or enterprise", ref, x.Subject.Code)
	}
	nm := ""
	for _, a := range x.Names {
		if w := collapseSpace(a.Whole); w != "" && a.Strong != "false" {
			nm = w
			break
		}
	}
	if nm == "" {
		return fmt.Errorf("%s: no strong nameAlias with a wholeName", ref)
	}
	e := b.add(nm, kind, designationFor("eu", ref, listed, src))
	addNameAliases(e, nm, rampart.AliasName, "EU", ref, false)
	for _, a := range x.Names {
		before := len(e.Aliases)
		addNameAliases(e, a.Whole, rampart.AliasName, "EU", ref, a.Strong == "false")
		if l := strings.ToLower(strings.TrimSpace(a.Lang)); l != "" {
			for i := before; i < len(e.Aliases); i++ {
				e.Aliases[i].Lang = l
			}
		}
	}
	b.note(e.ID, strings.Join(x.Remark, " "))
	return nil
}
