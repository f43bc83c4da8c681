package ingest_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/ingest"
)

// skipped reads an input to its end and returns what the reader says it
// skipped on purpose, whether it implements ingest.Skipper at all, and the
// number of items and record errors (to show skipping is neither).
func skipped(t *testing.T, name string, data []byte, format string) (counts map[string]int, implements bool, items, errs int) {
	t.Helper()
	r, err := ingest.Open(name, bytes.NewReader(data), format)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	sk, implements := r.(ingest.Skipper)
	if implements && sk.Skipped() != nil {
		t.Errorf("Skipped before reading = %v, want nil", sk.Skipped())
	}
	for _, err := range r.Items(t.Context()) {
		if err != nil {
			errs++
			continue
		}
		items++
	}
	if implements {
		counts = sk.Skipped()
	}
	return counts, implements, items, errs
}

// TestSkippedFixtures checks the exact counts on the real and hand-made
// samples. The expected numbers were counted in the fixtures themselves
// (service messages by their "type"/"_", WhatsApp system lines by eye,
// repeats by id), not taken from the reader's output.
func TestSkippedFixtures(t *testing.T) {
	svc, empty, sys := ingest.SkipServiceMessage, ingest.SkipEmptyMessage, ingest.SkipSystemLine
	inPage, embedded := ingest.SkipRepeatedInPage, ingest.SkipRepeatedEmbedded
	tests := []struct {
		file       string
		format     string
		implements bool
		want       map[string]int
	}{
		{"testdata/jsonl_mixed.jsonl", ingest.FormatJSONL, false, nil},
		{"testdata/crowdtangle_ct_shares_head.csv", ingest.FormatCrowdTangle, false, nil},
		{"testdata/crowdtangle_api_pages.jsonl", ingest.FormatCrowdTangle, false, nil},
		{"testdata/x_v2_two_tweets.jsonl", ingest.FormatXv2, true, nil},
		// The quoted tweet sits in data and again in includes.tweets.
		{"testdata/x_v2_cotweet.jsonl", ingest.FormatXv2, true, map[string]int{inPage: 1}},
		{"testdata/x_v2_edge.jsonl", ingest.FormatXv2, true, map[string]int{inPage: 1}},
		{sharedFormats + "/x_api_v2/search_page_100_tweets.jsonl", ingest.FormatXv2, true, map[string]int{inPage: 4}},
		{sharedFormats + "/x_api_v2/users_lookup_v2.jsonl", ingest.FormatXv2, true, map[string]int{inPage: 5}},
		{"testdata/v1_get_status.json", ingest.FormatTwitterV1, true, nil},
		// 100 retweets of one status: the original is yielded once; the
		// other copies of it and of its quoted status are not.
		{"testdata/v1_get_retweets.json", ingest.FormatTwitterV1, true, map[string]int{embedded: 13}},
		{"testdata/v1_lines.jsonl", ingest.FormatTwitterV1, true, nil},
		{"testdata/telegram_result_sample.json", ingest.FormatTelegram, true, map[string]int{svc: 6}},
		{"testdata/telegram_entities.json", ingest.FormatTelegram, true, map[string]int{svc: 1}},
		{"testdata/telegram_full_export.json", ingest.FormatTelegram, true, map[string]int{svc: 1}},
		{"testdata/telethon/telethon_channel.jsonl", ingest.FormatTelethon, true, map[string]int{svc: 1}},
		{"testdata/telethon/telethon_group_array.json", ingest.FormatTelethon, true, map[string]int{svc: 1, empty: 1}},
		// Encryption notice.
		{"testdata/whatsapp_android_12h_us.txt", ingest.FormatWhatsApp, true, map[string]int{sys: 1}},
		// Encryption notice, created group, added, changed the subject, left.
		{"testdata/whatsapp_android_24h.txt", ingest.FormatWhatsApp, true, map[string]int{sys: 5}},
		// Encryption notice, "Alice added Bob", "This message was deleted.".
		{"testdata/whatsapp_ios.txt", ingest.FormatWhatsApp, true, map[string]int{sys: 3}},
		{"testdata/whatsapp_dots_ambiguous.txt", ingest.FormatWhatsApp, true, nil},
		{"testdata/whatsapp_no_header.txt", ingest.FormatWhatsApp, true, nil},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			if err != nil {
				if strings.HasPrefix(tc.file, sharedFormats) {
					t.Skipf("shared sample not present: %v", err)
				}
				t.Fatal(err)
			}
			for _, format := range []string{tc.format, ingest.FormatAuto} {
				got, implements, _, _ := skipped(t, "input", data, format)
				if implements != tc.implements {
					t.Errorf("%s: implements Skipper = %v, want %v", format, implements, tc.implements)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("%s: Skipped (-want +got):\n%s", format, diff)
				}
			}
		})
	}
}

// TestSkippedInline covers what no fixture holds, each input small enough
// to count by eye: skipping yields neither items nor record errors, counts
// follow reasons exactly, and an id-less object is an error each time, not
// a repeat.
func TestSkippedInline(t *testing.T) {
	tests := []struct {
		name, format, input string
		want                map[string]int
		items, errs         int
	}{
		{
			name:   "telethon service and empty",
			format: ingest.FormatTelethon,
			input: strings.Join([]string{
				`{"_": "MessageService", "id": 1, "peer_id": {"_": "PeerChannel", "channel_id": 77}, "action": {"_": "MessageActionChannelCreate", "title": "x"}}`,
				`{"_": "Message", "id": 2, "peer_id": {"_": "PeerChannel", "channel_id": 77}, "message": "kept"}`,
				`{"_": "MessageEmpty", "id": 3, "peer_id": null}`,
				`{"_": "MessageService", "id": 4, "peer_id": {"_": "PeerChannel", "channel_id": 77}, "action": {"_": "MessageActionPinMessage"}}`,
				`{"_": "Unknown", "id": 5}`,
			}, "\n"),
			want:  map[string]int{ingest.SkipServiceMessage: 2, ingest.SkipEmptyMessage: 1},
			items: 2, errs: 1,
		},
		{
			name:   "telegram service only",
			format: ingest.FormatTelegram,
			input:  `{"name": "c", "type": "public_channel", "id": 5, "messages": [{"id": 1, "type": "service", "action": "pin_message"}, {"id": 2, "type": "service", "action": "invite_members"}]}`,
			want:   map[string]int{ingest.SkipServiceMessage: 2},
		},
		{
			name:   "whatsapp system line with continuation at end of input",
			format: ingest.FormatWhatsApp,
			input:  "1/2/21, 10:00 - Kim: hi\n1/2/21, 10:01 - Kim changed the group description\nnew description, second line\n",
			want:   map[string]int{ingest.SkipSystemLine: 1},
			items:  2, // Kim's account and post
		},
		{
			// Android marks nothing: the deleted marker is a message like
			// any other (FORMATS.md says so), unlike iOS's marked line.
			name:   "whatsapp android deleted marker is a post",
			format: ingest.FormatWhatsApp,
			input:  "1/2/21, 10:00 - Kim: This message was deleted\n",
			items:  2,
		},
		{
			name:   "x-v2 repeated user and tweet, id-less tweets are errors",
			format: ingest.FormatXv2,
			input: `{"data": [{"id": "1", "text": "a"}, {"id": "1", "text": "a"}, {"text": "no id"}, {"text": "no id"}],` +
				` "includes": {"users": [{"id": "9", "username": "u"}, {"id": "9", "username": "u"}]}}`,
			want:  map[string]int{ingest.SkipRepeatedInPage: 2},
			items: 2, errs: 2,
		},
		{
			name:   "x-v2 repeats across pages are not skipped",
			format: ingest.FormatXv2,
			input:  `{"data": [{"id": "1", "text": "a"}]}` + "\n" + `{"data": [{"id": "1", "text": "a"}]}`,
			items:  2,
		},
		{
			name:   "twitter-v1 embedded original once",
			format: ingest.FormatTwitterV1,
			input: `{"id_str": "10", "text": "RT", "retweeted_status": {"id_str": "1", "text": "orig"}}` + "\n" +
				`{"id_str": "11", "text": "RT", "retweeted_status": {"id_str": "1", "text": "orig"}}` + "\n" +
				`{"id_str": "12", "text": "q", "quoted_status": {"id_str": "1", "text": "orig"}}`,
			want:  map[string]int{ingest.SkipRepeatedEmbedded: 2},
			items: 4,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, implements, items, errs := skipped(t, "in", []byte(tc.input), tc.format)
			if !implements {
				t.Fatalf("%s reader does not implement ingest.Skipper", tc.format)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Skipped (-want +got):\n%s", diff)
			}
			if items != tc.items || errs != tc.errs {
				t.Errorf("got %d items and %d errors, want %d and %d", items, errs, tc.items, tc.errs)
			}
		})
	}
}

// TestSkippedIsACopy: the caller may change the map it gets.
func TestSkippedIsACopy(t *testing.T) {
	r, err := ingest.Open("in", strings.NewReader(`{"_": "MessageEmpty", "id": 3}`), ingest.FormatTelethon)
	if err != nil {
		t.Fatal(err)
	}
	for range r.Items(t.Context()) {
	}
	sk := r.(ingest.Skipper)
	sk.Skipped()[ingest.SkipEmptyMessage] = 100
	if diff := cmp.Diff(map[string]int{ingest.SkipEmptyMessage: 1}, sk.Skipped()); diff != "" {
		t.Errorf("Skipped after the caller changed its map (-want +got):\n%s", diff)
	}
}
