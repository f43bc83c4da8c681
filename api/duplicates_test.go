package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

// pdq is the media hash the hash-match findings below share, in the form
// mediamatch writes as evidence.
const pdq = "pdq:f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"

// hashFinding is a post of account whose media matched pdq in a bank.
func hashFinding(account, post string) rampart.Finding {
	return rampart.Finding{
		Platform: "telegram", Kind: "post", ID: post, AccountID: account, Action: rampart.ActionReview, Score: 0.97,
		Rule: "hash-match", Reason: "TERR_PROPAGANDA", Basis: "hash bank match",
		Versions: rampart.Versions{Policy: "test@1"},
		Signals: []rampart.Signal{{Detector: rampart.DetectorHash, Kind: rampart.SignalHashMatch, Entity: "ttp-umar-media",
			Group: "ttp", Score: 0.97, Evidence: []rampart.Evidence{{Field: "media[0]", Text: pdq}},
			Attrs: map[string]any{"bank": "test", "distance": 4.0}}},
		CreatedAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
	}
}

func TestDuplicates(t *testing.T) { forEachStore(t, testDuplicates) }

func testDuplicates(t *testing.T, b backend) {
	e := start(t, b, casework.Options{TwoPerson: []rampart.Action{}},
		hashFinding("tg-a", "1"), hashFinding("tg-b", "2"), hashFinding("tg-c", "3"))
	ctx := t.Context()
	rev, _ := e.user(t, "rev", rampart.RoleReviewer, "")

	k := must(e.admin.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: "tg-a"}, ""))(t)
	pre := must(rev.PreviewDuplicates(ctx, k.ID))(t)
	var got []string
	for _, d := range pre.Duplicates {
		got = append(got, d.AccountID+" "+d.Match[0])
	}
	want := []string{"tg-b media:" + pdq, "tg-c media:" + pdq}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("duplicates by media hash (-want +got):\n%s", diff)
	}
	if pre.Decision != nil {
		t.Errorf("undecided case previews decision %+v", pre.Decision)
	}
	if _, err := rev.ApplyDuplicates(ctx, k.ID, []int64{pre.Duplicates[0].ID}); statusOf(err) != http.StatusConflict {
		t.Errorf("apply before the case is decided: %v, want 409", err)
	}

	must(rev.Claim(ctx, k.ID))(t)
	d := casework.Decision{Action: rampart.ActionRemove, Reason: "TVEC_PROPAGANDA", Basis: "policy 4.1"}
	must(rev.Decide(ctx, k.ID, d))(t)
	first, second := pre.Duplicates[0].ID, pre.Duplicates[1].ID
	res := must(rev.ApplyDuplicates(ctx, k.ID, []int64{first}))(t)
	if len(res.Applied) != 1 || len(res.Failed) != 0 || res.Applied[0].FindingID != first ||
		res.Applied[0].Decision.Action != rampart.ActionRemove || res.Applied[0].Match != "media:"+pdq {
		t.Fatalf("apply = %+v", res)
	}
	// What was applied leaves the preview; the rest stays.
	pre = must(rev.PreviewDuplicates(ctx, k.ID))(t)
	if len(pre.Duplicates) != 1 || pre.Duplicates[0].ID != second || pre.Decision == nil {
		t.Errorf("preview after apply = %+v, want only finding %d and the decision", pre, second)
	}
	for _, ids := range [][]int64{{first}, {second, second}, {k.Findings[0]}, {}} {
		if _, err := rev.ApplyDuplicates(ctx, k.ID, ids); statusOf(err) != http.StatusBadRequest {
			t.Errorf("apply %v: %v, want 400", ids, err)
		}
	}
	// One audit record per applied finding, by the reviewer.
	al := must(e.admin.Audit(ctx, 0, 1000))(t)
	n := 0
	for _, r := range al.Records {
		if r.Action == "review.apply_duplicate" {
			n++
			if r.Subject != fmt.Sprintf("finding/%d", first) || r.Actor != "user:rev" {
				t.Errorf("audit record %s %s by %s", r.Action, r.Subject, r.Actor)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d review.apply_duplicate records, want 1", n)
	}
	if v := must(e.admin.VerifyAudit(ctx))(t); !v.OK {
		t.Errorf("audit chain: %+v", v)
	}
}

func TestDuplicatesByCluster(t *testing.T) { forEachStore(t, testDuplicatesByCluster) }

func testDuplicatesByCluster(t *testing.T, b backend) {
	e := start(t, b, casework.Options{})
	ctx := t.Context()
	all := must(e.admin.Findings(ctx, url.Values{"cluster": {"c-68dfcc8aef10"}}))(t)
	if len(all.Findings) < 2 {
		t.Fatalf("%d findings in the test cluster, want several", len(all.Findings))
	}
	// A case on one finding of the cluster: the others are its duplicates.
	one := all.Findings[0]
	k := must(e.admin.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupCluster, Key: "c-68dfcc8aef10",
		Findings: []int64{one.ID}}, ""))(t)
	pre := must(e.admin.PreviewDuplicates(ctx, k.ID))(t)
	var want, got []int64
	for _, f := range all.Findings[1:] {
		want = append(want, f.ID)
	}
	for _, d := range pre.Duplicates {
		got = append(got, d.ID)
		if d.Match[0] != "cluster:c-68dfcc8aef10" {
			t.Errorf("finding %d match %v", d.ID, d.Match)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("duplicates by cluster (-want +got):\n%s", diff)
	}
}
