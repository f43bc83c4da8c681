package storetest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
)

func testFindingsOrder(t *testing.T, s Store) {
	whole := time.Date(2025, 3, 15, 0, 0, 5, 0, time.UTC)
	// Stored out of time order, across batches, with ties.
	putFindings(t, s, []rampart.Finding{
		finding("c", base.Add(2*time.Second), rampart.ActionReview, "ttp", "ttp"),
		finding("a", base, rampart.ActionReview, "ttp", "ttp"),
		finding("tie-1", base.Add(time.Second), rampart.ActionReview, "ttp", "ttp"),
	})
	putFindings(t, s, []rampart.Finding{
		finding("tie-2", base.Add(time.Second), rampart.ActionReview, "ttp", "ttp"),
		finding("a-1ns", base.Add(time.Nanosecond), rampart.ActionReview, "ttp", "ttp"),
		finding("zero-time", time.Time{}, rampart.ActionReview, "ttp", "ttp"),
		finding("tie-3", base.Add(time.Second).In(time.FixedZone("PKT", 5*3600)), rampart.ActionReview, "ttp", "ttp"),
		// Whole and half seconds: a store comparing RFC 3339 text with a
		// trimmed fraction would put ":05.5Z" before ":05Z".
		finding("whole+0.5s", whole.Add(500*time.Millisecond), rampart.ActionReview, "ttp", "ttp"),
		finding("whole", whole, rampart.ActionReview, "ttp", "ttp"),
		finding("whole+1µs", whole.Add(time.Microsecond), rampart.ActionReview, "ttp", "ttp"),
	})
	got := ids(allFindings(t, s, rampart.FindingFilter{}))
	want := []string{"zero-time", "a", "a-1ns", "tie-1", "tie-2", "tie-3", "c", "whole", "whole+1µs", "whole+0.5s"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// filterFixture is a small set of findings spread over actions, platforms,
// entities and times; ids say what each one is.
func filterFixture() []rampart.Finding {
	fb := func(f rampart.Finding) rampart.Finding { f.Platform = rampart.PlatformFacebook; return f }
	twoSignals := finding("x-refer-iskp+let", base.Add(5*time.Minute), rampart.ActionRefer, "iskp_amaq", "iskp")
	twoSignals.Signals = append(twoSignals.Signals, rampart.Signal{
		Detector: rampart.DetectorHash, Kind: rampart.SignalHashMatch, Entity: "let_media", Group: "let", Score: 1})
	noSignal := finding("x-none-nosignal", base.Add(6*time.Minute), rampart.ActionNone, "", "")
	noSignal.Signals = nil
	return []rampart.Finding{
		finding("x-review-ttp", base, rampart.ActionReview, "ttp", "ttp"),
		finding("x-withhold:PK-jua", base.Add(time.Minute), rampart.Withhold("PK"), "jua", "ttp"),
		fb(finding("fb-withhold:IN-let", base.Add(2*time.Minute), rampart.Withhold("IN"), "let", "let")),
		fb(finding("fb-remove-ttp", base.Add(3*time.Minute), rampart.ActionRemove, "ttp_umar_media", "ttp")),
		finding("x-suspend-bla", base.Add(4*time.Minute), rampart.ActionSuspend, "bla", "bla"),
		twoSignals,
		noSignal,
	}
}

func testFindingsFilter(t *testing.T, s Store) {
	putFindings(t, s, filterFixture())
	all := []string{"x-review-ttp", "x-withhold:PK-jua", "fb-withhold:IN-let", "fb-remove-ttp", "x-suspend-bla",
		"x-refer-iskp+let", "x-none-nosignal"}
	tests := []struct {
		name string
		flt  rampart.FindingFilter
		want []string
	}{
		{"zero filter", rampart.FindingFilter{}, all},
		{"one action", rampart.FindingFilter{Actions: []rampart.Action{rampart.ActionRemove}}, []string{"fb-remove-ttp"}},
		{"any of actions", rampart.FindingFilter{Actions: []rampart.Action{rampart.ActionSuspend, rampart.ActionReview}},
			[]string{"x-review-ttp", "x-suspend-bla"}},
		{"withhold matches every country", rampart.FindingFilter{Actions: []rampart.Action{"withhold"}},
			[]string{"x-withhold:PK-jua", "fb-withhold:IN-let"}},
		{"one withhold country", rampart.FindingFilter{Actions: []rampart.Action{rampart.Withhold("IN")}}, []string{"fb-withhold:IN-let"}},
		{"withhold country with no findings", rampart.FindingFilter{Actions: []rampart.Action{rampart.Withhold("AF")}}, nil},
		{"platform", rampart.FindingFilter{Platform: rampart.PlatformFacebook}, []string{"fb-withhold:IN-let", "fb-remove-ttp"}},
		{"unknown platform", rampart.FindingFilter{Platform: "myspace"}, nil},
		{"entity matches group", rampart.FindingFilter{Entity: "ttp"},
			[]string{"x-review-ttp", "x-withhold:PK-jua", "fb-remove-ttp"}},
		{"entity matches entity", rampart.FindingFilter{Entity: "ttp_umar_media"}, []string{"fb-remove-ttp"}},
		{"entity in a later signal", rampart.FindingFilter{Entity: "let"}, []string{"fb-withhold:IN-let", "x-refer-iskp+let"}},
		{"entity is exact", rampart.FindingFilter{Entity: "tt"}, nil},
		{"since is inclusive", rampart.FindingFilter{Since: base.Add(4 * time.Minute)},
			[]string{"x-suspend-bla", "x-refer-iskp+let", "x-none-nosignal"}},
		{"since to the nanosecond", rampart.FindingFilter{Since: base.Add(4*time.Minute + time.Nanosecond)},
			[]string{"x-refer-iskp+let", "x-none-nosignal"}},
		{"since a whole second", rampart.FindingFilter{Since: base.Add(6 * time.Minute).Truncate(time.Second)},
			[]string{"x-none-nosignal"}},
		{"since in another zone", rampart.FindingFilter{Since: base.Add(6 * time.Minute).In(time.FixedZone("PKT", 5*3600))},
			[]string{"x-none-nosignal"}},
		{"limit", rampart.FindingFilter{Limit: 2}, []string{"x-review-ttp", "x-withhold:PK-jua"}},
		{"limit above count", rampart.FindingFilter{Limit: 100}, all},
		{"entity and platform", rampart.FindingFilter{Entity: "ttp", Platform: rampart.PlatformX},
			[]string{"x-review-ttp", "x-withhold:PK-jua"}},
		{"withhold and entity", rampart.FindingFilter{Actions: []rampart.Action{"withhold", rampart.ActionRemove}, Entity: "let"},
			[]string{"fb-withhold:IN-let"}},
		{"all filters", rampart.FindingFilter{Actions: []rampart.Action{"withhold", rampart.ActionRemove}, Platform: rampart.PlatformFacebook,
			Entity: "ttp", Since: base.Add(time.Minute), Limit: 1}, []string{"fb-remove-ttp"}},
		{"combined, nothing matches", rampart.FindingFilter{Actions: []rampart.Action{rampart.ActionSuspend}, Platform: rampart.PlatformFacebook}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := allFindings(t, s, tc.flt)
			if diff := cmp.Diff(tc.want, ids(got), cmpOpts...); diff != "" {
				t.Errorf("Findings(%+v) (-want +got):\n%s", tc.flt, diff)
			}
		})
	}
	// Filtering must not drop the other signals of a matching finding.
	got := allFindings(t, s, rampart.FindingFilter{Entity: "let", Actions: []rampart.Action{rampart.ActionRefer}})
	want := filterFixture()[5:6]
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("filtered finding lost signals (-want +got):\n%s", diff)
	}
}

func testFindingsFilterRefused(t *testing.T, s Store) {
	putFindings(t, s, filterFixture())
	for _, flt := range []rampart.FindingFilter{
		{Limit: -1},
		{Actions: []rampart.Action{"delete"}},
		{Actions: []rampart.Action{rampart.ActionReview, "withhold:pk"}},
	} {
		got, err := collect(s.Findings(t.Context(), flt))
		wantCode(t, err, rampart.EINVALID)
		if len(got) != 0 {
			t.Errorf("Findings(%+v) served %d findings before refusing", flt, len(got))
		}
	}
}

func testFindingsEarlyBreak(t *testing.T, s Store) {
	var fs []rampart.Finding
	for i := range 300 {
		fs = append(fs, finding("p"+strconv.Itoa(i), base.Add(time.Duration(i)*time.Second), rampart.ActionReview, "ttp", "ttp"))
	}
	putFindings(t, s, fs)
	// Abandon many streams part-way; a store that leaks a connection or a
	// read transaction per stream would stall or fail the writes below.
	for i := range 50 {
		n := 0
		for f, err := range s.Findings(t.Context(), rampart.FindingFilter{}) {
			if err != nil {
				t.Fatal(err)
			}
			if f.ID != "p"+strconv.Itoa(n) {
				t.Fatalf("stream %d: finding %d is %s, want p%d", i, n, f.ID, n)
			}
			if n++; n > i%3 {
				break
			}
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := s.PutItems(ctx, sampleItems(t)); err != nil {
		t.Fatalf("PutItems after abandoned streams: %v", err)
	}
	if n, err := s.PutFindings(ctx, []rampart.Finding{finding("after", base, rampart.ActionRefer, "bla", "bla")}); err != nil || n != 1 {
		t.Fatalf("PutFindings after abandoned streams = %d, %v; want 1, nil", n, err)
	}
	if got := countFindings(t, s); got != 301 {
		t.Errorf("CountFindings = %d, want 301", got)
	}
}
