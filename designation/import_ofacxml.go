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

// ofacEntry is one sdnEntry of OFAC's SDN XML (sdn.xml). Element names are
// matched without their namespace, which OFAC has changed between
// publication services.
type ofacEntry struct {
	UID       string    `xml:"uid"`
	FirstName string    `xml:"firstName"`
	LastName  string    `xml:"lastName"`
	Type      string    `xml:"sdnType"`
	Programs  []string  `xml:"programList>program"`
	Akas      []ofacAKA `xml:"akaList>aka"`
	Remarks   string    `xml:"remarks"`
}

type ofacAKA struct {
	Type      string `xml:"type"`     // a.k.a., f.k.a., n.k.a.
	Category  string `xml:"category"` // strong or weak
	FirstName string `xml:"firstName"`
	LastName  string `xml:"lastName"`
}

// ReadOFACXML reads OFAC's SDN list in its XML form (sdnList, with
// publshInformation/Publish_Date in MM/DD/YYYY and one sdnEntry per
// listing). It keeps what ReadOFAC keeps and produces the same ids and
// references, so the two forms of one list are interchangeable versions.
// The XML also says which a.k.a.s OFAC considers weak (category "weak"),
// which become weak aliases.
func ReadOFACXML(r io.Reader, name string) (ListImport, error) {
	b := newEntityBuilder("ofac")
	li := ListImport{List: "ofac", Source: name}
	dec := xml.NewDecoder(r)
	src := importLists["ofac"].title
	depth, n := 0, 0
	seen := map[string]bool{}
	var inPublish, inDate bool
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
			switch {
			case depth == 1 && t.Name.Local != "sdnList":
				return ListImport{}, fmt.Errorf("%s: line %d: root element is %s; want sdnList (is this OFAC's sdn.xml?)", name, line, t.Name.Local)
			case depth == 2 && t.Name.Local == "publshInformation":
				inPublish = true
			case depth == 3 && inPublish && t.Name.Local == "Publish_Date":
				inDate = true
			case depth == 2 && t.Name.Local == "sdnEntry":
				n++
				var e ofacEntry
				if err := dec.DecodeElement(&e, &t); err != nil {
					l, _ := dec.InputPos()
					return ListImport{}, fmt.Errorf("%s: line %d: sdnList/sdnEntry[%d]: %w", name, l, n, err)
				}
				depth--
				if err := addOFACEntry(b, e, seen, src); err != nil {
					return ListImport{}, fmt.Errorf("%s: line %d: sdnList/sdnEntry[%d]: %w", name, line, n, err)
				}
			}
		case xml.CharData:
			if inDate {
				s := strings.TrimSpace(string(t))
				if li.Published, err = time.Parse("01/02/2006", s); err != nil {
					return ListImport{}, fmt.Errorf("%s: line %d: Publish_Date %q: want MM/DD/YYYY", name, line, s)
				}
			}
		case xml.EndElement:
			depth--
			inDate = false
			if depth == 1 {
				inPublish = false
			}
		}
	}
	if depth != 0 {
		return ListImport{}, fmt.Errorf("%s: ends inside an element; the file is cut short", name)
	}
	if n == 0 {
		return ListImport{}, fmt.Errorf("%s: no sdnEntry elements; is this OFAC's sdn.xml?", name)
	}
	li.Entities, li.Notes = b.ents, b.notes
	return li, li.Validate()
}

func addOFACEntry(b *entityBuilder, x ofacEntry, seen map[string]bool, src string) error {
	uid := strings.TrimSpace(x.UID)
	if uid == "" {
		return errors.New("uid is empty")
	}
	if seen[uid] {
		return fmt.Errorf("uid %s appears twice", uid)
	}
	seen[uid] = true
	var ds []rampart.Designation
	for _, p := range x.Programs {
		if list, ok := ofacPrograms[strings.TrimSpace(p)]; ok {
			ds = append(ds, designationFor(list, "SDN "+uid, time.Time{}, src))
		}
	}
	if len(ds) == 0 {
		return nil
	}
	kind := rampart.EntityOrganisation
	switch strings.ToLower(strings.TrimSpace(x.Type)) {
	case "individual":
		kind = rampart.EntityPerson
	case "vessel", "aircraft":
		return nil
	case "entity":
	default:
		return fmt.Errorf("uid %s: sdnType %q; want Individual, Entity, Vessel or Aircraft", uid, x.Type)
	}
	nm := ofacXMLName(x.LastName, x.FirstName)
	if nm == "" {
		return fmt.Errorf("uid %s: lastName is empty", uid)
	}
	e := b.add(nm, kind, ds...)
	addOFACName(e, nm, rampart.AliasName, uid, false)
	for _, a := range x.Akas {
		typ := rampart.AliasName
		if strings.EqualFold(strings.TrimSpace(a.Type), "f.k.a.") {
			typ = rampart.AliasFormer
		}
		addOFACName(e, ofacXMLName(a.LastName, a.FirstName), typ, uid, strings.EqualFold(strings.TrimSpace(a.Category), "weak"))
	}
	b.note(e.ID, x.Remarks)
	return nil
}

// ofacXMLName writes a name as the legacy CSV does: "LAST, First".
func ofacXMLName(last, first string) string {
	last, first = collapseSpace(last), collapseSpace(first)
	if first == "" {
		return last
	}
	return last + ", " + first
}
