package rampart_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
)

func i64(v int64) *int64 { return &v }

func TestItemRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		item rampart.Item
		want string
	}{
		{"account", rampart.Item{Account: &rampart.Account{Platform: "x", ID: "1339914264522461187", Handle: "h",
			CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Followers: i64(0), Avatar: &rampart.Avatar{Default: true}}},
			`{"kind":"account","platform":"x","id":"1339914264522461187","handle":"h","created_at":"2026-01-02T03:04:05Z","followers":0,"avatar":{"default":true}}`},
		{"post", rampart.Item{Post: &rampart.Post{Platform: "telegram", ID: "-100123:45", AccountID: "channel9", Text: "بی ایل اے",
			Hashtags: []string{"BLA"}, Media: []rampart.Media{{Type: "photo", Path: "photos/1.jpg"}}}},
			`{"kind":"post","platform":"telegram","id":"-100123:45","account_id":"channel9","text":"بی ایل اے","hashtags":["BLA"],"media":[{"type":"photo","path":"photos/1.jpg"}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.item)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("marshal:\n got %s\nwant %s", b, tc.want)
			}
			var back rampart.Item
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.item, back); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestItemKeepsUnknownFields(t *testing.T) {
	var it rampart.Item
	in := `{"kind":"post","platform":"x","id":"7","text":"hi","retweet_count":12,"place":{"country":"PK"},"extra":{"a":"b"}}`
	if err := json.Unmarshal([]byte(in), &it); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": "b", "retweet_count": float64(12), "place": map[string]any{"country": "PK"}}
	if diff := cmp.Diff(want, it.Post.Extra); diff != "" {
		t.Errorf("extra (-want +got):\n%s", diff)
	}
}

func TestItemRejects(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"kind":"post","platform":"x","id":1460323737035677698}`, "field id: must be a string"},
		{`{"kind":"post","platform":"x","id":"1","reply_to":5}`, "field reply_to: must be a string"},
		{`{"kind":"tweet","platform":"x","id":"1"}`, `want "account" or "post"`},
		{`{"platform":"x","id":"1"}`, `want "account" or "post"`},
		{`{"kind":"post","created_at":"yesterday"}`, "created_at"},
		{`[1,2]`, "cannot unmarshal"},
	}
	for _, tc := range tests {
		var it rampart.Item
		err := json.Unmarshal([]byte(tc.in), &it)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.in, err, tc.want)
		}
	}
}

func FuzzItemUnmarshal(f *testing.F) {
	for _, s := range []string{
		`{"kind":"post","platform":"x","id":"7","text":"hi","x":1}`,
		`{"kind":"account","platform":"x","id":"1","followers":3,"avatar":{"pdq":"00"}}`,
		`{"kind":"post","id":"\u0000","media":[{}],"extra":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var it rampart.Item
		if err := json.Unmarshal(data, &it); err != nil {
			return
		}
		// Whatever was accepted must marshal and read back to the same item.
		b, err := json.Marshal(it)
		if err != nil {
			t.Fatalf("accepted %q but cannot marshal it: %v", data, err)
		}
		var back rampart.Item
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("cannot read back %s: %v", b, err)
		}
		b2, _ := json.Marshal(back)
		if string(b) != string(b2) {
			t.Fatalf("not stable:\n%s\n%s", b, b2)
		}
	})
}
