package designation_test

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
)

// matchEntities reads rows copied from the seed CSV
// (/work/shared/data/designations/designations_seed.csv) for nine groups, a
// leader and two hand-made entities (ISIS with its ambiguous short names,
// and a second Baloch group sharing the alias "Fitna al-Hindustan" is in the
// copied rows already).
func matchEntities(t testing.TB) []rampart.Entity {
	t.Helper()
	f, err := os.Open("testdata/match/seed_rows.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read seed rows: %v", err)
	}
	byID := map[string]*rampart.Entity{}
	var order []string
	for _, r := range rows[1:] {
		id, name, alias, script, lang, typ, src, ref := r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]
		e, ok := byID[id]
		if !ok {
			group := id
			kind := rampart.EntityOrganisation
			if g, _, ok := strings.Cut(id, "/"); ok && !strings.HasPrefix(id, "pk_nacta/") {
				group = g
				kind = rampart.EntityPerson
			}
			e = &rampart.Entity{ID: id, Name: name, Kind: kind, Group: group, Category: rampart.CategoryArmedGroup}
			byID[id] = e
			order = append(order, id)
		}
		e.Aliases = append(e.Aliases, rampart.Alias{
			Text: alias, Script: script, Lang: lang, Type: typ, Source: src, SourceRef: ref,
			Weak: strings.Contains(ref, "quality=Low"),
		})
	}
	out := make([]rampart.Entity, 0, len(order)+2)
	for _, id := range order {
		e := *byID[id]
		if id == "ttp" {
			e.Designations = []rampart.Designation{
				{Authority: "UN", List: "un", Reference: "QDe.132", ListedOn: mdate(2011, 7, 29), Jurisdiction: "UN"},
				{Authority: "US", List: "fto", ListedOn: mdate(2010, 9, 1), Jurisdiction: "US"},
				{Authority: "GB", List: "uk", ListedOn: mdate(2011, 1, 20), Jurisdiction: "GB"},
				{Authority: "PK", List: "nacta", ListedOn: mdate(2008, 8, 25), Jurisdiction: "PK"},
			}
		}
		out = append(out, e)
	}
	out = append(out, rampart.Entity{
		ID: "isis", Name: "Islamic State", Kind: rampart.EntityOrganisation, Group: "isis",
		Category: rampart.CategoryArmedGroup,
		Aliases: []rampart.Alias{
			{Text: "ISIS", Type: rampart.AliasAcronym}, {Text: "IS", Type: rampart.AliasAcronym},
			{Text: "Daesh", Type: rampart.AliasName}, {Text: "Islamic State of Iraq and Syria", Type: rampart.AliasName},
			{Text: "داعش", Script: "Arab", Lang: "ar", Type: rampart.AliasName},
			{Text: "Dawlah", Type: rampart.AliasName, Weak: true},
		},
		Designations: []rampart.Designation{
			{Authority: "UN", List: "un", Jurisdiction: "UN"},
			{Authority: "GB", List: "uk", Jurisdiction: "GB", DelistedOn: mdate(2020, 1, 1)},
		},
	})
	return out
}

func mdate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func newTestMatcher(t testing.TB) (*designation.Registry, *designation.Matcher) {
	t.Helper()
	ents := matchEntities(t)
	reg, err := designation.New("test", ents)
	if err != nil {
		t.Fatal(err)
	}
	m, err := designation.NewMatcher(reg.Entities(), designation.MatcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return reg, m
}
