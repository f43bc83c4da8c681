package ingest_test

import (
	"os"
	"testing"

	"github.com/rampart-tt/rampart/ingest"
)

// TestAuthorsBeforeTheirPosts: a reader yields an account before the posts
// it wrote whenever both are in the same page or export, because the
// pipeline gives a post its author (for the policy and for author links)
// only when the account came first. (Across pages nothing can be promised:
// a bare tweet may come a page before its author.)
func TestAuthorsBeforeTheirPosts(t *testing.T) {
	for _, tc := range []struct{ file, format string }{
		{"testdata/x_v2_two_tweets.jsonl", ingest.FormatXv2},
		{"testdata/x_v2_cotweet.jsonl", ingest.FormatXv2},
		{"testdata/telegram_entities.json", ingest.FormatTelegram},
		{"testdata/v1_get_retweets.json", ingest.FormatTwitterV1},
		{"testdata/crowdtangle_ct_shares.json", ingest.FormatCrowdTangle},
		{"testdata/whatsapp_android_24h.txt", ingest.FormatWhatsApp},
		{"testdata/telethon/telethon_channel.jsonl", ingest.FormatTelethon},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r, err := ingest.Open(tc.file, f, tc.format)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}   // accounts yielded so far
			authors := map[string]int{} // account → posts read before it
			posts := 0
			for it, err := range r.Items(t.Context()) {
				switch {
				case err != nil:
					continue // record errors are other tests' business
				case it.Account != nil:
					seen[it.Account.ID] = true
					if n := authors[it.Account.ID]; n > 0 {
						t.Errorf("account %s came after %d of its posts", it.Account.ID, n)
					}
				case it.Post != nil && it.Post.AccountID != "" && !seen[it.Post.AccountID]:
					authors[it.Post.AccountID]++
				}
				if it.Post != nil {
					posts++
				}
			}
			if posts == 0 {
				t.Fatal("no posts read")
			}
		})
	}
}
