package ingest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/ingest"
)

// collect reads everything, splitting items from record errors; a fatal
// error fails the test unless wantFatal.
func collect(t *testing.T, name string, data []byte, format string) (items []rampart.Item, recErrs []*ingest.RecordError, fatal error) {
	t.Helper()
	r, err := ingest.Open(name, bytes.NewReader(data), format)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	for it, err := range r.Items(t.Context()) {
		var re *ingest.RecordError
		switch {
		case errors.As(err, &re):
			recErrs = append(recErrs, re)
		case err != nil:
			fatal = err
		default:
			items = append(items, it)
		}
	}
	return items, recErrs, fatal
}

// nativeLines returns every native record the golden files hold: the
// output of every reader, plus the hand-made JSONL fixture.
func nativeLines(t testing.TB) [][]byte {
	var lines [][]byte
	files, _ := filepath.Glob("testdata/golden/*.jsonl")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for l := range bytes.SplitSeq(data, []byte("\n")) {
			var gl struct {
				Item json.RawMessage `json:"item"`
			}
			if len(l) > 0 && json.Unmarshal(l, &gl) == nil && len(gl.Item) > 0 {
				lines = append(lines, gl.Item)
			}
		}
	}
	data, err := os.ReadFile("testdata/jsonl_mixed.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return append(lines, bytes.Split(data, []byte("\n"))...)
}

// checkFastMatches fails when the fast decoder accepts a record and
// disagrees with the reference decoder about it.
func checkFastMatches(t testing.TB, line []byte) (fast bool) {
	got, ok := ingest.DecodeNativeFast(line)
	if !ok {
		return false
	}
	var want rampart.Item
	if err := want.UnmarshalJSON(line); err != nil {
		t.Fatalf("fast decoder accepted a record the reference refuses (%v): %s", err, line)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("fast decoder differs from Item.UnmarshalJSON on %s (-want +got):\n%s", line, diff)
	}
	return true
}

func TestFastDecoderMatchesReference(t *testing.T) {
	lines := nativeLines(t)
	fast := 0
	for _, l := range lines {
		if checkFastMatches(t, l) {
			fast++
		}
	}
	// Nearly all records Rampart writes must take the fast path, or the
	// benchmark figure means nothing.
	if fast < len(lines)*9/10 {
		t.Errorf("fast path took %d of %d records, want at least 90%%", fast, len(lines))
	}
	t.Logf("fast path: %d of %d records", fast, len(lines))
}

func TestFastDecoderEscapes(t *testing.T) {
	for _, line := range []string{
		`{"kind":"post","id":"1","text":"a\"b\\c\/d\b\f\n\r\t"}`,
		`{"kind":"post","id":"1","url":"https://e.org/?a=1\u0026b=\u003c2\u003e"}`,
		`{"kind":"post","id":"1","text":"\ud83d\ude00 pair"}`,
		`{"kind":"post","id":"1","text":"\ud83d lone high"}`,
		`{"kind":"post","id":"1","text":"\ude00 lone low"}`,
		`{"kind":"post","id":"1","text":"\ud83d\u0041 high then BMP"}`,
		`{"kind":"post","id":"1","hashtags":["\u00e9t\u00e9"],"x":"\u2028"}`,
	} {
		if !checkFastMatches(t, []byte(line)) {
			t.Errorf("fast decoder declined %s", line)
		}
	}
}

func TestFastDecoderDeclines(t *testing.T) {
	for _, line := range []string{
		`{"kind":"post","id":"1","text":null}`,               // null
		`{"kind":"post","id":"1","id":"2"}`,                  // duplicate key
		`{"kind":"post","id":"1","TEXT":"x"}`,                // case-folded key
		`{"kind":"post","id":"1","ſcore":1}`,                 // non-ASCII key
		`{"kind":"post","id":1}`,                             // numeric id
		`{"kind":"account","id":"1","followers":1.5}`,        // fractional count
		`{"kind":"post","id":"1","x":01}`,                    // bad number
		`{"kind":"post","id":"1"} x`,                         // trailing data
		`{"kind":"post","id":"1","created_at":"today"}`,      // bad time
		`{"kind":"post","id":"1","urls":["a",1]}`,            // mixed array
		`{"kind":"account","id":"1","reply_to":5}`,           // id rule on any kind
		`{"kind":"post","id":"1","media":[{"type":1}]}`,      // bad media
		"{\"kind\":\"post\",\"id\":\"1\",\"text\":\"\xff\"}", // invalid UTF-8
	} {
		if _, ok := ingest.DecodeNativeFast([]byte(line)); ok {
			t.Errorf("fast decoder accepted %s; it must leave it to the reference", line)
		}
	}
}

func TestJSONLLongLine(t *testing.T) {
	var buf bytes.Buffer
	buf.WriteString(`{"kind":"post","platform":"x","id":"1"}` + "\n")
	buf.WriteString(`{"kind":"post","platform":"x","id":"2","text":"`)
	buf.WriteString(strings.Repeat("a", ingest.MaxRecordBytes))
	buf.WriteString("\"}\n")
	buf.WriteString(`{"kind":"post","platform":"x","id":"3"}` + "\n")
	items, errs, fatal := collect(t, "long.jsonl", buf.Bytes(), ingest.FormatJSONL)
	if fatal != nil {
		t.Fatal(fatal)
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, it.Post.ID)
	}
	if diff := cmp.Diff([]string{"1", "3"}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if len(errs) != 1 || errs[0].Line != 2 {
		t.Fatalf("want one record error at line 2, got %v", errs)
	}
	if items[1].Origin.Line != 3 {
		t.Errorf("line after the long one: got line %d, want 3", items[1].Origin.Line)
	}
}

// TestDocumentValueTooLarge checks that a document format refuses a single
// value past the record limit instead of buffering it.
func TestDocumentValueTooLarge(t *testing.T) {
	var buf bytes.Buffer
	buf.WriteString(`{"name":"c","type":"x","id":1,"messages":[` + "\n")
	buf.WriteString(`{"id":1,"type":"message","text":"`)
	buf.WriteString(strings.Repeat("a", ingest.MaxRecordBytes+200<<10))
	buf.WriteString("\"}]}\n")
	_, _, fatal := collect(t, "big.json", buf.Bytes(), ingest.FormatTelegram)
	if fatal == nil || !strings.Contains(fatal.Error(), "16 MiB") {
		t.Fatalf("want a fatal error naming the 16 MiB limit, got %v", fatal)
	}
}

func TestHeapStaysBounded(t *testing.T) {
	const lines = 200_000
	pr, pw := io.Pipe()
	go func() {
		w := bufio.NewWriter(pw)
		for i := range lines {
			fmt.Fprintf(w, `{"kind":"post","platform":"telegram","id":"chat:%d","account_id":"user%d","chat":"chat","created_at":"2024-01-02T03:04:05Z","text":"message number %d with some words to make it a realistic size for a post in a chat export stream %s","urls":["https://example.org/%d"],"hashtags":["tag"]}`+"\n", i, i%500, i, strings.Repeat("x", 120), i)
		}
		w.Flush()
		pw.Close()
	}()
	r, err := ingest.Open("-", pr, ingest.FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	n := 0
	for it, err := range r.Items(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if it.Post == nil {
			t.Fatal("want posts")
		}
		n++
		if n%40_000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	if n != lines {
		t.Fatalf("read %d items, want %d", n, lines)
	}
	// About 80 MB go through; live memory must not follow it.
	const bound = 16 << 20
	if peak > base+bound {
		t.Errorf("heap grew from %d to %d bytes while streaming; want under %d more", base, peak, bound)
	}
	t.Logf("heap: base %d KiB, peak %d KiB over %d lines", base>>10, peak>>10, n)
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name, format, input, want string
	}{
		{"a.bin", "auto", "\x00\x01 binary", "pass one of: jsonl, x-v2, twitter-v1, telegram, whatsapp, crowdtangle"},
		{"a.json", "yaml", "{}", `unknown format "yaml"`},
		{"a.json", "auto", `{"foo":1}`, "cannot tell the format"},
	}
	for _, tc := range tests {
		t.Run(tc.format+"/"+tc.name, func(t *testing.T) {
			_, err := ingest.Open(tc.name, strings.NewReader(tc.input), tc.format)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
			if rampart.ErrorCode(err) != rampart.EINVALID {
				t.Errorf("code %q, want %q", rampart.ErrorCode(err), rampart.EINVALID)
			}
		})
	}
}

func TestDetectByName(t *testing.T) {
	tests := []struct{ name, input, want string }{
		{"export/result.json", `{"about":"x"}`, ingest.FormatTelegram},
		{"posts.ndjson", "", ingest.FormatJSONL},
		{"WhatsApp Chat with Bob.txt", "", ingest.FormatWhatsApp},
		{"x", "\ufeff" + `{"kind":"post","id":"1"}`, ingest.FormatJSONL},
		{"x", `[{"platformId":"1_2"}]`, ingest.FormatCrowdTangle},
		{"x", `{"user":{"screen_name":"a"},"text":"t"}`, ingest.FormatTwitterV1},
		{"x", "[03/04/2022, 10:00:01] A: hi\n", ingest.FormatWhatsApp},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ingest.Open(tc.name, strings.NewReader(tc.input), ingest.FormatAuto)
			if err != nil {
				t.Fatal(err)
			}
			if r.Format() != tc.want {
				t.Errorf("got %q, want %q", r.Format(), tc.want)
			}
		})
	}
}

func TestWhatsAppTimes(t *testing.T) {
	tests := []struct {
		line string
		want time.Time
	}{
		{"1/2/21, 12:00 AM - A: x\n13/2/21, 1:00 PM - A: y", time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC)},
		{"1/2/21, 12:15 PM - A: x\n1/13/21, 1:00 PM - A: y", time.Date(2021, 1, 2, 12, 15, 0, 0, time.UTC)},
		{"31.12.2020, 23:59 - A: x", time.Date(2020, 12, 31, 23, 59, 0, 0, time.UTC)},
		{"[31/12/2020, 11:59:58\u202fp.\u00a0m.] A: x", time.Date(2020, 12, 31, 23, 59, 58, 0, time.UTC)},
		{"2020-12-31, 08:00 - A: x", time.Date(2020, 12, 31, 8, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			items, errs, fatal := collect(t, "chat.txt", []byte(tc.line+"\n"), ingest.FormatWhatsApp)
			if fatal != nil || len(errs) > 0 {
				t.Fatalf("errors: %v %v", fatal, errs)
			}
			var got time.Time
			for _, it := range items {
				if it.Post != nil {
					got = it.Post.CreatedAt
					break
				}
			}
			if !got.Equal(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCancelledContext(t *testing.T) {
	inputs := map[string]string{
		ingest.FormatJSONL:       `{"kind":"post","platform":"x","id":"1"}`,
		ingest.FormatXv2:         `{"id":"1","text":"t"}`,
		ingest.FormatTwitterV1:   `{"id_str":"1","text":"t"}`,
		ingest.FormatTelegram:    `{"id":1,"messages":[{"id":1,"type":"message","text":"t"}]}`,
		ingest.FormatWhatsApp:    "1/2/21, 10:00 - A: x",
		ingest.FormatCrowdTangle: "id,account.platform,account.id\n1,Facebook,2\n",
		ingest.FormatTelethon:    `{"_":"Message","id":1,"peer_id":{"_":"PeerChannel","channel_id":7}}`,
	}
	for format, input := range inputs {
		t.Run(format, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			r, err := ingest.Open("in", strings.NewReader(input), format)
			if err != nil {
				t.Fatal(err)
			}
			var got error
			for _, err := range r.Items(ctx) {
				if err != nil {
					got = err
				}
			}
			if !errors.Is(got, context.Canceled) {
				t.Errorf("got %v, want context.Canceled", got)
			}
		})
	}
}

func TestRecordErrorString(t *testing.T) {
	tests := []struct {
		e    ingest.RecordError
		want string
	}{
		{ingest.RecordError{File: "a.jsonl", Line: 3, Path: "$.data[1]", Reason: "bad"}, "a.jsonl:3: $.data[1]: bad"},
		{ingest.RecordError{File: "a.csv", Line: 7, Reason: "bad"}, "a.csv:7: bad"},
		{ingest.RecordError{File: "-", Reason: "bad"}, "-: bad"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestWhatsAppMessageSizeBounded(t *testing.T) {
	var buf bytes.Buffer
	buf.WriteString("13/2/21, 10:00 - A: start\n")
	chunk := strings.Repeat("z", 1<<20)
	for range 18 {
		buf.WriteString(chunk + "\n")
	}
	buf.WriteString("13/2/21, 10:01 - A: next\n")
	items, errs, fatal := collect(t, "chat.txt", buf.Bytes(), ingest.FormatWhatsApp)
	if fatal != nil || len(errs) > 0 {
		t.Fatalf("errors: %v %v", fatal, errs)
	}
	var posts []rampart.Item
	for _, it := range items {
		if it.Post != nil {
			posts = append(posts, it)
		}
	}
	if len(posts) != 2 {
		t.Fatalf("got %d posts, want 2", len(posts))
	}
	if n := len(posts[0].Post.Text); n > ingest.MaxRecordBytes {
		t.Errorf("first message holds %d bytes, over the %d limit", n, ingest.MaxRecordBytes)
	}
	if diff := cmp.Diff([]string{rampart.FlagTruncated}, posts[0].Flags); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
	if posts[1].Origin.Line != 20 {
		t.Errorf("second message at line %d, want 20", posts[1].Origin.Line)
	}
}
