package account_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/account"
)

func TestLoadRemoved(t *testing.T) {
	f, err := os.Open("testdata/removed.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rs, err := account.ReadRemoved(f, "removed.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Group != "ttp" || rs[0].RemovedAt.IsZero() || len(rs[0].Posts) != 1 || len(rs[1].Posts) != 0 {
		t.Fatalf("got %+v", rs)
	}
	idx := account.NewEvasionIndex()
	for _, r := range rs {
		if err := idx.Add(r.Account, r.Posts, r.RemovedAt); err != nil {
			t.Fatal(err)
		}
	}
	// The evasion analyzer over a window with a re-creation.
	window := []rampart.Item{{Account: &rampart.Account{Platform: "telegram", ID: "77", Handle: "umar_media_3",
		Name: "Umar Media", CreatedAt: rs[0].RemovedAt.Add(48 * 3600e9)}}}
	sigs, err := account.NewEvasionAnalyzer(idx).Analyze(t.Context(), window)
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 || sigs[0].Signal.Group != "ttp" || sigs[0].Signal.Attrs["removed"] != "1" || sigs[0].Signal.Kind != rampart.SignalBanEvasion {
		t.Errorf("signals %+v", sigs)
	}
}

func TestReadRemovedErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"bad json", "{\n", "r.jsonl:1:"},
		{"no id", `{"kind":"account","platform":"x"}`, `r.jsonl:1: account needs "platform" and "id"`},
		{"bad time", `{"kind":"account","platform":"x","id":"1","removed_at":"yesterday"}`, "r.jsonl:1: field removed_at"},
		{"bad group", `{"kind":"account","platform":"x","id":"1","group":3}`, "r.jsonl:1: field group"},
		{"orphan post", "\n" + `{"kind":"post","platform":"x","id":"p","account_id":"9"}`, "r.jsonl:2: post p: author x/9"},
		{"duplicate", `{"kind":"account","platform":"x","id":"1"}` + "\n" + `{"kind":"account","platform":"x","id":"1"}`, "r.jsonl:2: account x/1 listed twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := account.ReadRemoved(strings.NewReader(tc.in), "r.jsonl")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func FuzzLoadRemoved(f *testing.F) {
	b, err := os.ReadFile("testdata/removed.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"kind":"account","platform":"x","id":"1","avatar":{"pdq":"zz"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		idx, err := account.LoadRemoved(bytes.NewReader(b), "fuzz.jsonl")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.jsonl") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		idx.Candidates(&rampart.Account{Platform: "x", ID: "q", Handle: "umar_media_9", Name: "Umar"}, nil, 10, 0)
	})
}
