package pipeline_test

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/pipeline"
)

// profileDetector signals accounts whose display name contains word: a
// mention, and a bot score that links must not carry over to posts.
type profileDetector struct{ word string }

func (d profileDetector) Name() string { return "profile" }
func (d profileDetector) Detect(_ context.Context, it rampart.Item) ([]rampart.Signal, error) {
	if it.Account == nil {
		return nil, nil
	}
	i := strings.Index(it.Account.Name, d.word)
	if i < 0 {
		return nil, nil
	}
	return []rampart.Signal{
		{Detector: "profile", Kind: rampart.SignalMention, Group: "g", Score: 0.9,
			Evidence: []rampart.Evidence{{Field: "name", Start: i, End: i + len(d.word), Text: d.word}},
			Attrs:    map[string]any{"alias": d.word}},
		{Detector: "profile", Kind: rampart.SignalBotScore, Score: 0.99},
	}, nil
}

func TestAuthorLinks(t *testing.T) {
	p, err := pipeline.New(pipeline.Config{
		Detectors:   []rampart.Detector{wordDetector{"ttp"}},
		Contextual:  []rampart.Detector{wordDetector{"attack"}},
		AuthorLinks: []rampart.Detector{profileDetector{"Umar Media"}},
		Decider:     reviewIfTwo{},
	})
	if err != nil {
		t.Fatal(err)
	}
	channel := &rampart.Account{Platform: "telegram", ID: "c1", Name: "Umar Media official"}
	plain := &rampart.Account{Platform: "telegram", ID: "c2", Name: "Daily news"}
	link := rampart.Signal{Detector: "profile", Kind: rampart.SignalMention, Group: "g", Score: 0.9,
		Evidence: []rampart.Evidence{{Field: "author.name", Start: 0, End: 10, Text: "Umar Media"}},
		Attrs:    map[string]any{"alias": "Umar Media", "via": "author"}}
	attack := rampart.Signal{Detector: "word", Kind: rampart.SignalMention, Score: 0.5,
		Evidence: []rampart.Evidence{{Field: "text", Start: 4, End: 10, Text: "attack"}}}
	tests := []struct {
		name   string
		text   string
		author *rampart.Account
		want   []rampart.Signal
		action rampart.Action
	}{
		{"linked post runs the contextual detectors", "the attack", channel, []rampart.Signal{link, attack}, rampart.ActionReview},
		{"linked post alone is a finding with the link", "weather", channel, []rampart.Signal{link}, rampart.ActionNone},
		{"author naming nothing links nothing", "the attack", plain, nil, ""},
		{"unknown author links nothing", "the attack", nil, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			it := rampart.Item{Post: &rampart.Post{Platform: "telegram", ID: "1", AccountID: "c1", Text: tc.text}}
			f, err := p.Evaluate(t.Context(), &it, tc.author)
			if err != nil {
				t.Fatal(err)
			}
			if f == nil {
				if tc.want != nil {
					t.Fatalf("no finding, want signals %v", tc.want)
				}
				return
			}
			if diff := cmp.Diff(tc.want, f.Signals); diff != "" {
				t.Errorf("signals (-want +got):\n%s", diff)
			}
			if f.Action != tc.action {
				t.Errorf("action %q, want %q", f.Action, tc.action)
			}
		})
	}
}

// TestAuthorLinksThroughRun checks that posts read after their author's
// account item are linked when streamed, across batches and workers.
func TestAuthorLinksThroughRun(t *testing.T) {
	p, err := pipeline.New(pipeline.Config{
		Detectors:   []rampart.Detector{wordDetector{"ttp"}},
		AuthorLinks: []rampart.Detector{profileDetector{"Umar Media"}},
		Decider:     reviewIfTwo{},
		Workers:     2,
		BatchSize:   3,
	})
	if err != nil {
		t.Fatal(err)
	}
	in := func(yield func(rampart.Item, error) bool) {
		if !yield(rampart.Item{Account: &rampart.Account{Platform: "telegram", ID: "c1", Name: "Umar Media"}}, nil) {
			return
		}
		for i := range 10 {
			acct := "c1"
			if i%2 == 1 {
				acct = "c2"
			}
			if !yield(rampart.Item{Post: &rampart.Post{Platform: "telegram", ID: fmt.Sprint(i), AccountID: acct, Text: "hello"}}, nil) {
				return
			}
		}
	}
	var linked []string
	_, err = p.Run(t.Context(), iter.Seq2[rampart.Item, error](in), func(r pipeline.Result) error {
		if r.Item.Post != nil && r.Finding != nil {
			linked = append(linked, r.Item.Post.ID)
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"0", "2", "4", "6", "8"}, linked); diff != "" {
		t.Errorf("linked posts (-want +got):\n%s", diff)
	}
}
