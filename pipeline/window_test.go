package pipeline_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/pipeline"
)

// botAnalyzer scores every account whose handle starts with "bot" and puts
// all of them in one cluster.
type botAnalyzer struct{ windows *[]int }

func (botAnalyzer) Name() string { return "fakebot" }
func (b botAnalyzer) Analyze(_ context.Context, items []rampart.Item) ([]rampart.SubjectSignal, error) {
	*b.windows = append(*b.windows, len(items))
	var out []rampart.SubjectSignal
	seen := map[string]bool{}
	for _, it := range items {
		if it.Post != nil && len(it.Post.AccountID) >= 3 && it.Post.AccountID[:3] == "bot" && !seen[it.Post.AccountID] {
			seen[it.Post.AccountID] = true
			out = append(out, rampart.SubjectSignal{
				Subject: rampart.Subject{Platform: "x", Kind: rampart.KindAccount, ID: it.Post.AccountID},
				Signal:  rampart.Signal{Detector: "bot", Kind: rampart.SignalBotScore, Score: 0.95}})
		}
	}
	if len(out) > 0 {
		out = append(out, rampart.SubjectSignal{Subject: rampart.Subject{Platform: "x", Kind: rampart.KindCluster, ID: "c1"},
			Signal: rampart.Signal{Detector: "coord", Kind: rampart.SignalCoordinated, Score: 0.9}})
	}
	return out, nil
}

// botMentionDecider reviews accounts with a bot score and a mention carried
// from their posts; everything else is none.
type botMentionDecider struct{}

func (botMentionDecider) Decide(_ context.Context, subj rampart.Subject, _ *rampart.Item, _ *rampart.Account, s []rampart.Signal) (rampart.Decision, error) {
	hasBot := slices.ContainsFunc(s, func(x rampart.Signal) bool { return x.Kind == rampart.SignalBotScore })
	hasMention := slices.ContainsFunc(s, func(x rampart.Signal) bool { return x.Kind == rampart.SignalMention })
	if subj.Kind == rampart.KindAccount && hasBot && hasMention {
		return rampart.Decision{Action: rampart.ActionReview, Rule: "bot-naming-group"}, nil
	}
	return rampart.Decision{Action: rampart.ActionNone}, nil
}

func TestAnalyzerWindows(t *testing.T) {
	acct := func(id string) rampart.Item {
		return rampart.Item{Account: &rampart.Account{Platform: "x", ID: id, Handle: id}}
	}
	post := func(id, author, text string) rampart.Item {
		return rampart.Item{Post: &rampart.Post{Platform: "x", ID: id, AccountID: author, Text: text}}
	}
	in := []rampart.Item{
		acct("bot1"), acct("human"),
		post("p1", "bot1", "ttp ttp"), post("p2", "human", "ttp"), post("p3", "bot2", "hello"),
	}
	type out struct {
		Subject   string
		Action    string
		Kinds     []string
		Synthetic bool
	}
	tests := []struct {
		name    string
		window  int
		want    []out
		windows []int
	}{
		{"one window", 100, []out{
			{"x/post/p1", "none", []string{"mention"}, false},
			{"x/post/p2", "none", []string{"mention"}, false},
			{"x/post/p3", "", nil, false},
			{"x/account/bot1", "review", []string{"bot_score", "mention"}, false},
			{"x/account/human", "", nil, false},
			{"x/account/bot2", "none", []string{"bot_score"}, true},
			{"x/cluster/c1", "none", []string{"coordination"}, true},
		}, []int{5}},
		{"windows of two", 2, []out{
			// bot1 and human are held until the window of 2 closes, before any post.
			{"x/account/bot1", "", nil, false},
			{"x/account/human", "", nil, false},
			{"x/post/p1", "none", []string{"mention"}, false},
			{"x/post/p2", "none", []string{"mention"}, false},
			// The second window sees bot1 only as an author: its finding
			// comes without the account item, which the first window emitted.
			{"x/account/bot1", "review", []string{"bot_score", "mention"}, true},
			{"x/cluster/c1", "none", []string{"coordination"}, true},
			{"x/post/p3", "", nil, false},
			{"x/account/bot2", "none", []string{"bot_score"}, true},
			{"x/cluster/c1", "none", []string{"coordination"}, true},
		}, []int{2, 2, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var windows []int
			p, err := pipeline.New(pipeline.Config{
				Detectors: []rampart.Detector{wordDetector{"ttp"}},
				Analyzers: []rampart.Analyzer{botAnalyzer{&windows}},
				Decider:   botMentionDecider{}, Window: tc.window, Workers: 2, BatchSize: 1,
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []out
			_, err = p.Run(t.Context(), func(yield func(rampart.Item, error) bool) {
				for _, it := range in {
					if !yield(it, nil) {
						return
					}
				}
			}, func(r pipeline.Result) error {
				o := out{Subject: r.Item.Subject().String(), Synthetic: r.Synthetic}
				if r.Finding != nil {
					o.Subject = r.Finding.Subject().String()
					o.Action = string(r.Finding.Action)
					for _, s := range r.Finding.Signals {
						o.Kinds = append(o.Kinds, s.Kind)
					}
				}
				got = append(got, o)
				return nil
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.windows, windows); diff != "" {
				t.Errorf("window sizes (-want +got):\n%s", diff)
			}
		})
	}
}
