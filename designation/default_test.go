package designation_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
)

var updateSeedGolden = flag.Bool("update", false, "rewrite testdata/seed golden files")

var mainGroups = []string{"ttp", "iskp", "bla", "blf", "lej", "jua", "let", "jem", "hgb"}

func defaultRegistry(t *testing.T) *designation.Registry {
	t.Helper()
	r, err := designation.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return r
}

// TestDefaultGolden pins the main groups and their media wings and
// sub-units (people are checked in TestMediaWingsAndPeopleReportTheirGroup).
// Run with -update after a reviewed data change and read the diff.
func TestDefaultGolden(t *testing.T) {
	r := defaultRegistry(t)
	var ents []rampart.Entity
	for _, e := range r.Entities() {
		if slices.Contains(mainGroups, e.Group) && e.Kind != rampart.EntityPerson {
			ents = append(ents, e)
		}
	}
	got, err := json.MarshalIndent(ents, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	const golden = "testdata/seed/entities.golden.json"
	if *updateSeedGolden {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestDefaultGolden -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("main-group entities differ from %s (-want +got):\n%s", golden, diff)
	}
}

func TestDefaultVersion(t *testing.T) {
	r := defaultRegistry(t)
	h := sha256.New()
	for _, name := range []string{"designations_seed.csv", "aliases_extra.csv", "merge.csv", "entities.csv", "alias_flags.csv", "designations.csv"} {
		b, err := designation.DataFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%d\n", len(b))
		h.Write(b)
	}
	want := "seed-" + hex.EncodeToString(h.Sum(nil))[:12]
	if r.Version() != want {
		t.Errorf("Version() = %q; want %q", r.Version(), want)
	}
	if r2 := defaultRegistry(t); r2 != r {
		t.Error("Default() built a second registry; want the cached one")
	}
}

func seedRows(t *testing.T, name string) [][]string {
	t.Helper()
	b, err := designation.DataFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

// aliasOwner returns the ids of the entities that have an alias with this
// exact text and source reference.
func aliasOwner(r *designation.Registry, text, sourceRef string) []string {
	var ids []string
	for _, e := range r.Entities() {
		for _, a := range e.Aliases {
			if a.Text == text && a.SourceRef == sourceRef && !slices.Contains(ids, e.ID) {
				ids = append(ids, e.ID)
			}
		}
	}
	return ids
}

// TestMergeOtherLists checks that rows of the same organisation from other
// lists end in its stable id.
func TestMergeOtherLists(t *testing.T) {
	r := defaultRegistry(t)
	want := map[string]string{
		"pk_nacta/tehreek_e_taliban_pakistan_ttp":   "ttp",
		"pk_nacta/balochistan_liberation_army_bla":  "bla",
		"pk_nacta/balochistan_liberation_front":     "blf",
		"pk_nacta/hafiz_gul_bahadur_group":          "hgb",
		"pk_nacta/jaish_e_muhammad_jem":             "jem",
		"pk_nacta/khuddam_ul_islam_formerly_jem":    "jem",
		"pk_nacta/jamaat_ul_ahrar":                  "jua",
		"pk_nacta/lashkar_e_jhangvi_lej":            "lej",
		"pk_nacta/lashkar_e_tayyaba_let":            "let",
		"pk_nacta/jamaat_ud_dawa_jud":               "let",
		"pk_nacta/falah_i_insaniyat_foundation_fif": "let",
		"pk_nacta/majeed_brigade_group":             "bla-majeed-brigade",
		"un_QDi.427":                                "ttp-noor-wali-mehsud",
		"ttp/leader/noor_wali_mehsud":               "ttp-noor-wali-mehsud",
		"un_QDi.422":                                "jem-masood-azhar",
		"ofac_17164":                                "let-muhammad-iqbal",
		"uk_harakat_mujahideen":                     "hum",
		"pk_nacta/harkat_ul_jihad_islami_huji":      "huji",
	}
	checked := map[string]int{}
	for _, row := range seedRows(t, "designations_seed.csv") {
		id, alias, ref := row[0], row[2], row[7]
		target, ok := want[id]
		if !ok {
			continue
		}
		checked[id]++
		owners := aliasOwner(r, alias, ref)
		if alias == "AL-" || alias == "BAHA" || alias == "Lyari" {
			continue // dropped by alias_flags.csv
		}
		if !slices.Contains(owners, target) {
			t.Errorf("seed row %s %q ended in %v; want %s", id, alias, owners, target)
		}
	}
	for id := range want {
		if checked[id] == 0 {
			t.Errorf("no seed rows for %s; the test table is stale", id)
		}
	}
	if checked["pk_nacta/tehreek_e_taliban_pakistan_ttp"] != 2 {
		t.Errorf("checked %d pk_nacta TTP rows; want 2", checked["pk_nacta/tehreek_e_taliban_pakistan_ttp"])
	}
	// No entity keeps an id of another list when it has a stable one.
	for _, id := range []string{"pk_nacta/tehreek_e_taliban_pakistan_ttp", "un_QDi.427", "ofac_17164", "haqqani_network"} {
		if _, ok := r.Entity(id); ok {
			t.Errorf("entity %q exists; want it merged", id)
		}
	}
}

func TestMediaWingsAndPeopleReportTheirGroup(t *testing.T) {
	r := defaultRegistry(t)
	tests := []struct{ alias, entity, group, kind string }{
		{"Umar Media", "ttp-umar-media", "ttp", rampart.EntityMediaWing},
		{"Umer Media", "ttp-umar-media", "ttp", rampart.EntityMediaWing},
		{"عمر میڈیا", "ttp-umar-media", "ttp", rampart.EntityMediaWing},
		{"Al-Azaim Media Foundation", "iskp-al-azaim", "iskp", rampart.EntityMediaWing},
		{"Voice of Khorasan", "iskp-voice-of-khurasan", "iskp", rampart.EntityMediaWing},
		{"Hakkal", "bla-hakkal", "bla", rampart.EntityMediaWing},
		{"Majeed Brigade", "bla-majeed-brigade", "bla", rampart.EntitySubunit},
		{"The Majeed Brigade", "bla-majeed-brigade", "bla", rampart.EntitySubunit},
		{"مجید بریگیڈ", "bla-majeed-brigade", "bla", rampart.EntitySubunit},
		{"STOS", "bla-stos", "bla", rampart.EntitySubunit},
		{"Ihya-e-Khilafat", "jua-ihya-e-khilafat", "jua", rampart.EntityMediaWing},
		{"Al-Qalam", "jem-al-qalam", "jem", rampart.EntityMediaWing},
		{"خالد کاروان", "hgb-jaish-furqan-muhammad", "hgb", rampart.EntitySubunit},
		{"Noor Wali Mehsud", "", "", ""}, // not an alias text in the seed; see below
		{"NOOR WALI MEHSUD", "ttp-noor-wali-mehsud", "ttp", rampart.EntityPerson},
		{"Basheer Zeb", "bla-bashir-zeb", "bla", rampart.EntityPerson},
		{"Gohram Baloch", "blf-gwahram-baloch", "blf", rampart.EntityPerson},
		{"Ehsanullah Ehsan", "jua-ehsanullah-ehsan", "jua", rampart.EntityPerson},
		{"HAFIZ MUHAMMAD SAEED", "let-hafiz-saeed", "let", rampart.EntityPerson},
		{"Masood Azhar", "jem-masood-azhar", "jem", rampart.EntityPerson},
		{"Nooruddin Zangi", "lej-nooruddin-zangi", "lej", rampart.EntityPerson},
		{"SANAULLAH GHAFARI", "iskp-sanaullah-ghafari", "iskp", rampart.EntityPerson},
		{"Fitna al-Khawarij", "ttp", "ttp", rampart.EntityOrganisation},
	}
	for _, tt := range tests {
		if tt.entity == "" {
			continue
		}
		t.Run(tt.alias, func(t *testing.T) {
			var owners []string
			for _, e := range r.Entities() {
				for _, a := range e.Aliases {
					if a.Text == tt.alias && !slices.Contains(owners, e.ID) {
						owners = append(owners, e.ID)
					}
				}
			}
			if diff := cmp.Diff([]string{tt.entity}, owners); diff != "" {
				t.Fatalf("owners of %q (-want +got):\n%s", tt.alias, diff)
			}
			e, _ := r.Entity(tt.entity)
			if e.Group != tt.group || e.Kind != tt.kind {
				t.Errorf("%s: group %q kind %q; want %q %q", e.ID, e.Group, e.Kind, tt.group, tt.kind)
			}
		})
	}
	// Every entity's group is an organisation that is its own group.
	for _, e := range r.Entities() {
		g, ok := r.Entity(e.Group)
		if !ok || g.Group != g.ID || g.Kind != rampart.EntityOrganisation {
			t.Errorf("entity %s: group %q is not an organisation of its own", e.ID, e.Group)
		}
	}
}

func TestScreenedExcludesPartiesAndMovements(t *testing.T) {
	r := defaultRegistry(t)
	ids := func(es []rampart.Entity) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	def := ids(r.Screened(nil))
	for _, id := range []string{"ptm", "tlp", "pk_nacta/jeay_sindh_qaumi_mahaz_arisar_group_jsqm_a", "pk_nacta/pak_turk_international_cag_education_foundation"} {
		if slices.Contains(def, id) {
			t.Errorf("Screened(nil) includes %s; parties, movements and civil society are off by default", id)
		}
	}
	for _, g := range mainGroups {
		if !slices.Contains(def, g) {
			t.Errorf("Screened(nil) lacks %s", g)
		}
	}
	ptm, _ := r.Entity("ptm")
	tlp, _ := r.Entity("tlp")
	if ptm.Category != rampart.CategoryRightsMovement || tlp.Category != rampart.CategoryPoliticalParty {
		t.Errorf("categories: ptm %q, tlp %q; want rights_movement, political_party", ptm.Category, tlp.Category)
	}
	if on := ids(r.Screened([]string{"ptm"})); !slices.Contains(on, "ptm") || slices.Contains(on, "tlp") {
		t.Errorf("Screened([ptm]) = %v; want ptm and not tlp", on)
	}
}

func TestAliasFlags(t *testing.T) {
	r := defaultRegistry(t)
	type flags struct{ Weak, CaseSensitive, WholeToken, NeedsContext bool }
	tests := []struct {
		entity, alias string
		want          flags
	}{
		{"ttp", "TTP", flags{WholeToken: true, NeedsContext: true}},
		{"bla", "BLA", flags{CaseSensitive: true, WholeToken: true, NeedsContext: true}},
		{"let", "LET", flags{CaseSensitive: true, WholeToken: true, NeedsContext: true}},
		{"let", "LeT", flags{CaseSensitive: true, WholeToken: true}},
		{"jem", "JEM", flags{CaseSensitive: true, WholeToken: true, NeedsContext: true}},
		{"hgb", "IMP", flags{CaseSensitive: true, WholeToken: true, NeedsContext: true}},
		{"isis", "ISIS", flags{CaseSensitive: true, WholeToken: true}},
		{"ttp-fazlullah", "Mullah Radio", flags{Weak: true}},
		{"let-hafiz-saeed", "Hafiz Ji", flags{Weak: true}},
		{"jem-al-qalam", "Al-Qalam", flags{WholeToken: true, NeedsContext: true}},
		{"ttp", "Tehrik-e Taliban Pakistan", flags{}},
	}
	for _, tt := range tests {
		t.Run(tt.entity+"/"+tt.alias, func(t *testing.T) {
			e, _ := r.Entity(tt.entity)
			i := slices.IndexFunc(e.Aliases, func(a rampart.Alias) bool { return a.Text == tt.alias })
			if i < 0 {
				t.Fatalf("%s has no alias %q", tt.entity, tt.alias)
			}
			a := e.Aliases[i]
			got := flags{a.Weak, a.CaseSensitive, a.WholeToken, a.NeedsContext}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("flags (-want +got):\n%s", diff)
			}
		})
	}
	for _, dropped := range []string{"Lyari", "AL-", "BAHA"} {
		if owners := aliasOwnerText(r, dropped); len(owners) > 0 {
			t.Errorf("alias %q kept on %v; alias_flags.csv excludes it", dropped, owners)
		}
	}
}

func aliasOwnerText(r *designation.Registry, text string) []string {
	var ids []string
	for _, e := range r.Entities() {
		for _, a := range e.Aliases {
			if a.Text == text {
				ids = append(ids, e.ID)
			}
		}
	}
	return ids
}

func TestDesignations(t *testing.T) {
	r := defaultRegistry(t)
	type listing struct{ List, Reference, ListedOn, Authority string }
	get := func(id string) []listing {
		e, _ := r.Entity(id)
		var out []listing
		for _, d := range e.Designations {
			if d.Authority != d.Jurisdiction {
				t.Errorf("%s %s: authority %q differs from jurisdiction %q", id, d.List, d.Authority, d.Jurisdiction)
			}
			on := ""
			if !d.ListedOn.IsZero() {
				on = d.ListedOn.Format(time.DateOnly)
			}
			out = append(out, listing{d.List, d.Reference, on, d.Authority})
		}
		return out
	}
	tests := map[string][]listing{
		"ttp": {
			{"fto", "SDN 12206", "2010-09-01", "US"},
			{"nacta", "Tehreek-e-Taliban Pakistan (TTP)", "2008-08-25", "PK"},
			{"sdgt", "SDN 12206", "2010-09-01", "US"},
			{"uk", "Terrorism Act 2000 Sch. 2", "", "GB"},
			{"un", "QDe.132", "2011-07-29", "UN"},
		},
		"iskp": {
			{"fto", "SDN 18647", "2016-01-14", "US"},
			{"sdgt", "SDN 18647", "", "US"},
			{"un", "QDe.161", "2019-05-14", "UN"},
		},
		// BLA is not on the UN list.
		"bla": {
			{"fto", "", "2025-08-11", "US"},
			{"nacta", "Balochistan Liberation Army (BLA)", "2006-04-07", "PK"},
			{"sdgt", "", "", "US"},
			{"uk", "Terrorism Act 2000 Sch. 2", "", "GB"},
		},
		"blf":                {{"nacta", "Balochistan Liberation Front", "2010-09-08", "PK"}},
		"bla-majeed-brigade": {{"nacta", "Majeed Brigade Group", "2024-07-18", "PK"}},
		"hgb":                {{"nacta", "Hafiz Gul Bahadur Group", "2024-07-25", "PK"}},
	}
	for id, want := range tests {
		if diff := cmp.Diff(want, get(id)); diff != "" {
			t.Errorf("%s designations (-want +got):\n%s", id, diff)
		}
	}
	ttp, _ := r.Entity("ttp")
	if diff := cmp.Diff([]string{"GB", "PK", "UN", "US"}, designation.Jurisdictions(ttp, date2026)); diff != "" {
		t.Errorf("Jurisdictions(ttp) (-want +got):\n%s", diff)
	}
	bla, _ := r.Entity("bla")
	// BLA's UK and SDGT listings carry no day in the data, so they count as
	// in force; the FTO listing starts on 2025-08-11.
	if diff := cmp.Diff([]string{"GB", "PK", "US"}, designation.Jurisdictions(bla, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))); diff != "" {
		t.Errorf("Jurisdictions(bla, 2025-01-01) (-want +got):\n%s", diff)
	}
	blf, _ := r.Entity("blf")
	if got := designation.Jurisdictions(blf, time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)); len(got) != 0 {
		t.Errorf("Jurisdictions(blf, 2010-01-01) = %v; want none before its 2010-09-08 NACTA listing", got)
	}
}

var date2026 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// TestEvalSetConsistent checks the evaluation set against the brief it was
// written to and against the registry: every expected id is a screened group.
func TestEvalSetConsistent(t *testing.T) {
	f, err := os.Open("testdata/eval/mentions_v1.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := designation.ReadEvalCases(f)
	if err != nil {
		t.Fatal(err)
	}
	r := defaultRegistry(t)
	screened := map[string]bool{}
	for _, e := range r.Screened(nil) {
		screened[e.ID] = true
	}
	negatives := 0
	langs, fields, groups := map[string]int{}, map[string]int{}, map[string]int{}
	texts := map[string]int{}
	for _, c := range cases {
		if prev, dup := texts[c.Case.Field+"|"+c.Case.Text]; dup {
			t.Errorf("line %d repeats line %d", c.Line, prev)
		}
		texts[c.Case.Field+"|"+c.Case.Text] = c.Line
		langs[c.Case.Lang]++
		fields[c.Case.Field]++
		if len(c.Case.Expect) == 0 {
			negatives++
		}
		for _, g := range c.Case.Expect {
			groups[g]++
			e, ok := r.Entity(g)
			switch {
			case !ok:
				t.Errorf("line %d expects %q, which is not in the registry", c.Line, g)
			case e.Group != e.ID:
				t.Errorf("line %d expects %q, which is not a group (its group is %q)", c.Line, g, e.Group)
			case !screened[g]:
				t.Errorf("line %d expects %q, which is not screened by default", c.Line, g)
			}
		}
	}
	if len(cases) < 300 || negatives < 100 {
		t.Errorf("%d lines, %d hard negatives; want at least 300 and 100", len(cases), negatives)
	}
	for _, l := range []string{"en", "ur", "roman-ur", "ps", "ar", "bal"} {
		if langs[l] == 0 {
			t.Errorf("no lines in %s", l)
		}
	}
	for _, fl := range []string{"text", "handle", "name", "hashtag", "bio"} {
		if fields[fl] == 0 {
			t.Errorf("no lines for field %s", fl)
		}
	}
	for _, g := range mainGroups {
		if groups[g] < 10 {
			t.Errorf("only %d lines expect %s; want at least 10", groups[g], g)
		}
	}
	t.Logf("%d lines, %d hard negatives, langs %v, fields %v", len(cases), negatives, langs, fields)
}

// TestDataFilesDocumented keeps data/README.md in step with the files.
func TestDataFilesDocumented(t *testing.T) {
	readme, err := os.ReadFile("data/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"designations_seed.csv", "aliases_extra.csv", "merge.csv", "entities.csv", "alias_flags.csv", "designations.csv"} {
		if !strings.Contains(string(readme), name) {
			t.Errorf("data/README.md does not describe %s", name)
		}
	}
}
