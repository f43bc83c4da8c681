package sim_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/sim"
)

// FuzzAppendItem checks that the generator's encoder writes exactly what
// rampart.Item.MarshalJSON writes, whatever the strings hold (escapes,
// invalid UTF-8, U+2028) and whatever the time.
func FuzzAppendItem(f *testing.F) {
	f.Add("x", "123", "a<b>&c", "line\nsep\u2028\"q\"\\", "\xff\xfe bad", int64(1767225600123456789), int64(5), true)
	f.Add("", "", "", "", "", int64(0), int64(-1), false)
	f.Add("telegram", "umar_media_2/14", "عمر میڈیا", "\x00\x1f\x7f\b\f\t\r", "#tag @who", int64(-62135596800000000), int64(0), true)
	f.Fuzz(func(t *testing.T, platform, id, name, text, other string, nanos, n int64, flag bool) {
		at := time.Unix(0, nanos).UTC()
		items := []rampart.Item{
			{Account: &rampart.Account{Platform: platform, ID: id, Handle: other, Name: name, Bio: text,
				CreatedAt: at, Followers: &n, Verified: flag,
				Avatar: &rampart.Avatar{SHA256: other, PDQ: name, Default: flag}, URL: text}},
			{Account: &rampart.Account{Platform: platform, ID: id, Avatar: &rampart.Avatar{}}},
			{Post: &rampart.Post{Platform: platform, ID: id, AccountID: other, Chat: name, CreatedAt: at,
				Text: text, Lang: other, URLs: []string{text, other}, Hashtags: []string{name},
				Mentions: []string{}, ReplyTo: other, RepostOf: id,
				Media: []rampart.Media{{Type: name, SHA256: text}, {}}, URL: other}},
			{Post: &rampart.Post{Platform: platform, ID: id, Extra: map[string]any{"k": text}}},
			{},
		}
		for i, it := range items {
			want, wantErr := it.MarshalJSON()
			got, gotErr := sim.AppendItem(nil, it)
			if (wantErr != nil) != (gotErr != nil) {
				t.Fatalf("item %d: MarshalJSON error %v, AppendItem error %v", i, wantErr, gotErr)
			}
			if wantErr == nil && !bytes.Equal(got, want) {
				t.Fatalf("item %d:\n got %s\nwant %s", i, got, want)
			}
		}
	})
}

// FuzzReadLabels feeds arbitrary bytes to the labels reader: it must never
// panic, must name the line of any error, and what it accepts must survive
// a write and a second read unchanged.
func FuzzReadLabels(f *testing.F) {
	f.Add([]byte(`{"kind":"account","platform":"x","id":"1","role":"evader","group":"ttp","evades":"0"}` + "\n" +
		`{"kind":"post","platform":"x","id":"2","label":"propaganda","group":"ttp","lang":"ur","template":"prop.ur.claim1"}`))
	f.Add([]byte("{\"kind\":\"post\"}\n"))
	f.Add([]byte("\n\n{\"kind\":\"account\",\"platform\":\"x\",\"id\":\"1\",\"role\":\"organic\"} {}"))
	f.Add([]byte(`{"kind":"account","platform":"x","id":"1","role":"bot","extra":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got []sim.Label
		for l, err := range sim.ReadLabels(bytes.NewReader(data)) {
			if err != nil {
				if !strings.HasPrefix(err.Error(), "labels line ") && !strings.HasPrefix(err.Error(), "read labels") {
					t.Fatalf("error does not name the line: %v", err)
				}
				return
			}
			got = append(got, l)
		}
		var buf bytes.Buffer
		for i := range got {
			buf.Write(sim.AppendLabel(nil, &got[i]))
			buf.WriteByte('\n')
		}
		var again []sim.Label
		for l, err := range sim.ReadLabels(&buf) {
			if err != nil {
				t.Fatalf("re-reading written labels: %v", err)
			}
			again = append(again, l)
		}
		if diff := cmp.Diff(got, again); diff != "" {
			t.Fatalf("labels changed through a write (-first +second):\n%s", diff)
		}
	})
}

func TestReadLabelsErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"not json", "{\"kind\":\"account\",\"platform\":\"x\",\"id\":\"1\",\"role\":\"organic\"}\nnope", "labels line 2: not a label object"},
		{"unknown field", `{"kind":"post","platform":"x","id":"1","label":"other","lang":"en","score":1}`, `labels line 1: not a label object: json: unknown field "score"`},
		{"bad role", `{"kind":"account","platform":"x","id":"1","role":"troll"}`, `labels line 1: field "role": "troll" is not one of`},
		{"bad label", `{"kind":"post","platform":"x","id":"1","label":"spam","lang":"en"}`, `field "label": "spam"`},
		{"bad lang", `{"kind":"post","platform":"x","id":"1","label":"other","lang":"fr"}`, `field "lang": "fr"`},
		{"no id", `{"kind":"post","platform":"x","label":"other","lang":"en"}`, `field "id" is empty`},
		{"bad kind", `{"kind":"cluster","platform":"x","id":"1"}`, `field "kind": want "account" or "post", got "cluster"`},
		{"two values", `{"kind":"account","platform":"x","id":"1","role":"bot"} {}`, "more than one JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			for _, e := range sim.ReadLabels(strings.NewReader(tt.in)) {
				if e != nil {
					err = e
				}
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if _, err := sim.RemovedAccounts(strings.NewReader("garbage")); err == nil {
		t.Error("RemovedAccounts accepted garbage")
	}
}
