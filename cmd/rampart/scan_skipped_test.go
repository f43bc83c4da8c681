package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Inputs with records the readers skip on purpose, small enough to count
// by eye.
const (
	// Two system lines (the encryption notice and an add) and one message.
	skipWhatsApp = "12/03/2021, 09:15 - Messages and calls are end-to-end encrypted. No one outside of this chat can read them.\n" +
		"12/03/2021, 09:16 - Amina added Ben\n" +
		"12/03/2021, 09:20 - Amina: Morning all\n"
	// A service message, a message and a deleted message's placeholder.
	skipTelethon = `{"_": "MessageService", "id": 1, "peer_id": {"_": "PeerChannel", "channel_id": 77}, "action": {"_": "MessageActionPinMessage"}}` + "\n" +
		`{"_": "Message", "id": 2, "peer_id": {"_": "PeerChannel", "channel_id": 77}, "message": "hello"}` + "\n" +
		`{"_": "MessageEmpty", "id": 3}` + "\n"
	// A record the telethon reader rejects.
	skipTelethonBad = `{"_": "Unknown", "id": 4}` + "\n"
)

// TestScanSummaryCountsSkipped checks the summary's first line whole: items
// read, then rejections, then records skipped on purpose, summed over every
// input, each reason with its count.
func TestScanSummaryCountsSkipped(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // the first summary line, after "read N items in T (R items/s)"
	}{
		{
			name:  "whatsapp and telethon",
			files: map[string]string{"WhatsApp Chat with Watch.txt": skipWhatsApp, "channel.jsonl": skipTelethon},
			want:  "read 4 items; skipped 4: empty message 1; service message 1; system line 2;",
		},
		{
			name:  "rejected then skipped",
			files: map[string]string{"channel.jsonl": skipTelethon + skipTelethonBad},
			want:  "read 2 items; rejected 1: field _ 1; skipped 2: empty message 1; service message 1;",
		},
		{
			name:  "nothing skipped",
			files: map[string]string{"WhatsApp Chat with Kim.txt": "1/2/21, 10:00 - Kim: hi\n"},
			want:  "read 2 items",
		},
	}
	timing := regexp.MustCompile(` in \S+ \(\d+ items/s\)`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r := runCLI(t, "", "scan", "--no-store", dir)
			if r.code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			var line string
			for l := range strings.Lines(r.stderr) {
				if strings.HasPrefix(l, "read ") {
					line = strings.TrimSpace(timing.ReplaceAllString(l, ""))
				}
			}
			if line != tc.want {
				t.Errorf("summary line\n got %q\nwant %q\nstderr:\n%s", line, tc.want, r.stderr)
			}
		})
	}
}
