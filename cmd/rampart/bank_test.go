package main

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	weePDQ       = "6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d"
	weeMD5       = "8bbbaa9540800e378beadc8bbef7bb32"
	shrinkPDQ    = "d0f8f1ccc0f4a84d0a370a3a228f67f0b36e2ed5b6623e1d33e6339c4e9c9b22"
	emptyFileMD5 = "d41d8cd98f00b204e9800998ecf8427e"
)

// mustRun runs a command line that has to succeed and returns its stdout.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	r := runCLI(t, "", args...)
	if r.code != exitOK {
		t.Fatalf("%v: exit %d, stderr:\n%s", args, r.code, r.stderr)
	}
	return r.stdout
}

// bankRow is one row of bank export's CSV, by column name.
func bankRows(t *testing.T, csvText string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(csvText)).ReadAll()
	if err != nil {
		t.Fatalf("export is not CSV: %v\n%s", err, csvText)
	}
	if len(recs) == 0 {
		t.Fatal("export is empty: want a header row")
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, col := range recs[0] {
			m[col] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func TestBankLifecycle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")

	out := mustRun(t, "bank", "create", "--db", db, "known", "--threshold", "31", "--description", "test bank")
	if out != "created bank known (threshold 31, ratio 1, enabled true, suppress false)\n" {
		t.Errorf("create printed %q", out)
	}
	out = mustRun(t, "bank", "import", "--db", db, "known", "testdata/bank/hma.csv")
	if out != "bank known: 7 added, 0 updated from testdata/bank/hma.csv\n" {
		t.Errorf("import printed %q", out)
	}
	// Importing the same file again updates, adds nothing.
	out = mustRun(t, "bank", "import", "--db", db, "known", "testdata/bank/hma.csv")
	if out != "bank known: 0 added, 7 updated from testdata/bank/hma.csv\n" {
		t.Errorf("re-import printed %q", out)
	}
	out = mustRun(t, "bank", "add", "--db", db, "known", "--image", "testdata/images/wee.jpg", "--group", "isis", "--kind", "logo")
	if !strings.HasPrefix(out, "bank known: entry ") || !strings.HasSuffix(out, " pdq "+weePDQ+"\n") {
		t.Errorf("add --image printed %q, want the image's PDQ hash", out)
	}
	out = mustRun(t, "bank", "add", "--db", db, "known", "md5", strings.ToUpper(weeMD5), "--id", "wee-md5", "--group", "ttp")
	if out != "bank known: entry wee-md5 md5 "+weeMD5+"\n" {
		t.Errorf("add md5 printed %q, want the value lower-cased", out)
	}

	type bankInfo struct {
		Name      string `json:"name"`
		Threshold int    `json:"threshold"`
		Enabled   bool   `json:"enabled"`
		Entries   int    `json:"entries"`
		Disabled  int    `json:"disabled"`
	}
	var banks []bankInfo
	if err := json.Unmarshal([]byte(mustRun(t, "bank", "list", "--db", db, "--json")), &banks); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]bankInfo{{Name: "known", Threshold: 31, Enabled: true, Entries: 9}}, banks); diff != "" {
		t.Errorf("bank list --json (-want +got):\n%s", diff)
	}
	table := mustRun(t, "bank", "list", "--db", db, "known")
	if !strings.HasPrefix(table, "ID ") || !strings.Contains(table, "gifct-0001") || !strings.Contains(table, "wee-md5") {
		t.Errorf("bank list known:\n%s", table)
	}

	out = mustRun(t, "bank", "disable", "--db", db, "known", "wee-md5")
	if !strings.HasPrefix(out, "bank known: entry wee-md5 disabled at 20") {
		t.Errorf("disable printed %q", out)
	}

	// Export keeps disabled entries, with their disabled_at, and writes the
	// HMA column layout.
	rows := bankRows(t, mustRun(t, "bank", "export", "--db", db, "known"))
	if len(rows) != 9 {
		t.Fatalf("export has %d rows, want 9", len(rows))
	}
	byID := map[string]map[string]string{}
	for _, r := range rows {
		byID[r["id"]] = r
	}
	if r := byID["wee-md5"]; r["disabled_at"] == "" || r["signal_value"] != weeMD5 || r["group"] != "ttp" {
		t.Errorf("exported wee-md5 row %v", r)
	}
	if r := byID["gifct-0001"]; r["signal_type"] != "pdq" || r["opinion"] != "positive" || r["group"] != "ent-isis" ||
		r["tags"] != "photo bridge" || r["disabled_at"] != "" {
		t.Errorf("exported gifct-0001 row %v", r)
	}

	// A JSONL export to a file round-trips into a new bank.
	jsonlPath := filepath.Join(dir, "known.jsonl")
	if out := mustRun(t, "bank", "export", "--db", db, "known", "-o", jsonlPath); out != "" {
		t.Errorf("export -o printed %q", out)
	}
	out = mustRun(t, "bank", "import", "--db", db, "--create", "copy", jsonlPath)
	if out != "bank copy: 9 added, 0 updated from "+jsonlPath+"\n" {
		t.Errorf("import --create printed %q", out)
	}
}

func TestBankErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	mustRun(t, "bank", "create", "--db", db, "known")
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"bad rows reject the whole file", []string{"bank", "import", "--db", db, "known", "testdata/bank/bad_rows.csv"}, exitFatal,
			[]string{"3 bad row(s), nothing imported", "line 4", "line 5", "line 6", `unknown opinion "maybe"`}},
		{"duplicate bank", []string{"bank", "create", "--db", db, "known"}, exitFatal, []string{"known already exists"}},
		{"threshold out of range", []string{"bank", "create", "--db", db, "wide", "--threshold", "999"}, exitUsage, []string{"threshold 999"}},
		{"list a missing database", []string{"bank", "list", "--db", filepath.Join(dir, "nope.db")}, exitFatal, []string{"nope.db", "rampart bank create"}},
		{"export an unknown bank", []string{"bank", "export", "--db", db, "nobank"}, exitFatal, []string{"nobank"}},
		{"import of unknown extension", []string{"bank", "import", "--db", db, "known", "testdata/images/wee.jpg"}, exitUsage, []string{"--format"}},
		{"import with bad --format", []string{"bank", "import", "--db", db, "--format", "xml", "known", "testdata/bank/hma.csv"}, exitUsage, []string{`--format "xml"`}},
		{"import of a missing file", []string{"bank", "import", "--db", db, "known", filepath.Join(dir, "gone.csv")}, exitFatal, []string{"gone.csv"}},
		{"add with neither value nor image", []string{"bank", "add", "--db", db, "known"}, exitUsage, []string{"--image"}},
		{"add with a bad value", []string{"bank", "add", "--db", db, "known", "pdq", "abc"}, exitFatal, []string{"pdq"}},
		{"add with too few args", []string{"bank", "add", "--db", db, "known", "pdq"}, exitUsage, []string{"NAME TYPE VALUE"}},
		{"disable an unknown entry", []string{"bank", "disable", "--db", db, "known", "no-such-entry"}, exitFatal, []string{"no-such-entry"}},
		{"pull without --from", []string{"bank", "pull", "--db", db, "known"}, exitUsage, []string{"--from is required"}},
		{"unknown flag", []string{"bank", "list", "--db", db, "--colour"}, exitUsage, []string{"--colour"}},
	}
	for _, tc := range tests {
		r := runCLI(t, "", tc.args...)
		if r.code != tc.code {
			t.Errorf("%s: exit %d, want %d; stderr %s", tc.name, r.code, tc.code, r.stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, r.stderr)
			}
		}
	}
	// The rejected file left the bank empty.
	if rows := bankRows(t, mustRun(t, "bank", "export", "--db", db, "known")); len(rows) != 0 {
		t.Errorf("bank holds %d rows after rejected imports, want 0", len(rows))
	}
}

func TestBankPullResumesFromCheckpoint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	deltas := filepath.Join(dir, "deltas.jsonl")
	appendLines := func(lines ...string) {
		f, err := os.OpenFile(deltas, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(strings.Join(lines, "\n") + "\n"); err != nil {
			t.Fatal(err)
		}
	}
	mustRun(t, "bank", "create", "--db", db, "feed")
	appendLines(`{"op":"add","entry":{"id":"a","signal_type":"pdq","value":"`+weePDQ+`"}}`,
		`{"op":"add","entry":{"id":"e","signal_type":"md5","value":"`+emptyFileMD5+`"}}`)
	if out := mustRun(t, "bank", "pull", "--db", db, "feed", "--from", deltas); out != "bank feed: 2 added, 0 updated, 0 deleted; checkpoint \"2\"\n" {
		t.Errorf("first pull printed %q", out)
	}
	appendLines(`{"op":"delete","entry":{"id":"e"}}`)
	if out := mustRun(t, "bank", "pull", "--db", db, "feed", "--from", deltas); out != "bank feed: 0 added, 0 updated, 1 deleted; checkpoint \"3\"\n" {
		t.Errorf("second pull printed %q", out)
	}
	appendLines(`{"op":"add","entry":{"signal_type":"md5","value":"nothex"}}`)
	r := runCLI(t, "", "bank", "pull", "--db", db, "feed", "--from", deltas)
	if r.code != exitFatal || !strings.Contains(r.stdout, `checkpoint "3"`) {
		t.Errorf("bad delta: exit %d, stdout %q, stderr %s; want exit 1 and the checkpoint kept at 3", r.code, r.stdout, r.stderr)
	}
	var list []struct {
		Checkpoint string `json:"checkpoint"`
		Entries    int    `json:"entries"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "bank", "list", "--db", db, "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Checkpoint != "3" {
		t.Errorf("stored banks %+v, want checkpoint 3", list)
	}
}

func TestMediaMatch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	mustRun(t, "bank", "create", "--db", db, "known")
	mustRun(t, "bank", "import", "--db", db, "known", "testdata/bank/hma.csv")
	mustRun(t, "bank", "add", "--db", db, "known", "md5", weeMD5, "--id", "wee-md5", "--group", "ttp")
	// A suppression bank of known false positives cancels the logo entry.
	mustRun(t, "bank", "create", "--db", db, "fp", "--suppress")
	mustRun(t, "bank", "add", "--db", db, "fp", "pdq", shrinkPDQ, "--id", "fp-shrink")

	r := runCLI(t, "", "media", "match", "--db", db, "--json", "testdata/images/wee.jpg", "testdata/images/shrink-a-lot.jpg")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	type match struct {
		Bank       string `json:"bank"`
		Entry      string `json:"entry"`
		SignalType string `json:"signal_type"`
		Distance   int    `json:"distance"`
		Suppress   bool   `json:"suppress"`
		Suppressed bool   `json:"suppressed"`
	}
	type fileResult struct {
		File    string  `json:"file"`
		MD5     string  `json:"md5"`
		PDQ     string  `json:"pdq"`
		Quality int     `json:"quality"`
		Matches []match `json:"matches"`
	}
	var got []fileResult
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	for dec.More() {
		var fr fileResult
		if err := dec.Decode(&fr); err != nil {
			t.Fatalf("output is not JSON lines: %v\n%s", err, r.stdout)
		}
		slices.SortFunc(fr.Matches, func(a, b match) int { return strings.Compare(a.Bank+a.Entry, b.Bank+b.Entry) })
		got = append(got, fr)
	}
	want := []fileResult{
		{File: "testdata/images/wee.jpg", MD5: weeMD5, PDQ: weePDQ, Quality: 100,
			Matches: []match{{Bank: "known", Entry: "wee-md5", SignalType: "md5"}}},
		{File: "testdata/images/shrink-a-lot.jpg", MD5: "ff69743ddd2435867fc634a47369bd31", PDQ: shrinkPDQ, Quality: 100,
			Matches: []match{
				{Bank: "fp", Entry: "fp-shrink", SignalType: "pdq", Suppress: true},
				{Bank: "known", Entry: "923d8190e8bdb371", SignalType: "pdq", Suppressed: true},
				{Bank: "known", Entry: "gifct-0001", SignalType: "pdq", Distance: 16, Suppressed: true},
			}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("media match --json (-want +got):\n%s", diff)
	}

	// The text form explains each match; a missing file fails with its name
	// while the others are still matched.
	r = runCLI(t, "", "media", "match", "--db", db, "testdata/images/wee.jpg", filepath.Join(dir, "gone.png"))
	if r.code != exitFatal || !strings.Contains(r.stderr, "gone.png") || !strings.Contains(r.stderr, "1 of 2 file(s) failed") {
		t.Errorf("missing file: exit %d, stderr %s", r.code, r.stderr)
	}
	for _, w := range []string{"testdata/images/wee.jpg\n", "  md5 " + weeMD5, "  pdq " + weePDQ + " quality 100",
		"  match: bank known entry wee-md5 (md5, exact) opinion positive; labels group=ttp"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("text output lacks %q:\n%s", w, r.stdout)
		}
	}
	r = runCLI(t, "", "media", "match", "--db", db, "testdata/bank/hma.csv")
	if r.code != exitOK || !strings.Contains(r.stdout, "  no match\n") || strings.Contains(r.stdout, "pdq") {
		t.Errorf("a non-image file: exit %d, stdout %q; want digests only and no match", r.code, r.stdout)
	}
	if r := runCLI(t, "", "media", "match", "--db", filepath.Join(dir, "none.db"), "testdata/images/wee.jpg"); r.code != exitFatal || !strings.Contains(r.stderr, "none.db") {
		t.Errorf("missing database: exit %d, stderr %s", r.code, r.stderr)
	}
	if r := runCLI(t, "", "media", "match", "--db", db); r.code != exitUsage {
		t.Errorf("no files: exit %d, want %d", r.code, exitUsage)
	}
}

func TestBankPullHTTPFeed(t *testing.T) {
	t.Parallel()
	// Two pages: an add at checkpoint p1, then a delete at p2.
	pages := map[string]string{
		"":   `{"deltas":[{"op":"add","entry":{"id":"w","signal_type":"pdq","value":"` + weePDQ + `"}}],"checkpoint":"p1","more":true}`,
		"p1": `{"deltas":[{"op":"add","entry":{"id":"e","signal_type":"md5","value":"` + emptyFileMD5 + `"}},{"op":"delete","entry":{"id":"w"}}],"checkpoint":"p2","more":false}`,
		"p2": `{"deltas":[],"checkpoint":"p2","more":false}`,
	}
	var asked []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cp := r.URL.Query().Get("checkpoint")
		mu.Lock()
		asked = append(asked, cp)
		mu.Unlock()
		body, ok := pages[cp]
		if !ok {
			http.Error(w, "unknown checkpoint", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "r.db")
	mustRun(t, "bank", "create", "--db", db, "feed")
	if out := mustRun(t, "bank", "pull", "--db", db, "feed", "--from", srv.URL); out != "bank feed: 2 added, 0 updated, 1 deleted; checkpoint \"p2\"\n" {
		t.Errorf("pull printed %q", out)
	}
	// The next pull resumes at the stored checkpoint.
	if out := mustRun(t, "bank", "pull", "--db", db, "feed", "--from", srv.URL); out != "bank feed: 0 added, 0 updated, 0 deleted; checkpoint \"p2\"\n" {
		t.Errorf("second pull printed %q", out)
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff([]string{"", "p1", "p2"}, asked); diff != "" {
		t.Errorf("checkpoints asked for (-want +got):\n%s", diff)
	}
}
