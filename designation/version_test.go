package designation_test

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
)

// TestOverlayMergesByReferenceAndName lays the trimmed real UN list over
// the shipped registry: the UN entries the seed already knows merge into
// its entities by reference, the rest become entities of their own.
func TestOverlayMergesByReferenceAndName(t *testing.T) {
	base := defaultRegistry(t)
	un := importFile(t, "un", "un_pk_trimmed.xml", designation.ImportOptions{})
	un.Version = 3
	r, err := designation.Overlay(base, []designation.ListImport{un})
	if err != nil {
		t.Fatal(err)
	}
	if want := base.Version() + "+un-3"; r.Version() != want {
		t.Errorf("Version() = %q; want %q", r.Version(), want)
	}
	ttp, ok := r.Entity("ttp")
	if !ok {
		t.Fatal("no ttp")
	}
	var un132 []rampart.Designation
	for _, d := range ttp.Designations {
		if d.List == "un" {
			un132 = append(un132, d)
		}
	}
	if len(un132) != 1 || un132[0].Reference != "QDe.132" || un132[0].Source != "UN Security Council Consolidated List" {
		t.Errorf("ttp UN designations = %+v; want one QDe.132 citing the imported list", un132)
	}
	if _, ok := r.Entity("un/tehrik_e_taliban_pakistan_ttp"); ok {
		t.Error("TTP from the UN list was added as a new entity instead of merged into ttp")
	}
	var added []string
	for _, e := range r.Entities() {
		if _, had := base.Entity(e.ID); !had {
			added = append(added, e.ID)
		}
	}
	checkGolden(t, "overlay_un_added.json", added)
	// Relations of the shipped data survive an overlay.
	for _, e := range base.Entities() {
		got, _ := r.Entity(e.ID)
		if diff := cmp.Diff(e.Relations, got.Relations); diff != "" {
			t.Errorf("%s relations changed (-base +overlay):\n%s", e.ID, diff)
		}
	}
}

// TestOverlayNeverMergesBySimilarity: a name one letter off an alias, or a
// person sharing an organisation's name, stays a separate entity.
func TestOverlayNeverMergesBySimilarity(t *testing.T) {
	base := defaultRegistry(t)
	li := designation.ListImport{List: "csv", Source: "t", Entities: []rampart.Entity{
		{ID: "csv/a", Name: "Tehrik-e Talibon Pakistan", Kind: rampart.EntityOrganisation, Group: "csv/a",
			Aliases: []rampart.Alias{{Text: "Tehrik-e Talibon Pakistan"}}, Designations: []rampart.Designation{{List: "uk", Authority: "GB"}}},
		{ID: "csv/b", Name: "Tehrik-e Taliban Pakistan", Kind: rampart.EntityPerson, Group: "csv/b",
			Aliases: []rampart.Alias{{Text: "Tehrik-e Taliban Pakistan"}}, Designations: []rampart.Designation{{List: "uk", Authority: "GB"}}},
	}}
	r, err := designation.Overlay(base, []designation.ListImport{li})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"csv/a", "csv/b"} {
		if _, ok := r.Entity(id); !ok {
			t.Errorf("%s was merged into an existing entity; want a new one", id)
		}
	}
}

// twoUNVersions returns the trimmed UN list and a later version without
// TTP and without Anjem Choudary, generated on 2026-03-15.
func twoUNVersions(t *testing.T) (v1, v2 designation.ListImport) {
	t.Helper()
	b, err := os.ReadFile(importDir + "/un_pk_trimmed.xml")
	if err != nil {
		t.Fatal(err)
	}
	v1, err = designation.ReadUN(bytes.NewReader(b), "un_v1.xml")
	if err != nil {
		t.Fatal(err)
	}
	v1.Version = 1
	s := string(b)
	for _, ref := range []string{"QDe.132", "QDi.419"} {
		i := strings.Index(s, "<REFERENCE_NUMBER>"+ref)
		start := strings.LastIndex(s[:i], "\n    <")
		tag := strings.TrimSpace(s[start : start+strings.Index(s[start:], ">")+1])
		end := i + strings.Index(s[i:], "</"+tag[1:]) + len(tag) + 1
		s = s[:start] + s[end:]
	}
	s = strings.Replace(s, `dateGenerated="2026-02-27T00:00:09.554Z"`, `dateGenerated="2026-03-15T00:00:00Z"`, 1)
	v2, err = designation.ReadUN(strings.NewReader(s), "un_v2.xml")
	if err != nil {
		t.Fatal(err)
	}
	v2.Version = 2
	if len(v2.Entities) != len(v1.Entities)-2 {
		t.Fatalf("v2 has %d entities, v1 %d; want two fewer", len(v2.Entities), len(v1.Entities))
	}
	return v1, v2
}

// TestOverlayDelisting: a listing the latest version drops is delisted on
// that version's date; findings before keep it in force.
func TestOverlayDelisting(t *testing.T) {
	base := defaultRegistry(t)
	v1, v2 := twoUNVersions(t)
	r1, err := designation.Overlay(base, []designation.ListImport{v1})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := designation.Overlay(base, []designation.ListImport{v1, v2})
	if err != nil {
		t.Fatal(err)
	}
	if want := base.Version() + "+un-2"; r2.Version() != want {
		t.Errorf("Version() = %q; want %q", r2.Version(), want)
	}
	ttp, _ := r2.Entity("ttp")
	delisted := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	for _, d := range ttp.Designations {
		if d.List == "un" && !d.DelistedOn.Equal(delisted) {
			t.Errorf("ttp UN designation delisted %v; want %v", d.DelistedOn, delisted)
		}
	}
	tests := []struct {
		at   time.Time
		want []string
	}{
		{delisted.Add(-time.Hour), []string{"GB", "PK", "UN", "US"}},
		{delisted, []string{"GB", "PK", "US"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, designation.Jurisdictions(ttp, tt.at)); diff != "" {
			t.Errorf("Jurisdictions(ttp, %v) (-want +got):\n%s", tt.at, diff)
		}
	}
	if _, ok := r1.Entity("un/anjem_choudary"); !ok {
		t.Fatal("v1 lacks un/anjem_choudary; the fixture changed")
	}
	if _, ok := r2.Entity("un/anjem_choudary"); ok {
		t.Error("an entity known only from the UN list stays in force after its delisting")
	}
	// Only the latest version is in force: importing v2 alone is the same
	// registry except for the delisting dates.
	d := designation.DiffRegistries(r1, r2)
	var buf bytes.Buffer
	if err := d.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(buf.String(), base.Version(), "BASE")
	checkGoldenBytes(t, "diff_un_v1_v2.txt", []byte(text))
	js, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back designation.Diff
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, back); diff != "" {
		t.Errorf("Diff JSON round trip (-want +got):\n%s", diff)
	}
	if got := d.Groups(); !slices.Contains(got, "ttp") {
		t.Errorf("Groups() = %v; want ttp among the groups to rescan", got)
	}
	// What `designations show --json ttp` prints after v2.
	checkGolden(t, "show_ttp_after_v2.json", ttp)
}

func TestOverlayRejectsInvalidImport(t *testing.T) {
	_, err := designation.Overlay(defaultRegistry(t), []designation.ListImport{{List: "un", Version: 9}})
	if err == nil || !strings.Contains(err.Error(), "overlay un version 9") {
		t.Errorf("Overlay = %v; want an error naming the list version", err)
	}
}

func TestDiffIdentical(t *testing.T) {
	r := defaultRegistry(t)
	d := designation.DiffRegistries(r, r)
	if !d.Empty() {
		t.Errorf("diff of a registry with itself: %+v", d)
	}
	var buf bytes.Buffer
	_ = d.WriteText(&buf)
	if want := "registry " + r.Version() + " -> " + r.Version() + "\nno changes\n"; buf.String() != want {
		t.Errorf("WriteText = %q; want %q", buf.String(), want)
	}
}
