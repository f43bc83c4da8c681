package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/pipeline"
)

// wordDetector signals every post whose text contains word.
type wordDetector struct{ word string }

func (d wordDetector) Name() string { return "word" }
func (d wordDetector) Detect(_ context.Context, it rampart.Item) ([]rampart.Signal, error) {
	if it.Post == nil {
		return nil, nil
	}
	i := strings.Index(it.Post.Text, d.word)
	if i < 0 {
		return nil, nil
	}
	return []rampart.Signal{{Detector: "word", Kind: rampart.SignalMention, Score: 0.5,
		Evidence: []rampart.Evidence{{Field: "text", Start: i, End: i + len(d.word), Text: d.word}}}}, nil
}

type failDetector struct{ onID string }

func (d failDetector) Name() string { return "fail" }
func (d failDetector) Detect(_ context.Context, it rampart.Item) ([]rampart.Signal, error) {
	if it.Subject().ID == d.onID {
		return nil, errors.New("boom")
	}
	return nil, nil
}

// reviewIfTwo reviews posts with two or more signals.
type reviewIfTwo struct{}

func (reviewIfTwo) Decide(_ context.Context, _ rampart.Subject, _ *rampart.Item, _ *rampart.Account, s []rampart.Signal) (rampart.Decision, error) {
	if len(s) >= 2 {
		return rampart.Decision{Action: rampart.ActionReview, Rule: "two", Basis: "test"}, nil
	}
	return rampart.Decision{Action: rampart.ActionNone}, nil
}

type recErr struct{ line int }

func (e recErr) Error() string        { return fmt.Sprintf("line %d: bad json", e.line) }
func (e recErr) RecordReason() string { return "bad json" }

func posts(n int, text func(i int) string, errEvery int) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		for i := range n {
			if errEvery > 0 && i%errEvery == errEvery-1 {
				if !yield(rampart.Item{}, recErr{i + 1}) {
					return
				}
				continue
			}
			p := &rampart.Post{Platform: "x", ID: fmt.Sprint(i), AccountID: "a", Text: text(i)}
			if !yield(rampart.Item{Post: p}, nil) {
				return
			}
		}
	}
}

func TestRunKeepsOrderAndCounts(t *testing.T) {
	tests := []struct {
		name     string
		workers  int
		batch    int
		n        int
		errEvery int
	}{
		{"one worker", 1, 1, 50, 0},
		{"many workers small batches", 4, 3, 1000, 0},
		{"rejects counted", 3, 7, 500, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := pipeline.New(pipeline.Config{
				Detectors: []rampart.Detector{wordDetector{"ttp"}, wordDetector{"attack"}},
				Decider:   reviewIfTwo{},
				Versions:  rampart.Versions{Policy: "p1", Registry: "r1"},
				Workers:   tc.workers, BatchSize: tc.batch,
				Now: func() time.Time { return time.Unix(0, 0) },
			})
			if err != nil {
				t.Fatal(err)
			}
			text := func(i int) string {
				switch i % 3 {
				case 0:
					return "nothing here"
				case 1:
					return "ttp named"
				}
				return "ttp attack"
			}
			var ids []string
			var rejected int
			stats, err := p.Run(t.Context(), posts(tc.n, text, tc.errEvery), func(r pipeline.Result) error {
				ids = append(ids, r.Item.Post.ID)
				i := 0
				fmt.Sscan(r.Item.Post.ID, &i)
				want := map[int]string{0: "", 1: "none", 2: "review"}[i%3]
				got := ""
				if r.Finding != nil {
					got = string(r.Finding.Action)
				}
				if got != want {
					t.Errorf("post %d: action %q, want %q", i, got, want)
				}
				return nil
			}, func(error) { rejected++ })
			if err != nil {
				t.Fatal(err)
			}
			var wantIDs []string
			var wantRejected int
			for i := range tc.n {
				if tc.errEvery > 0 && i%tc.errEvery == tc.errEvery-1 {
					wantRejected++
					continue
				}
				wantIDs = append(wantIDs, fmt.Sprint(i))
			}
			if diff := cmp.Diff(wantIDs, ids); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
			if rejected != wantRejected || stats.Rejected != int64(wantRejected) {
				t.Errorf("rejected: callback %d, stats %d, want %d", rejected, stats.Rejected, wantRejected)
			}
			if stats.Read != int64(len(wantIDs)) {
				t.Errorf("read %d, want %d", stats.Read, len(wantIDs))
			}
			if got := stats.Actions["review"] + stats.Actions["none"]; got != stats.Findings {
				t.Errorf("actions %v do not add up to findings %d", stats.Actions, stats.Findings)
			}
		})
	}
}

func TestFindingCarriesEvidenceAndVersions(t *testing.T) {
	p, err := pipeline.New(pipeline.Config{
		Detectors: []rampart.Detector{wordDetector{"ttp"}, wordDetector{"attack"}},
		Decider:   reviewIfTwo{},
		Versions:  rampart.Versions{Policy: "default@1", Registry: "seed-abc"},
		Now:       func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	it := rampart.Item{Post: &rampart.Post{Platform: "telegram", ID: "-100:7", AccountID: "channel9", Text: "ttp attack"},
		Origin: rampart.Origin{File: "in.json", Line: 3}}
	f, err := p.Evaluate(t.Context(), &it, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &rampart.Finding{
		Platform: "telegram", Kind: "post", ID: "-100:7", AccountID: "channel9",
		Action: "review", Score: 0.5, Rule: "two", Basis: "test",
		Versions: rampart.Versions{Policy: "default@1", Registry: "seed-abc"},
		Signals: []rampart.Signal{
			{Detector: "word", Kind: "mention", Score: 0.5, Evidence: []rampart.Evidence{{Field: "text", Start: 0, End: 3, Text: "ttp"}}},
			{Detector: "word", Kind: "mention", Score: 0.5, Evidence: []rampart.Evidence{{Field: "text", Start: 4, End: 10, Text: "attack"}}},
		},
		Origin:    &rampart.Origin{File: "in.json", Line: 3},
		CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("finding (-want +got):\n%s", diff)
	}
}

func TestRunStopsOnErrors(t *testing.T) {
	fatal := errors.New("disk gone")
	tests := []struct {
		name    string
		det     rampart.Detector
		in      iter.Seq2[rampart.Item, error]
		emitErr bool
		want    string
	}{
		{"detector error", failDetector{"40"}, posts(200, func(int) string { return "x" }, 0), false, "detector fail on x/post/40: boom"},
		{"fatal input error", wordDetector{"x"}, func(yield func(rampart.Item, error) bool) {
			yield(rampart.Item{Post: &rampart.Post{Platform: "x", ID: "1", Text: "x"}}, nil)
			yield(rampart.Item{}, fatal)
		}, false, "read input: disk gone"},
		{"emit error", wordDetector{"x"}, posts(100, func(int) string { return "x" }, 0), true, "emit x/post/0: sink full"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := pipeline.New(pipeline.Config{Detectors: []rampart.Detector{tc.det}, Decider: reviewIfTwo{}, Workers: 2, BatchSize: 8})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Run(t.Context(), tc.in, func(pipeline.Result) error {
				if tc.emitErr {
					return errors.New("sink full")
				}
				return nil
			}, nil)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestRunHonoursCancel(t *testing.T) {
	p, err := pipeline.New(pipeline.Config{Detectors: []rampart.Detector{wordDetector{"x"}}, Decider: reviewIfTwo{}, Workers: 2, BatchSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	n := 0
	_, err = p.Run(ctx, posts(1_000_000, func(int) string { return "x" }, 0), func(pipeline.Result) error {
		n++
		if n == 10 {
			cancel()
		}
		return nil
	}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if n >= 1_000_000 {
		t.Fatal("run did not stop")
	}
}

func TestNewRejectsMissingDecider(t *testing.T) {
	if _, err := pipeline.New(pipeline.Config{}); err == nil {
		t.Fatal("want error for a pipeline with no decider")
	}
}

// authorDecider reviews posts whose author's handle is "bad".
type authorDecider struct{}

func (authorDecider) Decide(_ context.Context, _ rampart.Subject, _ *rampart.Item, a *rampart.Account, _ []rampart.Signal) (rampart.Decision, error) {
	if a != nil && a.Handle == "bad" {
		return rampart.Decision{Action: rampart.ActionReview, Rule: "author"}, nil
	}
	return rampart.Decision{Action: rampart.ActionNone}, nil
}

func TestPostsSeeTheirAuthor(t *testing.T) {
	for _, tc := range []struct {
		name       string
		maxAuthors int
		want       []string
		idPrefix   string // makes account ids long: the cache keys those apart
	}{
		{"remembered", 0, []string{"review", "none", "review"}, ""},
		// A bound of 2 keeps one generation of one account: "a" is
		// forgotten after two more accounts are seen.
		{"bounded", 2, []string{"review", "none", "none"}, ""},
		{"long ids remembered", 0, []string{"review", "none", "review"}, strings.Repeat("9", 60)},
		{"long ids bounded", 2, []string{"review", "none", "none"}, strings.Repeat("9", 60)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := pipeline.New(pipeline.Config{Detectors: []rampart.Detector{wordDetector{"x"}}, Decider: authorDecider{},
				Workers: 3, BatchSize: 1, MaxAuthors: tc.maxAuthors})
			if err != nil {
				t.Fatal(err)
			}
			acct := func(id, handle string) rampart.Item {
				return rampart.Item{Account: &rampart.Account{Platform: "x", ID: tc.idPrefix + id, Handle: handle}}
			}
			post := func(id, author string) rampart.Item {
				return rampart.Item{Post: &rampart.Post{Platform: "x", ID: id, AccountID: tc.idPrefix + author, Text: "x"}}
			}
			in := []rampart.Item{acct("a", "bad"), post("1", "a"), acct("b", "good"), post("2", "b"), acct("c", "ok"), acct("d", "ok"), post("3", "a")}
			var got []string
			_, err = p.Run(t.Context(), func(yield func(rampart.Item, error) bool) {
				for _, it := range in {
					if !yield(it, nil) {
						return
					}
				}
			}, func(r pipeline.Result) error {
				if r.Finding != nil {
					got = append(got, string(r.Finding.Action))
				}
				return nil
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("actions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestContextualDetectorsRunOnlyBesideSignals(t *testing.T) {
	p, err := pipeline.New(pipeline.Config{
		Detectors:  []rampart.Detector{wordDetector{"ttp"}},
		Contextual: []rampart.Detector{wordDetector{"attack"}},
		Decider:    reviewIfTwo{},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text    string
		signals int
	}{
		{"ttp attack", 2},
		{"attack", 0}, // the contextual detector alone makes no finding
		{"ttp", 1},
		{"weather", 0},
	} {
		it := rampart.Item{Post: &rampart.Post{Platform: "x", ID: "1", Text: tc.text}}
		f, err := p.Evaluate(t.Context(), &it, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		if f != nil {
			got = len(f.Signals)
		}
		if got != tc.signals {
			t.Errorf("%q: %d signals, want %d", tc.text, got, tc.signals)
		}
	}
}
