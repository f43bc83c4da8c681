package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/sqlite"
)

func TestDesignationVersions(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	st, err := sqlite.OpenWith(ctx, filepath.Join(t.TempDir(), "d.db"), sqlite.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ents := []sqlite.DesignationEntity{{
		Entity: rampart.Entity{ID: "un/a", Name: "A", Kind: rampart.EntityOrganisation, Group: "un/a",
			Aliases:      []rampart.Alias{{Text: "A", Script: "Latn"}},
			Designations: []rampart.Designation{{Authority: "UN", List: "un", Reference: "QDe.1", ListedOn: time.Date(2011, 7, 29, 0, 0, 0, 0, time.UTC)}}},
		Note: "a note",
	}}
	published := time.Date(2026, 2, 27, 0, 0, 9, 554e6, time.UTC)
	tests := []struct {
		sha       string
		wantID    int64
		wantAdded bool
	}{
		{"aa", 1, true},
		{"aa", 1, false}, // same file again: no new version
		{"bb", 2, true},
	}
	for _, tt := range tests {
		v, added, err := st.PutDesignationVersion(ctx, sqlite.DesignationVersion{List: "un", Published: published, Source: "un.xml", SHA256: tt.sha}, ents)
		if err != nil {
			t.Fatal(err)
		}
		if v.ID != tt.wantID || added != tt.wantAdded {
			t.Errorf("put %s: id %d added %t; want %d %t", tt.sha, v.ID, added, tt.wantID, tt.wantAdded)
		}
	}
	vs, err := st.DesignationVersions(ctx, "un")
	if err != nil {
		t.Fatal(err)
	}
	want := []sqlite.DesignationVersion{
		{ID: 1, List: "un", ImportedAt: now, Published: published, Source: "un.xml", SHA256: "aa", Entities: 1},
		{ID: 2, List: "un", ImportedAt: now, Published: published, Source: "un.xml", SHA256: "bb", Entities: 1},
	}
	if diff := cmp.Diff(want, vs); diff != "" {
		t.Errorf("versions (-want +got):\n%s", diff)
	}
	if other, _ := st.DesignationVersions(ctx, "ofac"); len(other) != 0 {
		t.Errorf("ofac versions = %v; want none", other)
	}
	_, got, err := st.DesignationVersion(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ents, got); diff != "" {
		t.Errorf("entities round trip (-want +got):\n%s", diff)
	}
	if _, _, err := st.DesignationVersion(ctx, 9); rampart.ErrorCode(err) != rampart.ENOTFOUND {
		t.Errorf("missing version: %v; want ENOTFOUND", err)
	}
	if _, _, err := st.PutDesignationVersion(ctx, sqlite.DesignationVersion{List: "un", SHA256: "cc"}, nil); rampart.ErrorCode(err) != rampart.EINVALID {
		t.Errorf("empty version: %v; want EINVALID", err)
	}
}
