package sqlite_test

import (
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/sqlite"
)

// FuzzPutItemRoundTrip puts items with arbitrary ids and text and checks
// that each comes back byte for byte, or is refused as EINVALID when it
// cannot (invalid UTF-8, no platform or id). One store serves the whole run
// and a map of first puts models it, so idempotence is checked too: a second
// put of a subject adds nothing and the first copy stays.
func FuzzPutItemRoundTrip(f *testing.F) {
	f.Add("x", "1440716895355764743", "4203239195", "#Brexit text", "conversation_id", "1440716895355764743", false)
	f.Add("telegram", "-100123:45", "user:77", "عمر میڈیا کی ویڈیو", "views", "12", false)
	f.Add("whatsapp", "000042", "", "line one\nline two \u2028 \x00", "k", "", true)
	f.Add("x", "1", "", "bad \xff byte", "", "", false)
	f.Add("", "1", "", "", "", "", true)
	f.Add("x", "", "", "", "", "", false)
	f.Add("x", "1", "", "same id, other text", "", "", false)
	s, err := sqlite.Open(f.Context(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	first := map[rampart.Subject]rampart.Item{}
	f.Fuzz(func(t *testing.T, platform, id, account, text, key, val string, isAccount bool) {
		var it rampart.Item
		var extra map[string]any
		if key != "" {
			extra = map[string]any{key: val}
		}
		if isAccount {
			it.Account = &rampart.Account{Platform: platform, ID: id, Name: account, Bio: text, Extra: extra}
		} else {
			it.Post = &rampart.Post{Platform: platform, ID: id, AccountID: account, Text: text, Extra: extra}
		}
		it.Origin = rampart.Origin{File: text, Line: len(id), Path: key}
		storable := platform != "" && id != "" &&
			utf8.ValidString(platform+id+account+text+key+val)
		added, err := s.PutItems(t.Context(), []rampart.Item{it})
		if !storable {
			if rampart.ErrorCode(err) != rampart.EINVALID || added != 0 {
				t.Fatalf("PutItems(%+v) = %d, %v; want 0, EINVALID", it.Subject(), added, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("PutItems(%s): %v", it.Subject(), err)
		}
		want, seen := first[it.Subject()]
		if !seen {
			first[it.Subject()] = it
			want = it
		}
		if wantAdded := map[bool]int{false: 1, true: 0}[seen]; added != wantAdded {
			t.Fatalf("PutItems(%s) added %d, want %d", it.Subject(), added, wantAdded)
		}
		got, err := s.Item(t.Context(), it.Subject())
		if err != nil {
			t.Fatalf("Item(%s): %v", it.Subject(), err)
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("Item(%s) (-put +got):\n%s", it.Subject(), diff)
		}
	})
}
