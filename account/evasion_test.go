package account_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/account"
	"github.com/rampart-tt/rampart/sim"
)

const pdqA = "54efe46e8dbe1ccfdb80c7cf28f0efe29ed054895b057689a32813d0b34a0143"

// pdqB is pdqA with two bits flipped (nibbles 6→4 and 3→b), as a re-encode.
const pdqB = "54efe46e8dbe1ccfdb80c7cf28f0efe29ed054895b057489a32813d0b34a014b"

func TestEvasionCraftedPairs(t *testing.T) {
	removedAt := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	idx := account.NewEvasionIndex()
	removed := []*rampart.Account{
		{Platform: "telegram", ID: "1", Handle: "umar_media_2", Name: "Umar Media", Bio: "Official channel of the brothers | news and releases"},
		{Platform: "x", ID: "2", Handle: "kitten_pics", Name: "Cats daily", Avatar: &rampart.Avatar{SHA256: "aa11", PDQ: pdqA}},
		{Platform: "x", ID: "3", Handle: "qwerty", Name: "Q", Bio: "Lions of the east, join the caravan. Contact @caravan_support for details"},
		{Platform: "x", ID: "4", Handle: "gardening_tips", Name: "Garden Tips", Bio: "Tomatoes and roses"},
	}
	for _, a := range removed {
		if err := idx.Add(a, nil, removedAt); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		acct      rampart.Account
		want      string // id of the best candidate, "" for none
		wantKinds []string
	}{
		{"digit suffix", rampart.Account{Platform: "telegram", ID: "10", Handle: "umar_media_3", Name: "Umar Media (backup)",
			CreatedAt: removedAt.Add(24 * time.Hour)}, "1", []string{"handle", "name", "timing"}},
		{"same avatar file", rampart.Account{Platform: "x", ID: "11", Handle: "zz_other", Name: "Other",
			Avatar: &rampart.Avatar{SHA256: "AA11", PDQ: pdqA}}, "2", []string{"avatar_sha256"}},
		{"re-encoded avatar", rampart.Account{Platform: "x", ID: "12", Handle: "zz_other", Name: "Other",
			Avatar: &rampart.Avatar{SHA256: "bb22", PDQ: pdqB}}, "2", []string{"avatar_pdq"}},
		{"same bio", rampart.Account{Platform: "x", ID: "13", Handle: "asdfgh", Name: "Z",
			Bio: "Lions of the east, join the caravan. Contact @caravan_support for details!"}, "3", []string{"bio"}},
		{"unrelated", rampart.Account{Platform: "x", ID: "14", Handle: "football_fan", Name: "Ali Khan", Bio: "Cricket and chai"}, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := idx.Candidates(&tc.acct, nil, 10, 0.3)
			got := ""
			var kinds []string
			if len(cs) > 0 {
				got = cs[0].Removed.ID
				for _, r := range cs[0].Evidence {
					kinds = append(kinds, r.Kind)
				}
			}
			if got != tc.want {
				t.Fatalf("best candidate %q, want %q (all: %+v)", got, tc.want, cs)
			}
			if diff := cmp.Diff(tc.wantKinds, kinds); diff != "" {
				t.Errorf("evidence kinds (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvasionSelfNotCandidate(t *testing.T) {
	idx := account.NewEvasionIndex()
	a := &rampart.Account{Platform: "x", ID: "1", Handle: "umar_media_2"}
	if err := idx.Add(a, nil, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if cs := idx.Candidates(a, nil, 10, 0); len(cs) != 0 {
		t.Errorf("removed account matched itself: %+v", cs)
	}
	if err := idx.Add(nil, nil, time.Time{}); err == nil {
		t.Error("Add(nil) succeeded")
	}
}

// evasionRecall indexes every removed account of a sim run and asks, for
// each evader, whether its removed original is among the top k candidates.
// It also reports the share of non-evading accounts whose best candidate
// scores at least account.DefaultEvasionMin (false alarms).
func evasionRecall(t testing.TB, cfg sim.Config, k int) (recall float64, n int, falseAlarm float64) {
	r := generate(t, cfg)
	evs, err := sim.Evasions(bytes.NewReader(r.raw))
	if err != nil {
		t.Fatal(err)
	}
	removed, err := sim.RemovedAccounts(bytes.NewReader(r.raw))
	if err != nil {
		t.Fatal(err)
	}
	isRemoved := map[rampart.Subject]bool{}
	for _, s := range removed {
		isRemoved[s] = true
	}
	groups := account.GroupByAccount(r.items)
	by := map[rampart.Subject]account.Activity{}
	idx := account.NewEvasionIndex()
	for _, g := range groups {
		by[g.Subject] = g
		if isRemoved[g.Subject] && g.Account != nil {
			if err := idx.Add(g.Account, g.Posts, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	evader := map[rampart.Subject]bool{}
	hits := 0
	for _, e := range evs {
		evader[e.Evader] = true
		g := by[e.Evader]
		for _, c := range idx.Candidates(g.Account, g.Posts, k, 0) {
			if c.Removed == e.Removed {
				hits++
				break
			}
		}
	}
	alarms, others := 0, 0
	for _, g := range groups {
		if evader[g.Subject] || isRemoved[g.Subject] || g.Account == nil {
			continue
		}
		others++
		if cs := idx.Candidates(g.Account, g.Posts, 1, account.DefaultEvasionMin); len(cs) > 0 {
			alarms++
		}
	}
	if len(evs) == 0 {
		t.Fatal("sim produced no evasions")
	}
	return float64(hits) / float64(len(evs)), len(evs), float64(alarms) / float64(max(others, 1))
}

func TestEvasionRecallSim(t *testing.T) {
	cfg := sim.Config{Seed: 5, Accounts: 2000, Posts: 20000}
	for _, k := range []int{1, 10} {
		rec, n, fa := evasionRecall(t, cfg, k)
		t.Logf("sim seed 5 (2000 accounts): recall@%d %.3f over %d evasions; non-evaders flagged at >= %.1f: %.4f", k, rec, n, account.DefaultEvasionMin, fa)
		if k == 10 && rec < 0.9 {
			t.Errorf("recall@10 %.3f < 0.9", rec)
		}
		if fa > 0.01 {
			t.Errorf("false alarms %.4f > 1%%", fa)
		}
	}
}
