package ingest_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/ingest"
)

// tlRecord builds one Telethon message line: a channel post in channel 77
// with the given fields added (JSON members, without braces).
func tlRecord(fields string) string {
	rec := `{"_": "Message", "id": 1, "peer_id": {"_": "PeerChannel", "channel_id": 77}, "date": "2024-05-06T07:08:09+00:00"`
	if fields != "" {
		rec += ", " + fields
	}
	return rec + "}"
}

// tlPosts reads input as telethon and returns its posts and record errors.
func tlPosts(t *testing.T, input string) ([]*rampart.Post, []*ingest.RecordError) {
	t.Helper()
	items, errs, fatal := collect(t, "in.jsonl", []byte(input), ingest.FormatTelethon)
	if fatal != nil {
		t.Fatalf("fatal: %v", fatal)
	}
	var posts []*rampart.Post
	for _, it := range items {
		if it.Post != nil {
			posts = append(posts, it.Post)
		}
	}
	return posts, errs
}

// TestTelethonEntitiesUTF16 checks that entity offsets are counted in UTF-16
// code units. The offsets are worked out by hand: 🙂 and each regional
// indicator of 🇵🇰 are two units, the skin tone modifier two, an Urdu or
// Arabic letter one, whatever their UTF-8 length.
func TestTelethonEntitiesUTF16(t *testing.T) {
	type want struct {
		URLs, Hashtags, Mentions []string
	}
	tests := []struct {
		name, text, entities string
		want                 want
	}{
		{"emoji before url", "🙂 https://a.example/x",
			`{"_": "MessageEntityUrl", "offset": 3, "length": 19}`,
			want{URLs: []string{"https://a.example/x"}}},
		{"flag and skin tone before mention", "🇵🇰👋🏽 @desk",
			`{"_": "MessageEntityMention", "offset": 9, "length": 5}`,
			want{Mentions: []string{"desk"}}},
		{"urdu before hashtag", "خبر #ٹیگ",
			`{"_": "MessageEntityHashtag", "offset": 4, "length": 4}`,
			want{Hashtags: []string{"ٹیگ"}}},
		{"urdu url after emoji", "📢 دیکھیں example.org/ا",
			`{"_": "MessageEntityUrl", "offset": 10, "length": 13}, {"_": "MessageEntityTextUrl", "offset": 3, "length": 6, "url": "https://example.org/read"}`,
			want{URLs: []string{"example.org/ا", "https://example.org/read"}}},
		{"entity at the very end", "ab🙂",
			`{"_": "MessageEntityHashtag", "offset": 4, "length": 0}`,
			want{}},
		{"formatting entities are ignored", "bold",
			`{"_": "MessageEntityBold", "offset": 0, "length": 400}, {"_": "MessageEntityMentionName", "offset": 0, "length": 4, "user_id": 5}`,
			want{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := tlRecord(fmt.Sprintf(`"message": %q, "entities": [%s]`, tc.text, tc.entities))
			posts, errs := tlPosts(t, rec)
			if len(errs) > 0 || len(posts) != 1 {
				t.Fatalf("posts %d, errors %v", len(posts), errs)
			}
			got := want{URLs: posts[0].URLs, Hashtags: posts[0].Hashtags, Mentions: posts[0].Mentions}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("entities (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTelethonDates(t *testing.T) {
	tests := []struct {
		date string // JSON value
		want time.Time
		err  string
	}{
		{`"2024-05-06T07:08:09+00:00"`, time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), ""},
		{`"2024-05-06T12:08:09+05:00"`, time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), ""},
		{`"2024-05-06 07:08:09+00:00"`, time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), ""},
		{`"2024-05-06T07:08:09.250000+00:00"`, time.Date(2024, 5, 6, 7, 8, 9, 250e6, time.UTC), ""},
		{`"2024-05-06T07:08:09"`, time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), ""},
		{`1714979289`, time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), ""},
		{`1714979289.5`, time.Date(2024, 5, 6, 7, 8, 9, 5e8, time.UTC), ""},
		{`0`, time.Time{}, ""},
		{`null`, time.Time{}, ""},
		{`"06/05/2024"`, time.Time{}, `field date: want an ISO 8601 time`},
		{`true`, time.Time{}, `field date: want Unix seconds or an ISO 8601 time, got true`},
		{`1e300`, time.Time{}, `field date: want Unix seconds`},
	}
	for _, tc := range tests {
		t.Run(tc.date, func(t *testing.T) {
			rec := `{"_": "Message", "id": 1, "peer_id": {"_": "PeerChannel", "channel_id": 77}, "date": ` + tc.date + `}`
			posts, errs := tlPosts(t, rec)
			if tc.err != "" {
				if len(errs) != 1 || !strings.Contains(errs[0].Reason, tc.err) {
					t.Fatalf("errors %v, want one containing %q", errs, tc.err)
				}
				return
			}
			if len(errs) > 0 || len(posts) != 1 {
				t.Fatalf("posts %d, errors %v", len(posts), errs)
			}
			if !posts[0].CreatedAt.Equal(tc.want) || posts[0].CreatedAt.Location() != time.UTC {
				t.Errorf("created_at %v, want %v in UTC", posts[0].CreatedAt, tc.want)
			}
		})
	}
}

func TestTelethonPeers(t *testing.T) {
	tests := []struct {
		name, peer, from string // JSON values
		out              bool
		wantID, wantAcct string
	}{
		{"channel post", `{"_": "PeerChannel", "channel_id": 77}`, `null`, false, "77:1", "channel77"},
		{"group member", `{"_": "PeerChannel", "channel_id": 77}`, `{"_": "PeerUser", "user_id": 5}`, false, "77:1", "user5"},
		{"basic group", `{"_": "PeerChat", "chat_id": 40}`, `{"_": "PeerUser", "user_id": 5}`, false, "40:1", "user5"},
		{"basic group, sender unknown", `{"_": "PeerChat", "chat_id": 40}`, `null`, false, "40:1", ""},
		{"private incoming", `{"_": "PeerUser", "user_id": 9}`, `null`, false, "9:1", "user9"},
		{"private outgoing", `{"_": "PeerUser", "user_id": 9}`, `null`, true, "9:1", ""},
		{"marked channel id", `-1000000000077`, `5`, false, "77:1", "user5"},
		{"marked chat id", `-40`, `{"_": "PeerChat", "chat_id": 40}`, false, "40:1", "chat40"},
		{"quoted 64-bit ids", `{"_": "PeerChannel", "channel_id": "9007199254740993"}`, `null`, false, "9007199254740993:1", "channel9007199254740993"},
		{"input peer read by its id", `{"_": "InputPeerChannel", "channel_id": 77, "access_hash": 1}`, `null`, false, "77:1", "channel77"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := fmt.Sprintf(`{"_": "Message", "id": 1, "peer_id": %s, "from_id": %s, "out": %t}`, tc.peer, tc.from, tc.out)
			posts, errs := tlPosts(t, rec)
			if len(errs) > 0 || len(posts) != 1 {
				t.Fatalf("posts %d, errors %v", len(posts), errs)
			}
			if posts[0].ID != tc.wantID || posts[0].AccountID != tc.wantAcct {
				t.Errorf("id %q account %q, want %q %q", posts[0].ID, posts[0].AccountID, tc.wantID, tc.wantAcct)
			}
		})
	}
}

// TestTelethonRecordErrors feeds one bad record between two good ones: the
// error must name the line and the field, and both good records are read.
func TestTelethonRecordErrors(t *testing.T) {
	tests := []struct{ name, record, want string }{
		{"not an object", `42`, "not a Telethon message: value: want a object, got a JSON number"},
		{"no type", `{"id": 1, "peer_id": 77}`, `field _: missing`},
		{"other type", `{"_": "Channel", "id": 1}`, `field _: want "Message", got "Channel"`},
		{"no id", `{"_": "Message", "peer_id": 77}`, "field id: missing"},
		{"id not an integer", `{"_": "Message", "id": 1.5, "peer_id": 77}`, "field id: want an integer id, got 1.5"},
		{"no peer", `{"_": "Message", "id": 1}`, "field peer_id: missing"},
		{"peer without id", `{"_": "Message", "id": 1, "peer_id": {"_": "PeerUser"}}`, "field peer_id: want a PeerUser, PeerChat or PeerChannel"},
		{"peer zero", `{"_": "Message", "id": 1, "peer_id": 0}`, "field peer_id: 0 is not a valid marked peer id"},
		{"peer string", `{"_": "Message", "id": 1, "peer_id": "channel77"}`, `field peer_id: want an integer id, got "channel77"`},
		{"channel id not a number", tlRecord(`"from_id": {"_": "PeerChannel", "channel_id": {}}`), "field from_id.channel_id: want an integer id"},
		{"message not a string", tlRecord(`"message": 7`), "field message: want a string, got a JSON number"},
		{"entities not a list", tlRecord(`"entities": {}`), "field entities: want a array, got a JSON object"},
		{"entity offset text", tlRecord(`"message": "abc", "entities": [{"_": "MessageEntityUrl", "offset": "0", "length": 1}]`), "field entities: entity 0: field offset: want a number, got a JSON string"},
		{"entity without length", tlRecord(`"message": "abc", "entities": [{"_": "MessageEntityUrl", "offset": 0}]`), "field entities: entity 0 (MessageEntityUrl) needs offset and length"},
		{"entity negative", tlRecord(`"message": "abc", "entities": [{"_": "MessageEntityHashtag", "offset": -1, "length": 1}]`), "field entities: entity 0 (MessageEntityHashtag) at offset -1, length 1 falls outside the message, which is 3 UTF-16 units long"},
		{"entity past emoji end", tlRecord(`"message": "a🙂", "entities": [{"_": "MessageEntityMention", "offset": 1, "length": 3}]`), "field entities: entity 0 (MessageEntityMention) at offset 1, length 3 falls outside the message, which is 3 UTF-16 units long"},
		{"reply id", tlRecord(`"reply_to": {"_": "MessageReplyHeader", "reply_to_msg_id": "x"}`), `field reply_to.reply_to_msg_id: want an integer id, got "x"`},
		{"forward post", tlRecord(`"fwd_from": {"_": "MessageFwdHeader", "from_id": {"_": "PeerChannel", "channel_id": 8}, "channel_post": true}`), "field fwd_from.channel_post: want an integer id, got true"},
		{"forward date", tlRecord(`"fwd_from": {"_": "MessageFwdHeader", "date": "soon"}`), `field fwd_from.date: want an ISO 8601 time`},
		{"grouped id", tlRecord(`"grouped_id": 1.5`), "field grouped_id: want an integer id, got 1.5"},
		{"edit date", tlRecord(`"edit_date": "later"`), "field edit_date: want an ISO 8601 time"},
		{"media document", tlRecord(`"media": {"_": "MessageMediaDocument", "document": "x"}`), "field media.document: want a object, got a JSON string"},
	}
	good := tlRecord(`"message": "good"`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			posts, errs := tlPosts(t, good+"\n"+tc.record+"\n"+good+"\n")
			if len(posts) != 2 {
				t.Errorf("read %d posts, want the 2 good ones", len(posts))
			}
			if len(errs) != 1 {
				t.Fatalf("errors %v, want 1", errs)
			}
			if errs[0].Line != 2 || errs[0].File != "in.jsonl" || errs[0].Path != "$" {
				t.Errorf("error at %s:%d %s, want in.jsonl:2 $", errs[0].File, errs[0].Line, errs[0].Path)
			}
			if !strings.Contains(errs[0].Reason, tc.want) {
				t.Errorf("reason %q, want it to contain %q", errs[0].Reason, tc.want)
			}
		})
	}
}

// TestTelethonSkipsServiceMessages: joins, pins and deleted placeholders
// yield nothing and are not errors; the messages around them are read.
func TestTelethonSkipsServiceMessages(t *testing.T) {
	input := strings.Join([]string{
		`{"_": "MessageService", "id": 1, "peer_id": {"_": "PeerChannel", "channel_id": 77}, "action": {"_": "MessageActionChannelCreate", "title": "x"}}`,
		`{"_": "Message", "id": 2, "peer_id": {"_": "PeerChannel", "channel_id": 77}, "message": "kept"}`,
		`{"_": "MessageEmpty", "id": 3, "peer_id": null}`,
		`{"_": "MessageService", "id": 4, "peer_id": {"_": "PeerChannel", "channel_id": 77}, "action": {"_": "MessageActionPinMessage"}}`,
	}, "\n")
	items, errs, fatal := collect(t, "in.jsonl", []byte(input), ingest.FormatTelethon)
	if fatal != nil || len(errs) > 0 {
		t.Fatalf("errors: %v %v", fatal, errs)
	}
	var kinds []string
	for _, it := range items {
		kinds = append(kinds, it.Kind()+" "+it.Subject().ID)
	}
	if diff := cmp.Diff([]string{"account channel77", "post 77:2"}, kinds); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

// TestTelethonMatchesDesktop reads the same channel message as Telegram
// Desktop exports it and as Telethon dumps it: both readers must give the
// same post and account ids, chat, time, text and entities.
func TestTelethonMatchesDesktop(t *testing.T) {
	pick := func(file, format, id string) *rampart.Post {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		items, _, fatal := collect(t, "in", data, format)
		if fatal != nil {
			t.Fatal(fatal)
		}
		for _, it := range items {
			if it.Post != nil && it.Post.ID == id {
				p := *it.Post
				p.Extra = nil // each format keeps different facts
				return &p
			}
		}
		t.Fatalf("%s: no post %s", file, id)
		return nil
	}
	desktop := pick("testdata/telegram_entities.json", ingest.FormatTelegram, "1234567890:2")
	telethon := pick("testdata/telethon/telethon_channel.jsonl", ingest.FormatTelethon, "1234567890:2")
	if diff := cmp.Diff(desktop, telethon); diff != "" {
		t.Errorf("Desktop and Telethon readings differ (-desktop +telethon):\n%s", diff)
	}
}

func TestDetectTelethon(t *testing.T) {
	msg := tlRecord(`"message": "x"`)
	service := `{"_": "MessageService", "id": 3, "peer_id": {"_": "PeerChannel", "channel_id": 77}, "action": {"_": "MessageActionPinMessage"}}`
	tests := []struct{ name, input, want string }{
		{"json lines", msg + "\n" + msg + "\n", ingest.FormatTelethon},
		{"service message first", service + "\n" + msg + "\n", ingest.FormatTelethon},
		{"array", "[\n  " + msg + ",\n  " + msg + "\n]\n", ingest.FormatTelethon},
		{"byte order mark", "\ufeff" + msg, ingest.FormatTelethon},
		{"peer_id last", `{"_": "Message", "id": 1, "message": "x", "peer_id": 77}`, ingest.FormatTelethon},
		{"nested _ is not the record's", `{"kind": "post", "id": "1", "extra": {"_": "Message", "peer_id": 1}}`, ingest.FormatJSONL},
		{"desktop single chat", `{"name": "c", "type": "public_channel", "id": 1, "messages": [{"_": "Message", "peer_id": 1}]}`, ingest.FormatTelegram},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ingest.Open("input", strings.NewReader(tc.input), ingest.FormatAuto)
			if err != nil {
				t.Fatal(err)
			}
			if r.Format() != tc.want {
				t.Errorf("detected %q, want %q", r.Format(), tc.want)
			}
		})
	}
	// A "_" without peer_id is not enough to claim the input.
	if _, err := ingest.Open("input", strings.NewReader(`{"_": "Message", "id": 1}`), ingest.FormatAuto); err == nil {
		t.Error("a Message without peer_id was claimed by a reader; want cannot tell the format")
	}
}
