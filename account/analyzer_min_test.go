package account_test

import (
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/account"
)

func TestBotAnalyzerMinScore(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	items := []rampart.Item{
		{Account: &rampart.Account{Platform: "x", ID: "1", Handle: "ayesha_khan", Name: "Ayesha Khan", Bio: "teacher, Quetta",
			CreatedAt: now.AddDate(-6, 0, 0), Followers: n(400), Following: n(300), PostsCount: n(2000)}},
		{Account: &rampart.Account{Platform: "x", ID: "2", Handle: "x83749201937", CreatedAt: now.AddDate(0, 0, -2),
			Followers: n(0), Following: n(4000), PostsCount: n(900), Avatar: &rampart.Avatar{Default: true}}},
	}
	all, err := account.NewAnalyzer(nil, account.WithNow(func() time.Time { return now })).Analyze(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Fatalf("without a minimum, want both accounts scored, got %d", len(all))
	}
	lo, hi := all[0].Signal.Score, all[1].Signal.Score
	if all[0].Subject.ID != "1" {
		lo, hi = hi, lo
	}
	if !(lo < hi) {
		t.Fatalf("the throwaway account should score above the teacher: %v vs %v", hi, lo)
	}
	min := (lo + hi) / 2
	some, err := account.NewAnalyzer(nil, account.WithNow(func() time.Time { return now }), account.WithMinScore(min)).Analyze(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if len(some) != 1 || some[0].Subject.ID != "2" {
		t.Errorf("with minimum %v, want only account 2, got %+v", min, some)
	}
}
