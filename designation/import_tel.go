package designation

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// ftmEntity is one entity of an OpenSanctions export in the FollowTheMoney
// model: properties are lists of strings.
type ftmEntity struct {
	ID         string              `json:"id"`
	Caption    string              `json:"caption"`
	Schema     string              `json:"schema"`
	Target     *bool               `json:"target"`
	Properties map[string][]string `json:"properties"`
}

// ReadTEL reads the US State Department Terrorist Exclusion List as
// OpenSanctions publishes it (dataset us_state_terrorist_exclusion): a JSON
// array or JSON lines of FollowTheMoney entities. Schema Person becomes a
// person; Organization, LegalEntity and Company an organisation; other
// schemas (addresses, sanction records) are skipped, as are entities marked
// "target": false. properties name, alias, previousName and weakAlias give
// the aliases; createdAt or listingDate the listing date when present; the
// OpenSanctions id is the reference. Errors name the JSON path and byte
// offset ("$[3].properties.name").
func ReadTEL(r io.Reader, name string) (ListImport, error) {
	b := newEntityBuilder("tel")
	br := bufio.NewReader(stripBOM(r))
	dec := json.NewDecoder(br)
	array := false
	if c, err := peekNonSpace(br); err == nil && c == '[' {
		array = true
		if _, err := dec.Token(); err != nil {
			return ListImport{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	src := importLists["tel"].title + " (via OpenSanctions)"
	for i := 0; ; i++ {
		path := fmt.Sprintf("$[%d]", i)
		if !array {
			path = fmt.Sprintf("record %d", i+1)
		}
		if array && !dec.More() {
			break
		}
		var e ftmEntity
		err := dec.Decode(&e)
		if !array && errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ListImport{}, fmt.Errorf("%s: %s (byte %d): %w", name, path, dec.InputOffset(), err)
		}
		if err := addFTMEntity(b, e, src); err != nil {
			return ListImport{}, fmt.Errorf("%s: %s: %w", name, path, err)
		}
	}
	if array {
		if _, err := dec.Token(); err != nil {
			return ListImport{}, fmt.Errorf("%s: end of array (byte %d): %w", name, dec.InputOffset(), err)
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return ListImport{}, fmt.Errorf("%s: byte %d: data after the closing ]", name, dec.InputOffset())
		}
	}
	li := ListImport{List: "tel", Source: name, Entities: b.ents, Notes: b.notes}
	return li, li.Validate()
}

func peekNonSpace(br *bufio.Reader) (byte, error) {
	for n := 1; ; n++ {
		p, err := br.Peek(n)
		if len(p) < n {
			return 0, err
		}
		if c := p[n-1]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c, nil
		}
	}
}

func addFTMEntity(b *entityBuilder, x ftmEntity, src string) error {
	if x.Target != nil && !*x.Target {
		return nil
	}
	kind := rampart.EntityOrganisation
	switch x.Schema {
	case "Person":
		kind = rampart.EntityPerson
	case "Organization", "LegalEntity", "Company":
	case "":
		return errors.New(".schema is empty")
	default:
		return nil
	}
	if strings.TrimSpace(x.ID) == "" {
		return errors.New(".id is empty")
	}
	names := x.Properties["name"]
	nm := x.Caption
	if len(names) > 0 {
		nm = names[0]
	}
	nm = collapseSpace(nm)
	if nm == "" {
		return errors.New(".properties.name is empty and there is no .caption")
	}
	var listed time.Time
	for _, p := range []string{"listingDate", "createdAt"} {
		if v := x.Properties[p]; len(v) > 0 {
			t, err := time.Parse(time.DateOnly, firstN(v[0], 10))
			if err != nil {
				return fmt.Errorf(".properties.%s[0] %q: want a date YYYY-MM-DD", p, v[0])
			}
			listed = t
			break
		}
	}
	e := b.add(nm, kind, designationFor("tel", x.ID, listed, src))
	for _, p := range []struct {
		prop, typ string
		weak      bool
	}{{"name", rampart.AliasName, false}, {"alias", rampart.AliasName, false},
		{"previousName", rampart.AliasFormer, false}, {"weakAlias", rampart.AliasName, true}} {
		for _, a := range x.Properties[p.prop] {
			addNameAliases(e, a, p.typ, "US_TEL", x.ID, p.weak)
		}
	}
	addNameAliases(e, nm, rampart.AliasName, "US_TEL", x.ID, false)
	if n := x.Properties["notes"]; len(n) > 0 {
		b.note(e.ID, strings.Join(n, " "))
	}
	return nil
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
