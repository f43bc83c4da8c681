package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-tt/rampart/account"
	"github.com/rampart-tt/rampart/classify"
	"github.com/rampart-tt/rampart/designation"
	"github.com/rampart-tt/rampart/policy"
	"github.com/rampart-tt/rampart/sqlite"
)

func TestVersion(t *testing.T) {
	t.Parallel()
	reg, err := designation.Default()
	if err != nil {
		t.Fatal(err)
	}
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	clf, err := classify.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", "version", "--json")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"rampart": "dev", "go": goVersion(), "registry": reg.Version(), "policy": pol.Version(),
		"models": map[string]any{"bot": account.DefaultModel().Version, "classifier": clf.Version()},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("version --json (-want +got):\n%s", diff)
	}
	r = runCLI(t, "", "version")
	wantText := "rampart dev (" + goVersion() + ")\nregistry " + reg.Version() + "\npolicy   " + pol.Version() + "\n"
	if r.code != exitOK || !strings.HasPrefix(r.stdout, wantText) ||
		!strings.Contains(r.stdout, "model    classifier "+clf.Version()+"\n") || !strings.Contains(r.stdout, "model    bot "+account.DefaultModel().Version+"\n") {
		t.Errorf("version: exit %d:\n%s", r.code, r.stdout)
	}
	if r := runCLI(t, "", "version", "now"); r.code != exitUsage || !strings.Contains(r.stderr, `unknown command "now"`) {
		t.Errorf("version with an argument: exit %d, stderr %s", r.code, r.stderr)
	}
}

// rescanDB stores three posts, then imports a NACTA list that designates
// "Example Front" (alias "EF Media"), which the first post names.
func rescanDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	in := writeFile(t, dir, "in.jsonl", `{"kind":"post","platform":"x","id":"1","text":"EF Media released a new video today"}
{"kind":"post","platform":"x","id":"2","text":"the weather in Quetta is nice"}
{"kind":"post","platform":"x","id":"3","text":"TTP claimed the attack"}
`)
	list := writeFile(t, dir, "nacta.csv", "Name,Aliases,Date Proscribed\nExample Front,EF Media,2024-03-01\n")
	mustRun(t, "scan", "--db", db, in)
	mustRun(t, "designations", "import", "--list", "nacta", "--db", db, list)
	return db
}

func TestRescanShowsWhatAListChangeChanges(t *testing.T) {
	t.Parallel()
	db := rescanDB(t)
	r := runCLI(t, "", "rescan", "--db", db, "--since-version", "0")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, m)
	}
	want := []map[string]any{{"platform": "x", "kind": "post", "id": "1", "before": []any{}, "after": []any{"pk_nacta/example_front"}, "action": "none"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changed subjects (-want +got):\n%s", diff)
	}
	for _, w := range []string{"+ entity pk_nacta/example_front", `+ alias pk_nacta/example_front: "EF Media"`,
		"rescanned 3 items under registry ", "+nacta-1 (was ", "1 subjects changed groups; 2 new findings stored"} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
		}
	}
	// Against version 1 itself nothing changed, and nothing new is stored.
	r = runCLI(t, "", "rescan", "--db", db, "--since-version", "1")
	if r.code != exitOK || r.stdout != "" || !strings.Contains(r.stderr, "0 subjects changed groups; 0 new findings stored") {
		t.Errorf("rescan since 1: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
}

func TestRescanErrors(t *testing.T) {
	t.Parallel()
	db := rescanDB(t)
	missing := filepath.Join(t.TempDir(), "none.db")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no --since-version", []string{"rescan", "--db", db}, exitUsage, "--since-version is required"},
		{"non-numeric version", []string{"rescan", "--db", db, "--since-version", "latest"}, exitUsage, "--since-version"},
		{"unknown policy file", []string{"rescan", "--db", db, "--since-version", "0", "--policy", filepath.Join(t.TempDir(), "p.yaml")}, exitFatal, "p.yaml"},
		// A version that was never stored must not be read as "now":
		// that would report "no changes" for a mistyped version.
		{"version never stored", []string{"rescan", "--db", db, "--since-version", "7"}, exitUsage, "--since-version 7"},
		{"negative version", []string{"rescan", "--db", db, "--since-version", "-3"}, exitUsage, "--since-version -3"},
		// A mistyped --db must not create an empty database and report
		// that nothing changed.
		{"missing database", []string{"rescan", "--db", missing, "--since-version", "0"}, exitFatal, "none.db"},
	}
	for _, tc := range tests {
		r := runCLI(t, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d (want %d), stderr %q (want %q)", tc.name, r.code, tc.code, r.stderr, tc.want)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("rescan created %s (stat: %v)", missing, err)
	}
}

func TestDemoSmall(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runCLI(t, "", "demo", "--accounts", "200", "--posts", "2000", "--seed", "7", "--dir", dir)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	out := r.stdout
	for _, re := range []string{
		`(?m)^Generating a synthetic platform: 200 accounts, 2000 posts \(seed 7\) \.\.\.$`,
		`(?m)^Loaded a hash bank of \d+ known propaganda posters`,
		`(?m)^Scanned 2200 items in .+ under policy default@\S+, registry \S+\.$`,
		`(?m)^Stored 2200 items and \d+ findings in ` + regexp.QuoteMeta(filepath.Join(dir, "rampart.db")) + `\.$`,
		`(?m)^A name mention alone gives action none`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("summary does not match %s:\n%s", re, out)
		}
	}
	// The table's counts per ground-truth class must add up to the
	// lawful and harmful summary lines.
	rows := map[string][3]int{}
	for _, m := range regexp.MustCompile(`(?m)^\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$`).FindAllStringSubmatch(out, -1) {
		var n [3]int
		for i := range n {
			n[i], _ = strconv.Atoi(m[i+2])
		}
		if n[0] != n[1]+n[2] {
			t.Errorf("class %s: %d items but %d none + %d acted", m[1], n[0], n[1], n[2])
		}
		rows[m[1]] = n
	}
	sum := func(classes ...string) (items, acted int) {
		for _, c := range classes {
			items += rows[c][0]
			acted += rows[c][2]
		}
		return
	}
	total, _ := sum("activism", "counter_speech", "hate", "other", "propaganda", "recruitment", "reporting")
	if total != 2000 {
		t.Errorf("post classes add up to %d, want 2000:\n%s", total, out)
	}
	lawful, lawfulActed := sum("reporting", "counter_speech", "activism", "other")
	harmful, harmfulActed := sum("propaganda", "recruitment")
	m := regexp.MustCompile(`Lawful posts \(reporting, counter-speech, activism, everyday talk\): (\d+) of (\d+) actioned\.`).FindStringSubmatch(out)
	if m == nil || m[1] != strconv.Itoa(lawfulActed) || m[2] != strconv.Itoa(lawful) {
		t.Errorf("lawful line %q, want %d of %d", m, lawfulActed, lawful)
	}
	m = regexp.MustCompile(`Propaganda and recruitment: (\d+) of (\d+) sent to review or beyond\.`).FindStringSubmatch(out)
	if m == nil || m[1] != strconv.Itoa(harmfulActed) || m[2] != strconv.Itoa(harmful) {
		t.Errorf("harmful line %q, want %d of %d", m, harmfulActed, harmful)
	}
	// The point of the demo: harmful content is caught, lawful speech is
	// left alone. Bounds well clear of the measured 218/277 and 10/1703.
	if lawful == 0 || harmful == 0 || float64(lawfulActed)/float64(lawful) > 0.03 || float64(harmfulActed)/float64(harmful) < 0.6 {
		t.Errorf("lawful %d of %d actioned, harmful %d of %d: want under 3%% and over 60%%", lawfulActed, lawful, harmfulActed, harmful)
	}
	if !strings.Contains(out, "Designated groups named (items): ") {
		t.Errorf("no designated-groups line:\n%s", out)
	}
	// --dir keeps the database, with every item stored.
	st, err := sqlite.Open(t.Context(), filepath.Join(dir, "rampart.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.CountItems(t.Context()); err != nil || n != 2200 {
		t.Errorf("stored items %d (%v), want 2200", n, err)
	}
	for _, name := range []string{"platform.jsonl", "platform.jsonl.labels.jsonl"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("--dir does not keep %s: %v", name, err)
		}
	}
}

func TestDemoUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"not a number", []string{"demo", "--posts", "many"}, "--posts"},
		{"an argument", []string{"demo", "now"}, `unknown command "now"`},
		// Too few accounts is bad usage, as it is for sim.
		{"too few accounts", []string{"demo", "--accounts", "0", "--posts", "10"}, "accounts"},
	}
	for _, tc := range tests {
		r := runCLI(t, "", tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d (want %d), stderr %q (want %q)", tc.name, r.code, exitUsage, r.stderr, tc.want)
		}
	}
}
