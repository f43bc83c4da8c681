package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/sqlite"
)

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(t.Context(), args, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func findingsOf(t *testing.T, jsonl string) []rampart.Finding {
	t.Helper()
	var fs []rampart.Finding
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		if line == "" {
			continue
		}
		var f rampart.Finding
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("output line %q: %v", line, err)
		}
		fs = append(fs, f)
	}
	return fs
}

func TestScanMentionAloneIsNone(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	r := runCLI(t, "", "scan", "--db", db, "testdata/mixed.jsonl")
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if got := findingsOf(t, r.stdout); len(got) != 0 {
		t.Errorf("without --all, mentions alone must print nothing; got %d findings", len(got))
	}
	for _, want := range []string{"read 4 items", "rejected 2", "mixed.jsonl:4", "mixed.jsonl:6", "findings 4: none 4"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestScanAllPrintsEvidenceWithOriginalOffsets(t *testing.T) {
	r := runCLI(t, "", "scan", "--no-store", "--all", "testdata/mixed.jsonl")
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	input, err := os.ReadFile("testdata/mixed.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]map[string]string{} // id → field → value
	authorOf := map[string]string{}         // post id → account id
	for _, line := range strings.Split(string(input), "\n") {
		var it rampart.Item
		if json.Unmarshal([]byte(line), &it) != nil {
			continue
		}
		m := map[string]string{}
		if it.Post != nil {
			m["text"] = it.Post.Text
			authorOf[it.Post.ID] = it.Post.AccountID
		} else {
			m["handle"], m["name"], m["bio"] = it.Account.Handle, it.Account.Name, it.Account.Bio
		}
		texts[it.Subject().ID] = m
	}
	groups := map[string][]string{}
	for _, f := range findingsOf(t, r.stdout) {
		if f.Action != rampart.ActionNone {
			t.Errorf("%s: action %s, want none for a mention alone", f.ID, f.Action)
		}
		if f.Versions.Policy == "" || f.Versions.Registry == "" {
			t.Errorf("%s: versions not recorded: %+v", f.ID, f.Versions)
		}
		for _, s := range f.Signals {
			if s.Group != "" { // the classifier's signal names no group
				groups[f.ID] = append(groups[f.ID], s.Group)
			}
			for _, e := range s.Evidence {
				field := texts[f.ID][e.Field]
				// Evidence carried from a post onto its account names the post.
				if rest, ok := strings.CutPrefix(e.Field, "post:"); ok {
					id, name, _ := strings.Cut(rest, ".")
					field = texts[id][name]
				}
				// A group named on a post's author links the post to it.
				if name, ok := strings.CutPrefix(e.Field, "author."); ok {
					field = texts[authorOf[f.ID]][name]
				}
				if e.Start < 0 || e.End > len(field) || field[e.Start:e.End] != e.Text {
					t.Errorf("%s: evidence %+v does not slice field %q", f.ID, e, field)
				}
			}
		}
	}
	want := map[string][]string{
		// Umar Media is TTP's media wing; the account also carries the
		// mention of its post 2. Its posts are linked to TTP through their
		// author; the linked everyday post 3 is still left alone.
		"900000000000000000001": {"ttp", "ttp"},
		"900000000000000000002": {"ttp", "ttp"},
		"900000000000000000003": {"ttp"},
		"-1001234:77":           {"ttp"},
	}
	if diff := cmp.Diff(want, groups); diff != "" {
		t.Errorf("groups by subject (-want +got):\n%s", diff)
	}
}

func TestRescanIsIdempotent(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "sim.jsonl")
	db := filepath.Join(dir, "r.db")
	if r := runCLI(t, "", "sim", "--seed", "3", "--accounts", "300", "--posts", "3000", "-o", in); r.code != exitOK {
		t.Fatalf("sim: exit %d: %s", r.code, r.stderr)
	}
	counts := func() (int64, int64) {
		st, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		items, err := st.CountItems(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		findings, err := st.CountFindings(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return items, findings
	}
	if r := runCLI(t, "", "scan", "--db", db, dir); r.code != exitOK {
		t.Fatalf("scan 1: exit %d: %s", r.code, r.stderr)
	}
	items1, findings1 := counts()
	if items1 != 3300 || findings1 < 100 {
		t.Fatalf("after first scan: %d items, %d findings; want 3300 items and at least 100 findings", items1, findings1)
	}
	r := runCLI(t, "", "scan", "--db", db, dir)
	if r.code != exitOK {
		t.Fatalf("scan 2: exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "stored: 0 new items, 0 new findings") {
		t.Errorf("second scan stored something:\n%s", r.stderr)
	}
	items2, findings2 := counts()
	if items2 != items1 || findings2 != findings1 {
		t.Errorf("rescan changed counts: items %d→%d, findings %d→%d", items1, items2, findings1, findings2)
	}
	// The labels file in the directory holds ground truth and must never be read.
	if strings.Contains(r.stderr, "labels") {
		t.Errorf("scan read the labels file:\n%s", r.stderr)
	}
}

func TestFindingsFilters(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	if r := runCLI(t, "", "scan", "--db", db, "testdata/mixed.jsonl"); r.code != exitOK {
		t.Fatalf("scan: %s", r.stderr)
	}
	tests := []struct {
		args []string
		want int
	}{
		{nil, 4}, // post 3 only through its author, Umar Media
		{[]string{"--platform", "telegram"}, 1},
		{[]string{"--action", "none"}, 4},
		{[]string{"--action", "review"}, 0},
		{[]string{"--entity", "ttp"}, 4},
		{[]string{"--entity", "bla"}, 0},
		{[]string{"--limit", "2"}, 2},
	}
	for _, tc := range tests {
		args := append([]string{"findings", "--db", db, "-o", "jsonl"}, tc.args...)
		r := runCLI(t, "", args...)
		if r.code != exitOK {
			t.Fatalf("%v: exit %d: %s", tc.args, r.code, r.stderr)
		}
		if got := len(findingsOf(t, r.stdout)); got != tc.want {
			t.Errorf("findings %v: %d, want %d", tc.args, got, tc.want)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	tests := [][]string{
		{"scan"},
		{"scan", "--format", "pdf", "testdata/mixed.jsonl"},
		{"scan", "--output", "xml", "testdata/mixed.jsonl"},
		{"scan", "--no-such-flag", "x"},
		{"scan", "testdata/does-not-exist.jsonl"},
		{"match", "--field", "nose", "x"},
		{"findings", "--since", "yesterday-ish"},
		{"sim"},
	}
	for _, args := range tests {
		if r := runCLI(t, "", args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d; stderr: %s", args, r.code, exitUsage, r.stderr)
		}
	}
}

func TestScanUnknownFormatListsSupported(t *testing.T) {
	f := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(f, []byte("just some notes\nnothing to see\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", "scan", "--no-store", f)
	if r.code != exitFatal || !strings.Contains(r.stderr, "whatsapp") || !strings.Contains(r.stderr, "x-v2") {
		t.Errorf("exit %d, stderr %q: want a fatal error listing the supported formats", r.code, r.stderr)
	}
}

func TestScanNoStoreOpensNoDatabase(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(`{"kind":"post","platform":"x","id":"1","text":"Hakkal media released a video"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, "", "scan", "--no-store", "--all", in); r.code != exitOK || !strings.Contains(r.stdout, `"group":"bla"`) {
		t.Fatalf("exit %d, stdout %s, stderr %s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "rampart.db")); !os.IsNotExist(err) {
		t.Errorf("--no-store created a database (stat err %v)", err)
	}
}

func TestScanStdin(t *testing.T) {
	r := runCLI(t, `{"kind":"post","platform":"x","id":"1","text":"Majeed Brigade"}`+"\n", "scan", "--no-store", "--all", "-")
	if r.code != exitOK || !strings.Contains(r.stdout, `"entity":"bla-majeed-brigade"`) {
		t.Fatalf("exit %d, stdout %s, stderr %s", r.code, r.stdout, r.stderr)
	}
}

func TestMatchContract(t *testing.T) {
	r := runCLI(t, "T.T.P attacked\nlet's go, bla bla\n", "match")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one output line per input line, got %d: %q", len(lines), r.stdout)
	}
	var first, second struct {
		Text    string            `json:"text"`
		Matches []rampart.Mention `json:"matches"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if first.Text != "T.T.P attacked" || len(first.Matches) != 1 || first.Matches[0].Group != "ttp" ||
		first.Text[first.Matches[0].Start:first.Matches[0].End] != "T.T.P" {
		t.Errorf("first line: %+v", first)
	}
	if !strings.Contains(lines[1], `"matches":[]`) || len(second.Matches) != 0 {
		t.Errorf("ordinary words matched: %s", lines[1])
	}
}
