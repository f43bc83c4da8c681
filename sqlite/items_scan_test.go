package sqlite_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/sqlite"
)

func TestItemsYieldsAllInIngestOrder(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var want []rampart.Item
	for i := range 2500 { // more than two pages
		it := rampart.Item{Post: &rampart.Post{Platform: "x", ID: fmt.Sprint(2500 - i), Text: fmt.Sprint("post ", i)},
			Origin: rampart.Origin{File: "in.jsonl", Line: i + 1, Format: "jsonl"}}
		if i%7 == 0 {
			it.Flags = []string{rampart.FlagInvalidUTF8}
		}
		want = append(want, it)
	}
	if _, err := st.PutItems(t.Context(), want); err != nil {
		t.Fatal(err)
	}
	var got []rampart.Item
	for it, err := range st.Items(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, it)
		// Writing while iterating must work: a rescan stores findings.
		if len(got) == 1500 {
			if _, err := st.PutItems(t.Context(), []rampart.Item{{Post: &rampart.Post{Platform: "x", ID: "late"}}}); err != nil {
				t.Fatalf("write during iteration: %v", err)
			}
		}
	}
	late := rampart.Item{Post: &rampart.Post{Platform: "x", ID: "late"}, Origin: rampart.Origin{}}
	if diff := cmp.Diff(append(want, late), got); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}
