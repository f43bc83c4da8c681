package account_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/account"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// features returns the present features of a vector by name.
func features(v account.Vector) map[string]float64 {
	m := map[string]float64{}
	for i, f := range account.AllFeatures {
		if v.Present[i] {
			m[f] = v.Value[i]
		}
	}
	return m
}

func TestProfileFeatures(t *testing.T) {
	tests := []struct {
		name string
		acct rampart.Account
		want map[string]float64
	}{
		{"full profile", rampart.Account{Handle: "omar_yousafzai7253", Name: "Omar Yousafzai", Bio: "x",
			CreatedAt: t0.Add(-99 * 24 * time.Hour), Followers: i64(9), Following: i64(99), PostsCount: i64(198),
			Avatar: &rampart.Avatar{Default: true}},
			map[string]float64{
				account.FAgeDays: math.Log1p(99), account.FFollowers: math.Log1p(9), account.FFollowing: math.Log1p(99),
				account.FFollowRatio: -1, account.FPostsPerDay: math.Log1p(2),
				account.FHandleDigits: 4, account.FHandleDigitPct: 4.0 / 18, account.FHandleLen: 18,
				// o×2, a×3 and 13 runes once (m r _ y u s f z i 7 2 5 3) over 18.
				account.FHandleEntropy: -((2.0/18)*math.Log2(2.0/18) + (3.0/18)*math.Log2(3.0/18) + 13*(1.0/18)*math.Log2(1.0/18)),
				account.FNameDigits:    1, account.FHandleRandom: 0, account.FDefaultAvatar: 1, account.FEmptyBio: 0,
				account.FNameMismatch: 0,
			}},
		{"counts unknown", rampart.Account{Handle: "ab", Name: "Zed Ab"},
			map[string]float64{account.FHandleDigits: 0, account.FHandleDigitPct: 0, account.FHandleLen: 2,
				account.FHandleEntropy: 1, account.FNameDigits: 0, account.FHandleRandom: 0, account.FEmptyBio: 1,
				account.FNameMismatch: 0.5}},
		{"random handle", rampart.Account{Handle: "x7kq9w2p"},
			map[string]float64{account.FHandleDigits: 3, account.FHandleDigitPct: 3.0 / 8, account.FHandleLen: 8,
				account.FHandleEntropy: 3, account.FNameDigits: 0, account.FHandleRandom: 1, account.FEmptyBio: 1}},
		{"other script name", rampart.Account{Handle: "AbdullahButt99", Name: "فاطمة الحربي", Bio: "b"},
			map[string]float64{account.FHandleDigits: 2, account.FHandleDigitPct: 2.0 / 14, account.FHandleLen: 14,
				// a b u l t 9 twice each, d h once, over 14 runes (case-folded).
				account.FHandleEntropy: -(6*(2.0/14)*math.Log2(2.0/14) + 2*(1.0/14)*math.Log2(1.0/14)),
				account.FNameDigits:    0, account.FHandleRandom: 0, account.FEmptyBio: 0, account.FNameMismatch: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := features(account.Extract(&tc.acct, nil, t0))
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("features (-want +got):\n%s", diff)
			}
		})
	}
}

func post(at time.Duration, text string, mod func(*rampart.Post)) rampart.Post {
	p := rampart.Post{Platform: "x", ID: text + at.String(), AccountID: "1", CreatedAt: t0.Add(at), Text: text}
	if mod != nil {
		mod(&p)
	}
	return p
}

func TestActivityFeatures(t *testing.T) {
	link := func(p *rampart.Post) { p.URLs = []string{"https://a.example/x"}; p.Hashtags = []string{"a", "b"} }
	repost := func(p *rampart.Post) { p.RepostOf = "9" }
	tests := []struct {
		name  string
		posts []rampart.Post
		want  map[string]float64
	}{
		{"clockwork", []rampart.Post{
			post(0, "Buy now 1", link), post(time.Hour, "buy NOW 2 https://x.example", nil),
			post(2*time.Hour, "hello", repost), post(3*time.Hour, "other", nil)},
			map[string]float64{
				// Gaps 3600,3600,3600: σ=0 → B=−1; all in bin floor(log2 3600)+1=12 → entropy 0.
				account.FBurstiness: -1, account.FGapEntropy: 0,
				account.FHourEntropy: 2, account.FRepostShare: 0.25, account.FLinkShare: 0.25,
				account.FReplyShare: 0, account.FDupShare: 0.25, account.FHashtags: 0.5,
			}},
		{"two posts: no gap features", []rampart.Post{post(0, "a", nil), post(time.Minute, "b", nil)},
			map[string]float64{account.FHourEntropy: 0, account.FRepostShare: 0, account.FLinkShare: 0,
				account.FReplyShare: 0, account.FDupShare: 0, account.FHashtags: 0}},
		{"bursty", []rampart.Post{post(0, "a", nil), post(time.Second, "b", nil), post(2*time.Second, "c", nil), post(10*time.Hour, "d", nil)},
			map[string]float64{
				// Gaps 1,1,35998: μ=12000/… computed below.
				account.FBurstiness:  burst([]float64{1, 1, 35998}),
				account.FGapEntropy:  -(2.0/3*math.Log2(2.0/3) + 1.0/3*math.Log2(1.0/3)),
				account.FHourEntropy: -(0.75*math.Log2(0.75) + 0.25*math.Log2(0.25)),
				account.FRepostShare: 0, account.FLinkShare: 0, account.FReplyShare: 0, account.FDupShare: 0, account.FHashtags: 0,
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := features(account.Extract(nil, tc.posts, time.Time{}))
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("features (-want +got):\n%s", diff)
			}
		})
	}
}

// burst is the Goh–Barabási formula written out independently.
func burst(g []float64) float64 {
	mu := (g[0] + g[1] + g[2]) / 3
	v := ((g[0]-mu)*(g[0]-mu) + (g[1]-mu)*(g[1]-mu) + (g[2]-mu)*(g[2]-mu)) / 3
	s := math.Sqrt(v)
	return (s - mu) / (s + mu)
}

func TestScoreMissingAndHeads(t *testing.T) {
	a := &rampart.Account{Platform: "x", ID: "1", Handle: "abc12345", Name: "Abc"}
	s := account.Score(a, nil, t0)
	if s.Head != account.HeadProfile {
		t.Errorf("head %q, want profile", s.Head)
	}
	wantMissing := []string{account.FAgeDays, account.FFollowers, account.FFollowing, account.FFollowRatio,
		account.FPostsPerDay, account.FDefaultAvatar}
	if diff := cmp.Diff(wantMissing, s.Missing); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}
	if s.Value <= 0 || s.Value >= 1 || len(s.Top) == 0 || len(s.Top) > account.TopN {
		t.Errorf("score %+v out of range", s)
	}
	// Author known only from posts: activity head, profile all missing.
	s2 := account.Score(nil, []rampart.Post{post(0, "a", nil)}, time.Time{})
	if s2.Head != account.HeadActivity || len(s2.Missing) != len(account.ProfileFeatures)+2 {
		t.Errorf("posts only: head %q, %d missing %v", s2.Head, len(s2.Missing), s2.Missing)
	}
	// Deterministic.
	if diff := cmp.Diff(s, account.Score(a, nil, t0)); diff != "" {
		t.Errorf("second run differs:\n%s", diff)
	}
}
