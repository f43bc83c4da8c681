package ingest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/ingest"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// sharedFormats holds the real samples too large to copy into testdata.
const sharedFormats = "../../shared/data/formats"

type goldenCase struct {
	file   string // under testdata/, or an absolute/shared path
	format string
	golden string // name under testdata/golden/
}

var goldenCases = []goldenCase{
	{"testdata/jsonl_mixed.jsonl", ingest.FormatJSONL, "jsonl_mixed"},
	{"testdata/x_v2_two_tweets.jsonl", ingest.FormatXv2, "x_v2_two_tweets"},
	{"testdata/x_v2_cotweet.jsonl", ingest.FormatXv2, "x_v2_cotweet"},
	{"testdata/x_v2_edge.jsonl", ingest.FormatXv2, "x_v2_edge"},
	{sharedFormats + "/x_api_v2/search_page_100_tweets.jsonl", ingest.FormatXv2, "x_v2_search_page_100_tweets"},
	{sharedFormats + "/x_api_v2/users_lookup_v2.jsonl", ingest.FormatXv2, "x_v2_users_lookup"},
	{"testdata/v1_get_status.json", ingest.FormatTwitterV1, "v1_get_status"},
	{"testdata/v1_get_retweets.json", ingest.FormatTwitterV1, "v1_get_retweets"},
	{"testdata/v1_extended_tweet.json", ingest.FormatTwitterV1, "v1_extended_tweet"},
	{"testdata/v1_lines.jsonl", ingest.FormatTwitterV1, "v1_lines"},
	{"testdata/telegram_result_sample.json", ingest.FormatTelegram, "telegram_result_sample"},
	{"testdata/telegram_entities.json", ingest.FormatTelegram, "telegram_entities"},
	{"testdata/telegram_full_export.json", ingest.FormatTelegram, "telegram_full_export"},
	{"testdata/whatsapp_android_24h.txt", ingest.FormatWhatsApp, "whatsapp_android_24h"},
	{"testdata/whatsapp_android_12h_us.txt", ingest.FormatWhatsApp, "whatsapp_android_12h_us"},
	{"testdata/whatsapp_ios.txt", ingest.FormatWhatsApp, "whatsapp_ios"},
	{"testdata/whatsapp_dots_ambiguous.txt", ingest.FormatWhatsApp, "whatsapp_dots_ambiguous"},
	{"testdata/whatsapp_month_first_late.txt", ingest.FormatWhatsApp, "whatsapp_month_first_late"},
	{"testdata/whatsapp_no_header.txt", ingest.FormatWhatsApp, "whatsapp_no_header"},
	{"testdata/whatsapp_invalid_utf8.txt", ingest.FormatWhatsApp, "whatsapp_invalid_utf8"},
	{"testdata/crowdtangle_ct_shares_head.csv", ingest.FormatCrowdTangle, "crowdtangle_ct_shares_head"},
	{"testdata/crowdtangle_ct_shares.json", ingest.FormatCrowdTangle, "crowdtangle_ct_shares_json"},
	{"testdata/crowdtangle_api_pages.jsonl", ingest.FormatCrowdTangle, "crowdtangle_api_pages"},
	{"testdata/crowdtangle_bad.csv", ingest.FormatCrowdTangle, "crowdtangle_bad"},
	{"testdata/telethon/telethon_channel.jsonl", ingest.FormatTelethon, "telethon_channel"},
	{"testdata/telethon/telethon_group_array.json", ingest.FormatTelethon, "telethon_group_array"},
}

// goldenLine is one line of a golden file: an item as the native format
// writes it plus where it came from, or a record error.
type goldenLine struct {
	Origin *rampart.Origin `json:"origin,omitempty"`
	Flags  []string        `json:"flags,omitempty"`
	Item   json.RawMessage `json:"item,omitempty"`
	Error  string          `json:"error,omitempty"`
}

// render reads a whole input and writes the golden form. The name given to
// Open is the file's base name so that goldens do not depend on where the
// repository sits.
func render(t *testing.T, file, format string) []byte {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ingest.Open(filepath.Base(file), f, format)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for it, err := range r.Items(t.Context()) {
		var gl goldenLine
		if err != nil {
			var re *ingest.RecordError
			if !errors.As(err, &re) {
				gl.Error = "FATAL: " + err.Error()
			} else {
				gl.Error = re.Error()
			}
		} else {
			b, err := it.MarshalJSON()
			if err != nil {
				t.Fatalf("MarshalJSON: %v", err)
			}
			o := it.Origin
			gl.Origin, gl.Flags, gl.Item = &o, it.Flags, b
		}
		if err := enc.Encode(gl); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.golden, func(t *testing.T) {
			if strings.HasPrefix(tc.file, sharedFormats) {
				if _, err := os.Stat(tc.file); err != nil {
					t.Skipf("shared sample not present: %v", err)
				}
			}
			got := render(t, tc.file, tc.format)
			path := filepath.Join("testdata", "golden", tc.golden+".jsonl")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs from golden (-want +got):\n%s", tc.file, diff)
			}
		})
	}
}

// TestDetect checks that auto-detection names the same format as each
// golden case, from content alone (the name is made neutral).
func TestDetect(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.golden, func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			if err != nil {
				t.Skipf("sample not present: %v", err)
			}
			r, err := ingest.Open("input", bytes.NewReader(data), ingest.FormatAuto)
			if err != nil {
				t.Fatalf("Open auto: %v", err)
			}
			if r.Format() != tc.format {
				t.Errorf("detected %q, want %q", r.Format(), tc.format)
			}
		})
	}
}
