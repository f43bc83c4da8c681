package main

import (
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type scoreOut struct {
	Platform    string  `json:"platform"`
	ID          string  `json:"id"`
	Score       float64 `json:"score"`
	Head        string  `json:"head"`
	TopFeatures []struct {
		Name         string   `json:"name"`
		Value        *float64 `json:"value"`
		Contribution *float64 `json:"contribution"`
	} `json:"top_features"`
	Missing []string `json:"missing"`
}

func TestAccountsScoreContract(t *testing.T) {
	t.Parallel()
	// window.jsonl: a re-created media-wing channel (101), a long-lived
	// weather account (202), a post whose author has no account record
	// (303), a bot-like account (404) posting links every minute, and one
	// line that is not JSON.
	r := runCLI(t, "", "accounts", "score", "--now", "2026-02-01T00:00:00Z", "testdata/accounts/window.jsonl")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "window.jsonl:29") {
		t.Errorf("the bad line is not reported with its place:\n%s", r.stderr)
	}
	var got []scoreOut
	var ids []string
	for i, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		// Every line carries exactly the documented fields.
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &raw); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		for _, k := range []string{"platform", "id", "score", "head", "top_features"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("line %d lacks %q: %s", i+1, k, line)
			}
		}
		var s scoreOut
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
		ids = append(ids, s.Platform+"/"+s.ID)
	}
	if diff := cmp.Diff([]string{"telegram/101", "x/202", "x/303", "x/404"}, ids); diff != "" {
		t.Fatalf("accounts scored (-want +got):\n%s", diff)
	}
	for _, s := range got {
		if s.Score < 0 || s.Score > 1 || math.IsNaN(s.Score) {
			t.Errorf("%s: score %v outside [0,1]", s.ID, s.Score)
		}
		if len(s.TopFeatures) == 0 || len(s.TopFeatures) > 5 {
			t.Errorf("%s: %d top features", s.ID, len(s.TopFeatures))
		}
		for i, f := range s.TopFeatures {
			if f.Name == "" || f.Value == nil || f.Contribution == nil {
				t.Fatalf("%s: feature %d lacks name, value or contribution: %+v", s.ID, i, f)
			}
			if i > 0 && math.Abs(*f.Contribution) > math.Abs(*s.TopFeatures[i-1].Contribution) {
				t.Errorf("%s: top features not ordered by |contribution|", s.ID)
			}
		}
	}
	bot, weather, authorOnly := got[3], got[1], got[2]
	if bot.Score < 0.9 || weather.Score > 0.1 {
		t.Errorf("bot-like account scored %.4f, weather account %.4f: want above 0.9 and below 0.1", bot.Score, weather.Score)
	}
	// An author seen only through posts is scored from activity; its
	// profile features are listed as missing.
	for _, f := range []string{"age_days_log", "followers_log", "handle_digits", "empty_bio"} {
		if !slices.Contains(authorOnly.Missing, f) {
			t.Errorf("author-only account: %s not listed as missing: %v", f, authorOnly.Missing)
		}
	}
	if authorOnly.Head != "activity" {
		t.Errorf("author-only account scored with head %q", authorOnly.Head)
	}
	// --now fixes the clock: the same input scores the same.
	again := runCLI(t, "", "accounts", "score", "--now", "2026-02-01T00:00:00Z", "testdata/accounts/window.jsonl")
	if again.stdout != r.stdout {
		t.Error("two runs with the same --now differ")
	}
}

func TestAccountsEvasion(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "", "accounts", "evasion", "--removed", "testdata/accounts/removed.jsonl", "testdata/accounts/window.jsonl")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one account with candidates (the re-created channel), got %d lines:\n%s", len(lines), r.stdout)
	}
	var got struct {
		Platform   string `json:"platform"`
		ID         string `json:"id"`
		Handle     string `json:"handle"`
		Candidates []struct {
			Removed struct {
				Platform, Kind, ID string
			} `json:"removed"`
			Group    string  `json:"group"`
			Score    float64 `json:"score"`
			Evidence []struct {
				Kind  string  `json:"kind"`
				Score float64 `json:"score"`
			} `json:"evidence"`
		} `json:"candidates"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatal(err)
	}
	if got.Platform != "telegram" || got.ID != "101" || got.Handle != "umar_media_3" || len(got.Candidates) != 1 {
		t.Fatalf("evasion line %s", lines[0])
	}
	c := got.Candidates[0]
	if c.Removed.ID != "1" || c.Group != "ttp" || c.Score < 0.9 || c.Score > 1 {
		t.Errorf("candidate %+v: want removed telegram account 1 of ttp with score in [0.9,1]", c)
	}
	var kinds []string
	for _, e := range c.Evidence {
		kinds = append(kinds, e.Kind)
	}
	for _, k := range []string{"handle", "name", "links", "timing"} {
		if !slices.Contains(kinds, k) {
			t.Errorf("evidence lacks %q: %v", k, kinds)
		}
	}
	// --min-score above every candidate leaves nothing to print.
	if r := runCLI(t, "", "accounts", "evasion", "--removed", "testdata/accounts/removed.jsonl", "--min-score", "0.999", "testdata/accounts/window.jsonl"); r.code != exitOK || r.stdout != "" {
		t.Errorf("--min-score 0.999: exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestAccountsErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"score without input", []string{"accounts", "score"}, exitUsage, "requires at least 1 arg"},
		{"score with a bad --now", []string{"accounts", "score", "--now", "yesterday", "testdata/accounts/window.jsonl"}, exitUsage, "--now"},
		{"score with a bad --format", []string{"accounts", "score", "--format", "pdf", "testdata/accounts/window.jsonl"}, exitUsage, "pdf"},
		{"score of a missing file", []string{"accounts", "score", filepath.Join(dir, "none.jsonl")}, exitUsage, "none.jsonl"},
		{"evasion without --removed", []string{"accounts", "evasion", "testdata/accounts/window.jsonl"}, exitUsage, "--removed"},
		{"evasion with --top 0", []string{"accounts", "evasion", "--removed", "testdata/accounts/removed.jsonl", "--top", "0", "testdata/accounts/window.jsonl"}, exitUsage, "--top"},
		{"evasion with a missing removed file", []string{"accounts", "evasion", "--removed", filepath.Join(dir, "gone.jsonl"), "testdata/accounts/window.jsonl"}, exitUsage, "gone.jsonl"},
		{"evasion with a removed file that is not JSONL", []string{"accounts", "evasion", "--removed", "testdata/bank/hma.csv", "testdata/accounts/window.jsonl"}, exitFatal, "hma.csv"},
	}
	for _, tc := range tests {
		r := runCLI(t, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d (want %d), stderr %q (want it to name %q)", tc.name, r.code, tc.code, r.stderr, tc.want)
		}
	}
}
