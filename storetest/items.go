package storetest

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
)

func testItemsIdempotent(t *testing.T, s Store) {
	items := sampleItems(t)
	if got := putItems(t, s, items); got != len(items) {
		t.Fatalf("first put added %d, want %d", got, len(items))
	}
	if got := putItems(t, s, items); got != 0 {
		t.Errorf("second put of the same batch added %d, want 0", got)
	}
	if got := countItems(t, s); got != int64(len(items)) {
		t.Errorf("CountItems = %d, want %d", got, len(items))
	}
	// A batch that repeats an item, and mixes stored and new ones, counts
	// each new item once.
	extra := rampart.Item{Post: &rampart.Post{Platform: rampart.PlatformX, ID: "9000000000000000001", Text: "new"}}
	if got := putItems(t, s, []rampart.Item{items[0], extra, extra, items[1]}); got != 1 {
		t.Errorf("mixed batch added %d, want 1", got)
	}
	if got := countItems(t, s); got != int64(len(items)+1) {
		t.Errorf("CountItems = %d, want %d", got, len(items)+1)
	}
	// The first copy stays: re-putting with other content changes nothing.
	changed := *items[1].Post
	changed.Text = "edited"
	if got := putItems(t, s, []rampart.Item{{Post: &changed}}); got != 0 {
		t.Errorf("re-put with new text added %d, want 0", got)
	}
	got, err := s.Item(t.Context(), items[1].Subject())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(items[1], got, cmpOpts...); diff != "" {
		t.Errorf("stored item changed by a re-put (-first +stored):\n%s", diff)
	}
}

func testItemsRoundTrip(t *testing.T, s Store) {
	items := sampleItems(t)
	putItems(t, s, items)
	for _, want := range items {
		got, err := s.Item(t.Context(), want.Subject())
		if err != nil {
			t.Fatalf("Item(%s): %v", want.Subject(), err)
		}
		if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
			t.Errorf("Item(%s) (-put +got):\n%s", want.Subject(), diff)
		}
	}
}

func testItemIDsEchoed(t *testing.T, s Store) {
	n := func(v int64) *int64 { return &v }
	tests := []struct {
		name string
		item rampart.Item
	}{
		{"snowflake past 2^53", rampart.Item{Post: &rampart.Post{Platform: rampart.PlatformX, ID: "1440716895355764743",
			AccountID: "4203239195", ReplyTo: "1440716895355764742", RepostOf: "9007199254740993"}}},
		{"longer than uint64", rampart.Item{Account: &rampart.Account{Platform: rampart.PlatformX, ID: "184467440737095516150001", Followers: n(0)}}},
		{"leading zeros", rampart.Item{Post: &rampart.Post{Platform: rampart.PlatformWhatsApp, ID: "000042", AccountID: "0092300"}}},
		{"telegram chat:message", rampart.Item{Post: &rampart.Post{Platform: rampart.PlatformTelegram, ID: "-100123:45",
			Chat: "-100123", AccountID: "user:77"},
			Origin: rampart.Origin{File: "exports/ChatExport_2025-03-14/result.json", Path: "$.messages[12]", Format: "telegram_desktop"},
			Flags:  []string{rampart.FlagInvalidUTF8, rampart.FlagTruncated}}},
		{"arabic script", rampart.Item{Account: &rampart.Account{Platform: rampart.PlatformTelegram, ID: "قناة_الأخبار", Handle: "قناة"}}},
		{"urdu and emoji", rampart.Item{Post: &rampart.Post{Platform: rampart.PlatformFacebook, ID: "پوسٹ-😀-1",
			Text: "خبر \u200c zero-width non-joiner and \u0000 NUL", Extra: map[string]any{"k:ey": "v\u2028"}}}},
		{"url-like", rampart.Item{Post: &rampart.Post{Platform: rampart.PlatformMastodon,
			ID: "https://mastodon.social/users/a/statuses/1?x=1#f", URLs: []string{"https://t.co/x?a=b&c=d"}}}},
		{"spaces and quotes", rampart.Item{Account: &rampart.Account{Platform: "other platform", ID: ` a "b" 'c' \d `,
			CreatedAt: time.Date(2009, 2, 13, 23, 31, 30, 123456789, time.FixedZone("PKT", 5*3600))}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := putItems(t, s, []rampart.Item{tc.item}); got != 1 {
				t.Fatalf("added %d, want 1", got)
			}
			got, err := s.Item(t.Context(), tc.item.Subject())
			if err != nil {
				t.Fatalf("Item(%s): %v", tc.item.Subject(), err)
			}
			if diff := cmp.Diff(tc.item, got, cmpOpts...); diff != "" {
				t.Errorf("(-put +got):\n%s", diff)
			}
			if got.Subject() != tc.item.Subject() {
				t.Errorf("subject %q, want %q", got.Subject(), tc.item.Subject())
			}
		})
	}
}

func testItemIdentity(t *testing.T, s Store) {
	items := []rampart.Item{
		{Account: &rampart.Account{Platform: rampart.PlatformX, ID: "1", Handle: "a"}},
		{Post: &rampart.Post{Platform: rampart.PlatformX, ID: "1", Text: "post one on x"}},
		{Post: &rampart.Post{Platform: rampart.PlatformTelegram, ID: "1", Text: "post one on telegram"}},
	}
	if got := putItems(t, s, items); got != len(items) {
		t.Fatalf("added %d, want %d: platform and kind are part of the identity", got, len(items))
	}
	for _, want := range items {
		got, err := s.Item(t.Context(), want.Subject())
		if err != nil {
			t.Fatalf("Item(%s): %v", want.Subject(), err)
		}
		if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
			t.Errorf("Item(%s) (-put +got):\n%s", want.Subject(), diff)
		}
	}
}

func testItemNotFound(t *testing.T, s Store) {
	putItems(t, s, []rampart.Item{{Post: &rampart.Post{Platform: rampart.PlatformX, ID: "7"}}})
	for _, subj := range []rampart.Subject{
		{Platform: rampart.PlatformX, Kind: rampart.KindPost, ID: "8"},
		{Platform: rampart.PlatformX, Kind: rampart.KindAccount, ID: "7"},
		{Platform: rampart.PlatformTelegram, Kind: rampart.KindPost, ID: "7"},
		{Platform: rampart.PlatformX, Kind: rampart.KindPost, ID: "7 "},
	} {
		_, err := s.Item(t.Context(), subj)
		wantCode(t, err, rampart.ENOTFOUND)
	}
}

func testItemsRefused(t *testing.T, s Store) {
	good := rampart.Item{Post: &rampart.Post{Platform: rampart.PlatformX, ID: "1", Text: "fine"}}
	tests := []struct {
		name  string
		bad   rampart.Item
		where string // must appear in the message
	}{
		{"empty item", rampart.Item{}, "items[1]"},
		{"both account and post", rampart.Item{Account: &rampart.Account{Platform: "x", ID: "2"}, Post: &rampart.Post{Platform: "x", ID: "2"}}, "items[1]"},
		{"no id", rampart.Item{Post: &rampart.Post{Platform: rampart.PlatformX}}, "items[1]"},
		{"no platform", rampart.Item{Account: &rampart.Account{ID: "2"}}, "items[1]"},
		{"invalid utf-8 text", rampart.Item{Post: &rampart.Post{Platform: "x", ID: "2", Text: "ok \xff"}}, "items[1].text"},
		{"invalid utf-8 id", rampart.Item{Post: &rampart.Post{Platform: "x", ID: "\xc3("}}, "items[1].id"},
		{"invalid utf-8 in extra", rampart.Item{Post: &rampart.Post{Platform: "x", ID: "2",
			Extra: map[string]any{"nested": map[string]any{"k": []any{"\xfe"}}}}}, "items[1].extra.nested.k[0]"},
		{"NaN in extra", rampart.Item{Account: &rampart.Account{Platform: "x", ID: "2", Extra: map[string]any{"ratio": math.NaN()}}}, "items[1].extra.ratio"},
		{"year past 9999", rampart.Item{Post: &rampart.Post{Platform: "x", ID: "2", CreatedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}, "items[1].created_at"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := s.PutItems(t.Context(), []rampart.Item{good, tc.bad})
			wantCode(t, err, rampart.EINVALID)
			if !strings.Contains(err.Error(), tc.where) {
				t.Errorf("error %q does not name %s", err, tc.where)
			}
			if n != 0 {
				t.Errorf("added %d, want 0", n)
			}
			if got := countItems(t, s); got != 0 {
				t.Errorf("CountItems = %d after a refused batch, want 0 (the good item must not be kept)", got)
			}
		})
	}
}
