package coord_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/coord"
)

var update = flag.Bool("update", false, "rewrite golden files")

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func post(id, acct string, sec int, f func(p *rampart.Post)) rampart.Item {
	p := &rampart.Post{Platform: "x", ID: id, AccountID: acct, CreatedAt: t0.Add(time.Duration(sec) * time.Second)}
	if f != nil {
		f(p)
	}
	return rampart.Item{Post: p}
}

const campaign = "The brave fighters of the front have taken the northern checkpoint, share this everywhere now"

// TestBuildLayers checks each layer links the accounts it should, and only
// within the window.
func TestBuildLayers(t *testing.T) {
	tests := []struct {
		name  string
		items []rampart.Item
		want  map[string]coord.LayerCount // layer of the a–b edge; nil: no edge
	}{
		{"repost", []rampart.Item{
			post("1", "a", 0, func(p *rampart.Post) { p.RepostOf = "99" }),
			post("2", "b", 60, func(p *rampart.Post) { p.RepostOf = "99" }), // boundary: inclusive
		}, map[string]coord.LayerCount{"repost": {Objects: 1, Messages: 1}}},
		{"repost outside window", []rampart.Item{
			post("1", "a", 0, func(p *rampart.Post) { p.RepostOf = "99" }),
			post("2", "b", 61, func(p *rampart.Post) { p.RepostOf = "99" }),
		}, nil},
		{"url canonicalised", []rampart.Item{
			post("1", "a", 0, func(p *rampart.Post) { p.URLs = []string{"https://twitter.com/u/status/1?s=20"} }),
			post("2", "b", 5, func(p *rampart.Post) { p.Text = "look http://x.com/u/status/1/ !" }),
		}, map[string]coord.LayerCount{"url": {Objects: 1, Messages: 1}}},
		{"hashtag sequence", []rampart.Item{
			post("1", "a", 0, func(p *rampart.Post) { p.Hashtags = []string{"Free", "Now"} }),
			post("2", "b", 5, func(p *rampart.Post) { p.Hashtags = []string{"free", "NOW"} }),
			post("3", "c", 5, func(p *rampart.Post) { p.Hashtags = []string{"now", "free"} }), // order matters
		}, map[string]coord.LayerCount{"hashtags": {Objects: 1, Messages: 1}}},
		{"single hashtag ignored", []rampart.Item{
			post("1", "a", 0, func(p *rampart.Post) { p.Hashtags = []string{"news"} }),
			post("2", "b", 5, func(p *rampart.Post) { p.Hashtags = []string{"news"} }),
		}, nil},
		{"media", []rampart.Item{
			post("1", "a", 0, func(p *rampart.Post) { p.Media = []rampart.Media{{SHA256: "AB12"}} }),
			post("2", "b", 5, func(p *rampart.Post) { p.Media = []rampart.Media{{SHA256: "ab12"}} }),
		}, map[string]coord.LayerCount{"media": {Objects: 1, Messages: 1}}},
		{"near-identical text", []rampart.Item{
			post("1", "a", 0, func(p *rampart.Post) { p.Text = campaign }),
			post("2", "b", 9, func(p *rampart.Post) { p.Text = strings.ToUpper(campaign) + "!!" }),
		}, map[string]coord.LayerCount{"text": {Objects: 1, Messages: 1}}},
		{"different text", []rampart.Item{
			post("1", "a", 0, func(p *rampart.Post) { p.Text = campaign }),
			post("2", "b", 9, func(p *rampart.Post) {
				p.Text = "Weather report: sunny spells in the afternoon with light winds from the west"
			}),
		}, nil},
		{"same account is no edge", []rampart.Item{
			post("1", "a", 0, func(p *rampart.Post) { p.RepostOf = "9" }),
			post("2", "a", 1, func(p *rampart.Post) { p.RepostOf = "9" }),
		}, nil},
		{"repeat counts messages once per object", []rampart.Item{
			post("1", "a", 0, func(p *rampart.Post) { p.RepostOf = "9" }),
			post("2", "b", 1, func(p *rampart.Post) { p.RepostOf = "9" }),
			post("3", "b", 2, func(p *rampart.Post) { p.RepostOf = "9" }),
		}, map[string]coord.LayerCount{"repost": {Objects: 1, Messages: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := coord.Build(t.Context(), coord.Items(tt.items), coord.Config{MinEdgeWeight: 1})
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]coord.LayerCount
			for _, e := range g.Edges() {
				if e.A.ID == "a" && e.B.ID == "b" || e.A.ID == "b" && e.B.ID == "a" {
					got = e.Layers
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("a–b layers (-want +got):\n%s", d)
			}
		})
	}
}

// TestProperties checks, on synthetic data, that edges have no self-loops,
// appear once per pair, respect the window and the minimum weight, and that
// clusters are deterministic for a seed.
func TestProperties(t *testing.T) {
	var items []rampart.Item
	for it := range synthetic(20_000, 3) {
		items = append(items, it)
	}
	cfg := coord.Config{TimeWindow: 30 * time.Second, MinEdgeWeight: 2}
	g, err := coord.Build(t.Context(), coord.Items(items), cfg)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[2]coord.AccountRef]bool{}
	for _, e := range g.Edges() {
		if e.A == e.B {
			t.Fatalf("self-edge %v", e.A)
		}
		k, rk := [2]coord.AccountRef{e.A, e.B}, [2]coord.AccountRef{e.B, e.A}
		if seen[k] || seen[rk] {
			t.Fatalf("pair %v twice", k)
		}
		seen[k] = true
		if e.Weight < 2 || e.Weight != e.Objects {
			t.Errorf("edge %v weight %d objects %d", k, e.Weight, e.Objects)
		}
		if e.Messages < e.Objects {
			t.Errorf("edge %v: %d messages < %d objects", k, e.Messages, e.Objects)
		}
	}
	// Window: every burst lasts < 30 s, so a 0 s window must find fewer
	// co-shares, and no co-share is ever further apart than the window.
	g0, err := coord.Build(t.Context(), coord.Items(items), coord.Config{TimeWindow: time.Millisecond, MinEdgeWeight: 1})
	if err != nil {
		t.Fatal(err)
	}
	if g0.Stats().CoShares >= g.Stats().CoShares {
		t.Errorf("1 ms window found %d co-shares, 30 s found %d", g0.Stats().CoShares, g.Stats().CoShares)
	}
	for _, e := range g0.Edges() {
		if e.Objects == e.Messages && e.Objects == 1 && e.Last.Sub(e.First) > time.Millisecond {
			t.Errorf("single co-share %v–%v spans %v > window", e.A, e.B, e.Last.Sub(e.First))
		}
	}
	c1, c2 := g.Clusters(7), g.Clusters(7)
	if d := cmp.Diff(c1, c2); d != "" {
		t.Errorf("same seed, different clusters:\n%s", d)
	}
	if len(c1) != 10 {
		t.Errorf("%d clusters, want the 10 planted networks", len(c1))
	}
	for _, c := range c1 {
		for _, m := range c.Members {
			if !strings.HasPrefix(m.ID, "coord") {
				t.Errorf("cluster %s has organic member %s", c.ID, m.ID)
			}
		}
		if c.Score < 0.99 {
			t.Errorf("cluster %s score %v, want ≥ 0.99", c.ID, c.Score)
		}
	}
}

// TestPopularObjectNotEvidence checks the null model: many accounts sharing
// one link spread over a day give co-shares but no evidence.
func TestPopularObjectNotEvidence(t *testing.T) {
	var items []rampart.Item
	for i := range 2000 {
		items = append(items, post(string(rune('a'+i%26))+strings.Repeat("x", i/26), "acct"+strings.Repeat("1", i%40)+string(rune('A'+i%26)), i*43, func(p *rampart.Post) {
			p.URLs = []string{"https://news.example/big-story"}
		}))
	}
	g, err := coord.Build(t.Context(), coord.Items(items), coord.Config{MinEdgeWeight: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range g.Clusters(1) {
		if c.Score > 0.5 {
			t.Errorf("cluster %s of %d tied by one popular link: score %v (observed %d expected %.1f)", c.ID, c.Size, c.Score, c.Observed, c.Expected)
		}
	}
}

// TestWritersGolden writes the Russian reference network's outputs and
// compares them with golden files (refresh with -update).
func TestWritersGolden(t *testing.T) {
	g := buildShares(t, "russian_coord_tweets.csv.gz", coord.Config{TimeWindow: 60 * time.Second, MinEdgeWeight: 2, Weight: coord.WeightMessages})
	cs := g.Clusters(1)
	edges := g.Edges()
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"russian_clusters.jsonl", func(b *bytes.Buffer) error { return coord.WriteClustersJSONL(b, cs) }},
		{"russian_edges.csv", func(b *bytes.Buffer) error { return coord.WriteEdgesCSV(b, edges) }},
		{"russian.graphml", func(b *bytes.Buffer) error { return coord.WriteGraphML(b, edges, cs) }},
	} {
		var b bytes.Buffer
		if err := tc.write(&b); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "golden", tc.name)
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if d := cmp.Diff(string(want), b.String()); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, d)
		}
		if strings.HasSuffix(tc.name, ".graphml") {
			var v struct{}
			if err := xml.Unmarshal(b.Bytes(), &v); err != nil {
				t.Errorf("graphml does not parse: %v", err)
			}
		}
	}
}

func TestReadSharesErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "line 1: empty input"},
		{"a,b,c\n", "lacks object_id"},
		{"object_id,account_id,timestamp_share\no,a,notatime\n", "line 2: column timestamp_share: \"notatime\" is not unix seconds"},
		{"object_id,account_id,timestamp_share\no,,1\n", "line 2: column account_id is empty"},
		{"object_id,account_id,timestamp_share\n\"o,a,1\n", "share table"},
	}
	for _, tt := range tests {
		var got error
		for _, err := range coord.ReadShares(strings.NewReader(tt.in)) {
			if err != nil {
				got = err
				break
			}
		}
		if got == nil || !strings.Contains(got.Error(), tt.want) {
			t.Errorf("ReadShares(%q) error %v, want %q", tt.in, got, tt.want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	err := coord.Config{TimeWindow: -1, Similarity: 2, Layers: []string{"nope"}, Weight: "x"}.Validate()
	for _, want := range []string{"time window", "similarity", "layer \"nope\"", "weight \"x\""} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to mention %q", err, want)
		}
	}
}

func TestAnalyzer(t *testing.T) {
	var items []rampart.Item
	for i := range 4 {
		for _, a := range []string{"a", "b", "c"} {
			items = append(items, post(a+string(rune('0'+i)), a, i*3600+len(a), func(p *rampart.Post) { p.RepostOf = string(rune('A' + i)) }))
		}
	}
	cfg := coord.Config{Groups: func(it rampart.Item) []string { return []string{"grp"} }}
	sigs, err := coord.NewAnalyzer(cfg).Analyze(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, s := range sigs {
		kinds = append(kinds, s.Subject.Kind+":"+s.Subject.ID)
		if s.Signal.Detector != rampart.DetectorCoord || s.Signal.Kind != rampart.SignalCoordinated || s.Signal.Group != "grp" || s.Signal.Score < 0.99 {
			t.Errorf("signal %+v", s.Signal)
		}
	}
	if d := cmp.Diff([]string{"cluster:" + sigs[0].Subject.ID, "account:a", "account:b", "account:c"}, kinds); d != "" {
		t.Errorf("subjects (-want +got):\n%s", d)
	}
}

// FuzzReadShares checks that no input panics and that every error names a
// line.
func FuzzReadShares(f *testing.F) {
	f.Add("object_id,account_id,content_id,timestamp_share\no1,a1,c1,1623881091\no1,a2,c2,1623881092.5\n")
	f.Add("message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\nm,u,u,r,,RT,1461542400,\n")
	f.Add("object_id,account_id,timestamp_share\n\"x\ny\",a,NaN\n")
	f.Fuzz(func(t *testing.T, s string) {
		for sh, err := range coord.ReadShares(strings.NewReader(s)) {
			if err != nil {
				if !strings.Contains(err.Error(), "share table") {
					t.Fatalf("error without context: %v", err)
				}
				continue
			}
			if sh.ObjectID == "" || sh.AccountID == "" {
				t.Fatalf("share with empty ids: %+v", sh)
			}
		}
	})
}

// TestClusterIDStable checks that a cluster's id depends on its members
// only: two windows that introduce the same accounts in another order, at
// other times and with other objects name the cluster alike.
func TestClusterIDStable(t *testing.T) {
	window := func(accts []string, offset int, obj string) []rampart.Item {
		var items []rampart.Item
		for i := range 3 {
			for k, a := range accts {
				items = append(items, post(fmt.Sprint(offset, a, i), a, offset+i*3600+k, func(p *rampart.Post) { p.RepostOf = obj + fmt.Sprint(i) }))
			}
		}
		return items
	}
	ids := func(items []rampart.Item) []string {
		g, err := coord.Build(t.Context(), coord.Items(items), coord.Config{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range g.Clusters(1) {
			out = append(out, c.ID)
		}
		return out
	}
	first := ids(window([]string{"zed", "amy", "kim"}, 0, "A"))
	second := ids(window([]string{"kim", "zed", "amy"}, 86400, "B"))
	other := ids(window([]string{"kim", "zed", "bob"}, 0, "A"))
	if len(first) != 1 {
		t.Fatalf("want one cluster, got %v", first)
	}
	if d := cmp.Diff(first, second); d != "" {
		t.Errorf("same members, other window (-first +second):\n%s", d)
	}
	if cmp.Equal(first, other) {
		t.Errorf("different members share id %v", first)
	}
}
