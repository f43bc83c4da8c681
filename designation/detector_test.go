package designation_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
)

func TestDetector(t *testing.T) {
	reg, m := newTestMatcher(t)
	now := func() time.Time { return mdate(2026, 3, 1) }
	text := "TTP claimed it. کالعدم تحریک طالبان پاکستان #UmarMedia"
	post := rampart.Item{Post: &rampart.Post{Platform: "x", ID: "1", Text: text,
		Hashtags: []string{"UmarMedia", "#Daesh"}}}
	acct := rampart.Item{Account: &rampart.Account{Platform: "x", ID: "2",
		Handle: "umar_media_official", Name: "Jaysh Muhammad", Bio: "Fitna al-Hindustan watch"}}
	tests := []struct {
		name  string
		juris map[string][]string
		item  rampart.Item
		want  []rampart.Signal
	}{
		{"post, jurisdictions from designations", nil, post, []rampart.Signal{
			{Detector: "designation", Kind: "mention", Entity: "ttp", Group: "ttp", Score: 1,
				Evidence: []rampart.Evidence{
					{Field: "text", Start: 0, End: 3, Text: "TTP"},
					{Field: "text", Start: 16, End: 67, Text: "کالعدم تحریک طالبان پاکستان"},
					{Field: "text", Start: 69, End: 78, Text: "UmarMedia"},
				},
				Jurisdictions: []string{"GB", "PK", "UN", "US"},
				Attrs:         map[string]any{"alias": "TTP", "method": "exact"}},
			{Detector: "designation", Kind: "mention", Entity: "isis", Group: "isis", Score: 1,
				Evidence:      []rampart.Evidence{{Field: "hashtags[1]", Start: 1, End: 6, Text: "Daesh"}},
				Jurisdictions: []string{"UN"}, // the GB listing was delisted in 2020
				Attrs:         map[string]any{"alias": "Daesh", "method": "exact"}},
		}},
		{"account, deployment jurisdictions", map[string][]string{"PK": {"nacta", "un"}, "GB": {"uk"}, "FR": {"eu"}}, acct, []rampart.Signal{
			{Detector: "designation", Kind: "mention", Entity: "ttp", Group: "ttp", Score: 1,
				Evidence:      []rampart.Evidence{{Field: "handle", Start: 0, End: 10, Text: "umar_media"}},
				Jurisdictions: []string{"GB", "PK"},
				Attrs:         map[string]any{"alias": "Umar Media", "method": "exact"}},
			{Detector: "designation", Kind: "mention", Entity: "jem", Group: "jem", Score: 0.85,
				Evidence: []rampart.Evidence{{Field: "name", Start: 0, End: 14, Text: "Jaysh Muhammad"}},
				Attrs:    map[string]any{"alias": "Jaish-e-Muhammad", "method": "phonetic"}},
			{Detector: "designation", Kind: "mention", Entity: "bla", Group: "bla", Score: 1,
				Evidence: []rampart.Evidence{{Field: "bio", Start: 0, End: 18, Text: "Fitna al-Hindustan"}},
				Attrs:    map[string]any{"alias": "Fitna al-Hindustan", "method": "exact"}},
			{Detector: "designation", Kind: "mention", Entity: "blf", Group: "blf", Score: 1,
				Evidence: []rampart.Evidence{{Field: "bio", Start: 0, End: 18, Text: "Fitna al-Hindustan"}},
				Attrs:    map[string]any{"alias": "Fitna al-Hindustan", "method": "exact"}},
		}},
		{"nothing found", nil, rampart.Item{Post: &rampart.Post{Text: "let's jam, bla bla"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := designation.NewDetector(reg, m, tc.juris)
			d.Now = now
			if d.Name() != rampart.DetectorDesignation {
				t.Fatalf("Name() = %q", d.Name())
			}
			got, err := d.Detect(t.Context(), tc.item)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Detect (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDetectorCancelled(t *testing.T) {
	reg, m := newTestMatcher(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := designation.NewDetector(reg, m, nil).Detect(ctx, rampart.Item{Post: &rampart.Post{Text: "TTP"}}); err == nil {
		t.Fatal("Detect on a cancelled context returned no error")
	}
}

var _ rampart.Detector = (*designation.Detector)(nil)

// TestDetectorJurisdictionsOverTime runs one detector (and so one cache of
// jurisdictions) through listing and delisting dates, forwards and back.
func TestDetectorJurisdictionsOverTime(t *testing.T) {
	reg, m := newTestMatcher(t)
	d := designation.NewDetector(reg, m, nil)
	item := rampart.Item{Post: &rampart.Post{Text: "TTP and Daesh"}}
	for _, tc := range []struct {
		at        time.Time
		ttp, isis []string
	}{
		{mdate(2009, 1, 1), []string{"PK"}, []string{"GB", "UN"}},
		{mdate(2011, 3, 1), []string{"GB", "PK", "US"}, []string{"GB", "UN"}},
		{mdate(2019, 12, 31), []string{"GB", "PK", "UN", "US"}, []string{"GB", "UN"}},
		{mdate(2020, 1, 1), []string{"GB", "PK", "UN", "US"}, []string{"UN"}}, // delisted that day
		{mdate(2026, 3, 1), []string{"GB", "PK", "UN", "US"}, []string{"UN"}},
		{mdate(2010, 9, 1), []string{"PK", "US"}, []string{"GB", "UN"}}, // back in time, listed that day
		{mdate(2010, 8, 31), []string{"PK"}, []string{"GB", "UN"}},
	} {
		d.Now = func() time.Time { return tc.at }
		sigs, err := d.Detect(t.Context(), item)
		if err != nil {
			t.Fatal(err)
		}
		// Each signal owns its slice: overwriting this call's must not
		// reach the next call's answer, which is the one compared.
		for _, s := range sigs {
			for i := range s.Jurisdictions {
				s.Jurisdictions[i] = "XX"
			}
		}
		sigs, err = d.Detect(t.Context(), item)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{"ttp": tc.ttp, "isis": tc.isis}
		got := map[string][]string{}
		for _, s := range sigs {
			got[s.Entity] = s.Jurisdictions
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("at %s (-want +got):\n%s", tc.at.Format(time.DateOnly), diff)
		}
	}
}
