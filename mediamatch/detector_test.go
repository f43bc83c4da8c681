package mediamatch_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/bank"
	"github.com/rampart-tt/rampart/designation"
	"github.com/rampart-tt/rampart/mediamatch"
	"github.com/rampart-tt/rampart/pdq"
	"github.com/rampart-tt/rampart/policy"
)

const (
	bridgeOrig = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22" // pdq/testdata bridge-mods/aaa-orig.jpg
	bridgeBlur = "f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22" // blur-a-little, 2 bits away
	pngImage   = "../pdq/testdata/images/pen-and-coaster.png"
)

// fixture is a bank store with a positive bank and a suppression bank, and a
// directory holding an input file and its media.
type fixture struct {
	store   *bank.Store
	matcher *bank.Matcher
	dir     string
	input   string
	pngPDQ  string
	pngSHA  string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := t.Context()
	dir := t.TempDir()
	s, err := bank.OpenSQLite(ctx, filepath.Join(dir, "rampart.db"), bank.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	png, err := os.ReadFile(pngImage)
	if err != nil {
		t.Fatal(err)
	}
	media := filepath.Join(dir, "export", "media")
	if err := os.MkdirAll(media, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"poster.png": png, "broken.png": png[:200], "clip.mp4": []byte("not really a video")} {
		if err := os.WriteFile(filepath.Join(media, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := pdq.HashBytes(ctx, png, pdq.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: s, dir: dir, input: filepath.Join(dir, "export", "posts.jsonl"), pngPDQ: res.Hash.String(), pngSHA: res.Digest.SHA256Hex()}
	if err := s.CreateBank(ctx, bank.NewBank("gifct")); err != nil {
		t.Fatal(err)
	}
	fp := bank.NewBank("false-positives")
	fp.Suppress, fp.Threshold = true, 8
	if err := s.CreateBank(ctx, fp); err != nil {
		t.Fatal(err)
	}
	isis := bank.Labels{Group: "isis", Kind: "claim_poster", Source: "gifct"}
	for _, e := range []struct {
		bank string
		e    bank.Entry
	}{
		{"gifct", bank.Entry{ID: "bridge", Type: bank.PDQ, Value: bridgeOrig, Labels: isis}},
		{"gifct", bank.Entry{ID: "pen", Type: bank.PDQ, Value: f.pngPDQ, Labels: bank.Labels{Group: "ttp-umar-media", Kind: "logo", Source: "internal"}}},
		{"gifct", bank.Entry{ID: "clip", Type: bank.MD5, Value: pdq.DigestOf([]byte("not really a video")).MD5Hex(), Labels: bank.Labels{Group: "ttp", Kind: "execution_video"}}},
		{"gifct", bank.Entry{ID: "claims-page", Type: bank.URL, Value: "https://www.example-outlet.org/claims/123?id=9", Labels: isis}},
		{"gifct", bank.Entry{ID: "invite", Type: bank.URL, Value: "https://t.me/+AbCdEfGh", Labels: bank.Labels{Group: "ttp", Kind: "invite"}}},
		{"gifct", bank.Entry{ID: "outlet", Type: bank.URL, Value: "domain:propaganda-host.example", Labels: isis, Opinion: bank.Investigate}},
		{"false-positives", bank.Entry{ID: "news-photo", Type: bank.PDQ, Value: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"}},
	} {
		if _, err := s.Add(ctx, e.bank, e.e); err != nil {
			t.Fatal(err)
		}
	}
	if f.matcher, err = bank.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	return f
}

func registryFuncs(t *testing.T) (func(string) []string, func(string) (rampart.Entity, bool)) {
	reg, err := designation.Default()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	juris := func(group string) []string {
		e, ok := reg.Entity(group)
		if !ok {
			return nil
		}
		return designation.Jurisdictions(e, now)
	}
	return juris, reg.Entity
}

func (f *fixture) detector(t *testing.T, errs *[]string) *mediamatch.Detector {
	juris, entity := registryFuncs(t)
	d, err := mediamatch.New(mediamatch.Config{
		Matcher: f.matcher, Jurisdictions: juris, Entity: entity, HashFiles: true,
		OnError: func(o rampart.Origin, field string, err error) { *errs = append(*errs, field+": "+err.Error()) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// brief is the part of a signal the tests compare.
type brief struct {
	Entity, Group string
	Score         float64
	Juris         []string
	Evidence      []rampart.Evidence
	Entry         string
	Distance      int
	Opinion       string
}

func briefs(ss []rampart.Signal) []brief {
	var out []brief
	for _, s := range ss {
		if s.Detector != "hash" || s.Kind != "hash_match" {
			panic("wrong detector or kind: " + s.Detector + " " + s.Kind)
		}
		out = append(out, brief{Entity: s.Entity, Group: s.Group, Score: s.Score, Juris: s.Jurisdictions, Evidence: s.Evidence,
			Entry: s.Attrs["entry"].(string), Distance: s.Attrs["distance"].(int), Opinion: s.Attrs["opinion"].(string)})
	}
	return out
}

func TestDetect(t *testing.T) {
	f := newFixture(t)
	juris, _ := registryFuncs(t)
	isisJ, ttpJ := juris("isis"), juris("ttp")
	if len(isisJ) == 0 || len(ttpJ) == 0 {
		t.Fatalf("registry lists no jurisdictions for isis (%v) or ttp (%v)", isisJ, ttpJ)
	}
	origin := rampart.Origin{File: f.input, Line: 1}
	tests := []struct {
		name    string
		item    rampart.Item
		want    []brief
		errored int
	}{
		{
			name: "pdq in the export",
			item: rampart.Item{Origin: origin, Post: &rampart.Post{ID: "1", Media: []rampart.Media{{Type: "photo", PDQ: bridgeBlur}}}},
			want: []brief{{Entity: "isis", Group: "isis", Score: 1 - 2.0/256, Juris: isisJ, Entry: "bridge", Distance: 2, Opinion: "positive",
				Evidence: []rampart.Evidence{{Field: "media[0]", Text: bridgeBlur}}}},
		},
		{
			name: "local png hashed, media wing resolved to its group; video md5; broken file counted",
			item: rampart.Item{Origin: origin, Post: &rampart.Post{ID: "2", Media: []rampart.Media{
				{Type: "photo", Path: "media/broken.png"}, {Type: "photo", Path: "media/poster.png"}, {Type: "video", Path: "media/clip.mp4"},
				{Type: "photo", Path: "media/missing.jpg"}, {Type: "photo", Path: "../../etc/passwd"}}}},
			want: []brief{
				{Entity: "ttp-umar-media", Group: "ttp", Score: 1, Juris: ttpJ, Entry: "pen", Distance: 0, Opinion: "positive",
					Evidence: []rampart.Evidence{{Field: "media[1]", Text: f.pngPDQ}}},
				{Entity: "ttp", Group: "ttp", Score: 1, Juris: ttpJ, Entry: "clip", Opinion: "positive",
					Evidence: []rampart.Evidence{{Field: "media[2]", Text: pdq.DigestOf([]byte("not really a video")).MD5Hex()}}},
			},
			errored: 3,
		},
		{
			name: "urls: tracking parameters, telegram invite in text, outlet domain",
			item: rampart.Item{Origin: origin, Post: &rampart.Post{ID: "3",
				URLs: []string{"https://www.example-outlet.org/claims/123?utm_source=tw&id=9&fbclid=x"},
				Text: "join us telegram.me/joinchat/AbCdEfGh. more at https://cdn.propaganda-host.example/a)"}},
			want: []brief{
				{Entity: "isis", Group: "isis", Score: 1, Juris: isisJ, Entry: "claims-page", Opinion: "positive",
					Evidence: []rampart.Evidence{{Field: "urls[0]", Text: "https://www.example-outlet.org/claims/123?utm_source=tw&id=9&fbclid=x"}}},
				{Entity: "ttp", Group: "ttp", Score: 1, Juris: ttpJ, Entry: "invite", Opinion: "positive",
					Evidence: []rampart.Evidence{{Field: "text", Start: 8, End: 37, Text: "telegram.me/joinchat/AbCdEfGh"}}},
				{Entity: "isis", Group: "isis", Score: 1, Juris: isisJ, Entry: "outlet", Opinion: "investigate",
					Evidence: []rampart.Evidence{{Field: "text", Start: 47, End: 84, Text: "https://cdn.propaganda-host.example/a"}}},
			},
		},
		{
			name: "avatar of an account, hashed from its file",
			item: rampart.Item{Origin: origin, Account: &rampart.Account{ID: "u1", Avatar: &rampart.Avatar{Path: "media/poster.png"}}},
			want: []brief{{Entity: "ttp-umar-media", Group: "ttp", Score: 1, Juris: ttpJ, Entry: "pen", Opinion: "positive",
				Evidence: []rampart.Evidence{{Field: "avatar", Text: f.pngPDQ}}}},
		},
		{
			name: "same entry through two fields is one signal",
			item: rampart.Item{Origin: origin, Post: &rampart.Post{ID: "4", Media: []rampart.Media{{PDQ: bridgeBlur}, {PDQ: bridgeOrig}}}},
			want: []brief{{Entity: "isis", Group: "isis", Score: 1, Juris: isisJ, Entry: "bridge", Distance: 0, Opinion: "positive",
				Evidence: []rampart.Evidence{{Field: "media[0]", Text: bridgeBlur}, {Field: "media[1]", Text: bridgeOrig}}}},
		},
		{
			name: "nothing known",
			item: rampart.Item{Origin: origin, Post: &rampart.Post{ID: "5", Text: "https://news.example/report", Media: []rampart.Media{{PDQ: "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var errs []string
			d := f.detector(t, &errs)
			ss, err := d.Detect(t.Context(), tc.item)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, briefs(ss)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			if len(errs) != tc.errored || int(d.Errors()) != tc.errored {
				t.Errorf("errors %d (counter %d), want %d: %v", len(errs), d.Errors(), tc.errored, errs)
			}
		})
	}
}

func TestFilesNotHashedUnlessAsked(t *testing.T) {
	f := newFixture(t)
	d, err := mediamatch.New(mediamatch.Config{Matcher: f.matcher})
	if err != nil {
		t.Fatal(err)
	}
	ss, err := d.Detect(t.Context(), rampart.Item{Origin: rampart.Origin{File: f.input}, Post: &rampart.Post{Media: []rampart.Media{{Path: "media/poster.png"}}}})
	if err != nil || len(ss) != 0 || d.FilesHashed() != 0 {
		t.Errorf("got %v, %v, %d files hashed; want nothing", ss, err, d.FilesHashed())
	}
	if _, err := mediamatch.New(mediamatch.Config{}); err == nil {
		t.Error("New accepted a config with no matcher")
	}
}

func TestPolicyContract(t *testing.T) {
	f := newFixture(t)
	pol, err := policy.Default()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := designation.Default()
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	d := f.detector(t, &errs)
	decide := func(t *testing.T, it rampart.Item) rampart.Decision {
		ss, err := d.Detect(t.Context(), it)
		if err != nil {
			t.Fatal(err)
		}
		dec, err := pol.Evaluate(context.Background(), policy.Input{Subject: it.Subject(), Item: &it, Signals: ss, Entities: reg.Entity})
		if err != nil {
			t.Fatal(err)
		}
		return dec
	}
	post := func(hash string) rampart.Item {
		return rampart.Item{Post: &rampart.Post{Platform: "x", ID: "p", Media: []rampart.Media{{PDQ: hash}}}}
	}
	t.Run("positive near-exact match is reviewed", func(t *testing.T) {
		dec := decide(t, post(bridgeBlur))
		if dec.Action != rampart.ActionReview || dec.Rule != "known-content-hash-match" {
			t.Errorf("decision %+v, want review by known-content-hash-match", dec)
		}
		if !slices.ContainsFunc(dec.Shadow, func(h rampart.RuleHit) bool { return h.Rule == "known-content-near-exact-remove" }) {
			t.Errorf("shadow rules %+v lack known-content-near-exact-remove at distance 2", dec.Shadow)
		}
	})
	t.Run("investigate opinion is not acted on", func(t *testing.T) {
		it := rampart.Item{Post: &rampart.Post{Platform: "x", ID: "p", URLs: []string{"https://propaganda-host.example/x"}}}
		if dec := decide(t, it); dec.Action != rampart.ActionNone {
			t.Errorf("decision %+v, want none", dec)
		}
	})
	t.Run("suppressed match is not acted on", func(t *testing.T) {
		ctx := t.Context()
		if _, err := f.store.Add(ctx, "false-positives", bank.Entry{ID: "bridge-news", Type: bank.PDQ, Value: bridgeOrig}); err != nil {
			t.Fatal(err)
		}
		m, err := bank.Load(ctx, f.store)
		if err != nil {
			t.Fatal(err)
		}
		f.matcher = m
		d = f.detector(t, &errs)
		ss, err := d.Detect(ctx, post(bridgeBlur))
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != 1 || ss[0].Attrs["suppressed_by"] != "false-positives/bridge-news" || ss[0].Attrs["opinion"] != "negative" || ss[0].Attrs["entry_opinion"] != "positive" {
			t.Fatalf("signals %+v, want one suppressed match", ss)
		}
		if dec := decide(t, post(bridgeBlur)); dec.Action != rampart.ActionNone {
			t.Errorf("decision %+v, want none", dec)
		}
	})
}
