package storetest

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
)

// fullFinding uses every field of a finding, with attrs already in the shape
// JSON decodes to, so that it must come back exactly.
func fullFinding() rampart.Finding {
	return rampart.Finding{
		Platform: rampart.PlatformTelegram, Kind: rampart.KindPost, ID: "-1001234567890:5123", AccountID: "-1001234567890",
		Action: rampart.Withhold("PK"), Score: 0.9137254901960784, Rule: "ttp-media-wing", Reason: "TERROR_PROPAGANDA",
		Basis: "PECA 2016 s.37; NACTA First Schedule",
		Versions: rampart.Versions{Policy: "sha256:9c1d", Registry: "2026-02-27+nacta", Models: map[string]string{
			"classifier": "roman-ur-v3", "pdq": "1.0"}},
		Signals: []rampart.Signal{
			{
				Detector: rampart.DetectorDesignation, Kind: rampart.SignalMention,
				Entity: "ttp_umar_media", Group: "ttp", Score: 1,
				Evidence: []rampart.Evidence{
					{Field: "text", Start: 12, End: 22, Text: "عمر میڈیا"},
					{Field: "media[0].caption", Start: 0, End: 3, Text: "TTP"},
				},
				Jurisdictions: []string{"PK", "US", "GB"},
				Attrs:         map[string]any{"alias": "Umar Media", "method": "skeleton"},
			},
			{
				Detector: rampart.DetectorClassifier, Kind: rampart.SignalClassifier, Score: 0.8125,
				Attrs: map[string]any{
					"probs":    map[string]any{"propaganda": 0.8125, "news": 0.1, "counter_speech": 0.0875},
					"top":      []any{"propaganda", "news"},
					"tiny":     5e-324,
					"big":      1.7976931348623157e308,
					"negative": -0.0625,
					"null":     nil,
					"flag":     true,
					"nested":   map[string]any{"a": map[string]any{"b": []any{1.0, "two", false, nil}}},
				},
			},
			{
				Detector: rampart.DetectorHash, Kind: rampart.SignalHashMatch, Entity: "ttp_umar_media", Group: "ttp", Score: 0.97,
				Evidence: []rampart.Evidence{{Field: "media[0]", Text: "pdq:f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"}},
				Attrs:    map[string]any{"distance": 7.0, "bank": "gifct-like"},
			},
		},
		Shadow:    []rampart.RuleHit{{Rule: "ttp-suspend-strict", Action: rampart.ActionSuspend, Reason: "REPEAT", Basis: "ToS 4.2"}},
		Origin:    &rampart.Origin{File: "export/result.json", Line: 0, Path: "$.messages[12]", Format: "telegram_desktop"},
		CreatedAt: time.Date(2026, 2, 27, 23, 59, 59, 999999999, time.FixedZone("PKT", 5*3600)),
	}
}

func testFindingsRoundTrip(t *testing.T, s Store) {
	want := []rampart.Finding{fullFinding(), finding("1440716895355764743", base, rampart.ActionReview, "jua", "ttp")}
	// A finding with no signals and no origin round-trips too.
	bare := finding("1440716895355764744", base.Add(time.Nanosecond), rampart.ActionNone, "", "")
	bare.Signals = nil
	want = append(want, bare)
	if got := putFindings(t, s, want); got != len(want) {
		t.Fatalf("added %d, want %d", got, len(want))
	}
	got := allFindings(t, s, rampart.FindingFilter{})
	// Stored oldest first: the full finding (2026) comes last.
	want = []rampart.Finding{want[1], want[2], want[0]}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("Findings (-put +got):\n%s", diff)
	}
}

func testFindingAttrsNumbers(t *testing.T, s Store) {
	f := finding("1", base, rampart.ActionReview, "let", "let")
	f.Signals[0].Attrs = map[string]any{
		"int": 3, "int64": int64(1) << 40, "float32": float32(0.5), "strings": []string{"a", "b"},
		"typed_map": map[string]int{"x": 1},
	}
	putFindings(t, s, []rampart.Finding{f})
	got := allFindings(t, s, rampart.FindingFilter{})
	if len(got) != 1 || len(got[0].Signals) != 1 {
		t.Fatalf("got %d findings, want 1 with 1 signal: %+v", len(got), got)
	}
	want := map[string]any{
		"int": 3.0, "int64": float64(int64(1) << 40), "float32": 0.5, "strings": []any{"a", "b"},
		"typed_map": map[string]any{"x": 1.0},
	}
	if diff := cmp.Diff(want, got[0].Signals[0].Attrs); diff != "" {
		t.Errorf("attrs must come back as encoding/json decodes them (-want +got):\n%s", diff)
	}
}

func testFindingsIdempotentPerVersions(t *testing.T, s Store) {
	batch := []rampart.Finding{
		fullFinding(),
		finding("100", base, rampart.ActionReview, "jua", "ttp"),
		finding("101", base, rampart.ActionRefer, "iskp", "iskp"),
	}
	if got := putFindings(t, s, batch); got != 3 {
		t.Fatalf("first put added %d, want 3", got)
	}
	if got := putFindings(t, s, batch); got != 0 {
		t.Errorf("same findings under the same versions added %d, want 0", got)
	}
	// The same subject and versions with another outcome is still the
	// same finding: the first one made stays.
	changed := finding("100", base.Add(time.Hour), rampart.ActionRemove, "bla", "bla")
	changed.Score = 0.1
	if got := putFindings(t, s, []rampart.Finding{changed}); got != 0 {
		t.Errorf("changed finding under the same versions added %d, want 0", got)
	}
	// Equal versions are equal as values: nil and empty Models, and maps
	// built in another order, give the same finding.
	same := batch[1]
	same.Versions = rampart.Versions{Policy: v1.Policy, Registry: v1.Registry, Models: map[string]string{}}
	for k, v := range v1.Models {
		same.Versions.Models[k] = v
	}
	if got := putFindings(t, s, []rampart.Finding{same}); got != 0 {
		t.Errorf("same versions rebuilt added %d, want 0", got)
	}
	noModels := finding("102", base, rampart.ActionReview, "jua", "ttp")
	noModels.Versions.Models = nil
	emptyModels := noModels
	emptyModels.Versions.Models = map[string]string{}
	if got := putFindings(t, s, []rampart.Finding{noModels, emptyModels}); got != 1 {
		t.Errorf("nil and empty models added %d, want 1", got)
	}
	// New versions make new findings; the old ones stay as they were.
	var renewed []rampart.Finding
	for _, f := range batch {
		f.Versions.Policy = "policy-2025-04-01"
		f.Action = rampart.ActionSuspend
		renewed = append(renewed, f)
	}
	newModel := batch[1]
	newModel.Versions.Models = map[string]string{"classifier": "ur-roman-v4"}
	renewed = append(renewed, newModel)
	if got := putFindings(t, s, renewed); got != 4 {
		t.Errorf("findings under new versions added %d, want 4", got)
	}
	if got := countFindings(t, s); got != 8 {
		t.Errorf("CountFindings = %d, want 8", got)
	}
	got := allFindings(t, s, rampart.FindingFilter{})
	want := []rampart.Finding{batch[1], batch[2], noModels, renewed[1], renewed[2], newModel, batch[0], renewed[0]}
	if diff := cmp.Diff(want, got, cmpOpts...); diff != "" {
		t.Errorf("Findings (-want +got):\n%s", diff)
	}
}

func testFindingsRefused(t *testing.T, s Store) {
	good := finding("1", base, rampart.ActionReview, "ttp", "ttp")
	mod := func(f func(*rampart.Finding)) rampart.Finding {
		x := finding("2", base, rampart.ActionReview, "ttp", "ttp")
		f(&x)
		return x
	}
	tests := []struct {
		name  string
		bad   rampart.Finding
		where string
	}{
		{"no id", mod(func(f *rampart.Finding) { f.ID = "" }), "findings[1]"},
		{"no platform", mod(func(f *rampart.Finding) { f.Platform = "" }), "findings[1]"},
		{"no kind", mod(func(f *rampart.Finding) { f.Kind = "" }), "findings[1]"},
		{"unknown action", mod(func(f *rampart.Finding) { f.Action = "delete" }), "findings[1].action"},
		{"withhold without country", mod(func(f *rampart.Finding) { f.Action = "withhold:" }), "findings[1].action"},
		{"NaN score", mod(func(f *rampart.Finding) { f.Score = math.NaN() }), "findings[1].score"},
		{"infinite signal score", mod(func(f *rampart.Finding) { f.Signals[0].Score = math.Inf(1) }), "findings[1].signals[0].score"},
		{"NaN in attrs", mod(func(f *rampart.Finding) { f.Signals[0].Attrs = map[string]any{"p": []any{0.5, math.NaN()}} }), "findings[1].signals[0].attrs.p[1]"},
		{"invalid utf-8 evidence", mod(func(f *rampart.Finding) { f.Signals[0].Evidence[0].Text = "T\xffP" }), "findings[1].signals[0].evidence[0].text"},
		{"invalid utf-8 id", mod(func(f *rampart.Finding) { f.ID = "\x80" }), "findings[1].id"},
		{"year before 0", mod(func(f *rampart.Finding) { f.CreatedAt = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC) }), "findings[1].created_at"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := s.PutFindings(t.Context(), []rampart.Finding{good, tc.bad})
			wantCode(t, err, rampart.EINVALID)
			if !strings.Contains(err.Error(), tc.where) {
				t.Errorf("error %q does not name %s", err, tc.where)
			}
			if n != 0 {
				t.Errorf("added %d, want 0", n)
			}
			if got := countFindings(t, s); got != 0 {
				t.Errorf("CountFindings = %d after a refused batch, want 0", got)
			}
		})
	}
}
