package ingest_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rampart-tt/rampart/ingest"
)

// addSeeds adds the testdata inputs matching pattern to the fuzz corpus
// (the committed corpus under testdata/fuzz/ is added by the tool itself).
func addSeeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(filepath.Join("testdata", p))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			if len(data) > 64<<10 {
				data = data[:64<<10] // a cut sample is a good malformed seed too
			}
			f.Add(data)
		}
	}
}

// readAll reads an input to its end and checks the reader's contract: no
// panic, every item has exactly one of Account and Post and names its
// format, record errors carry a file name, and nothing follows a fatal error.
func readAll(t *testing.T, data []byte, format string) {
	r, err := ingest.Open("fuzz.in", bytes.NewReader(data), format)
	if err != nil {
		if format != ingest.FormatAuto {
			t.Fatalf("Open(%s): %v", format, err)
		}
		return
	}
	fatal := false
	for it, err := range r.Items(t.Context()) {
		if fatal {
			t.Fatal("reader yielded after a fatal error")
		}
		var re *ingest.RecordError
		switch {
		case errors.As(err, &re):
			if re.File != "fuzz.in" || re.Reason == "" {
				t.Fatalf("record error without file or reason: %#v", re)
			}
		case err != nil:
			fatal = true
		default:
			if (it.Account == nil) == (it.Post == nil) {
				t.Fatalf("item must hold exactly one of account and post: %+v", it)
			}
			if it.Origin.Format != r.Format() || it.Origin.File != "fuzz.in" {
				t.Fatalf("origin %+v does not name the reader", it.Origin)
			}
			if _, err := it.MarshalJSON(); err != nil {
				t.Fatalf("item does not marshal: %v", err)
			}
		}
	}
	if sk, ok := r.(ingest.Skipper); ok {
		for reason, n := range sk.Skipped() {
			if !knownSkip[reason] || n <= 0 {
				t.Fatalf("skipped %d for reason %q: want a positive count for one of the Skip* reasons", n, reason)
			}
		}
	}
}

// knownSkip are the reasons a Skipper may give.
var knownSkip = map[string]bool{
	ingest.SkipServiceMessage: true, ingest.SkipEmptyMessage: true, ingest.SkipSystemLine: true,
	ingest.SkipRepeatedInPage: true, ingest.SkipRepeatedEmbedded: true,
}

func FuzzJSONL(f *testing.F) {
	addSeeds(f, "jsonl_*.jsonl")
	f.Add([]byte(`{"kind":"post","id":"1","text":"\ud83d\u0041"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		readAll(t, data, ingest.FormatJSONL)
		for line := range bytes.SplitSeq(data, []byte("\n")) {
			checkFastMatches(t, line)
		}
	})
}

func FuzzXv2(f *testing.F) {
	addSeeds(f, "x_v2_*.jsonl")
	f.Fuzz(func(t *testing.T, data []byte) { readAll(t, data, ingest.FormatXv2) })
}

func FuzzTwitterV1(f *testing.F) {
	addSeeds(f, "v1_*")
	f.Fuzz(func(t *testing.T, data []byte) { readAll(t, data, ingest.FormatTwitterV1) })
}

func FuzzTelegram(f *testing.F) {
	addSeeds(f, "telegram_*.json")
	f.Fuzz(func(t *testing.T, data []byte) { readAll(t, data, ingest.FormatTelegram) })
}

func FuzzWhatsApp(f *testing.F) {
	addSeeds(f, "whatsapp_*.txt")
	f.Fuzz(func(t *testing.T, data []byte) { readAll(t, data, ingest.FormatWhatsApp) })
}

func FuzzCrowdTangle(f *testing.F) {
	addSeeds(f, "crowdtangle_*")
	f.Fuzz(func(t *testing.T, data []byte) { readAll(t, data, ingest.FormatCrowdTangle) })
}

func FuzzTelethon(f *testing.F) {
	addSeeds(f, "telethon/*.json", "telethon/*.jsonl")
	f.Add([]byte(`{"_":"Message","id":1,"peer_id":-1000000000001,"message":"\ud83d","entities":[{"_":"MessageEntityUrl","offset":0,"length":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) { readAll(t, data, ingest.FormatTelethon) })
}

func FuzzDetect(f *testing.F) {
	addSeeds(f, "*.json", "*.jsonl", "*.txt", "*.csv", "telethon/*")
	f.Fuzz(func(t *testing.T, data []byte) { readAll(t, data, ingest.FormatAuto) })
}
