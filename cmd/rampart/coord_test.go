package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bankRows(t, string(b))
}

// graphML is the part of a GraphML document the tests read.
type graphML struct {
	XMLName xml.Name `xml:"graphml"`
	Graph   struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string `xml:"id,attr"`
			Data []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
		} `xml:"edge"`
	} `xml:"graph"`
}

func TestCoordPostsWritesThreeOutputs(t *testing.T) {
	t.Parallel()
	// posts.jsonl: accounts a1, a2 and a3 each link the same two URLs
	// within 20 s of each other; a4 links one of them an hour later.
	dir := t.TempDir()
	r := runCLI(t, "", "coord", "--out-dir", dir, "testdata/coord/posts.jsonl")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "coord: 7 posts, 4 accounts, 6 co-share pairs, 3 edges (of 3) at weight >= 2, 1 clusters") {
		t.Errorf("summary:\n%s", r.stderr)
	}
	var pairs [][3]string
	for _, e := range readCSV(t, filepath.Join(dir, "edges.csv")) {
		pairs = append(pairs, [3]string{e["account_a"], e["account_b"], e["weight"] + " url:" + e["url_objects"]})
	}
	want := [][3]string{{"a1", "a2", "2 url:2"}, {"a1", "a3", "2 url:2"}, {"a2", "a3", "2 url:2"}}
	if diff := cmp.Diff(want, pairs); diff != "" {
		t.Errorf("edges.csv (-want +got):\n%s", diff)
	}
	b, err := os.ReadFile(filepath.Join(dir, "clusters.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var cl struct {
		Size    int `json:"size"`
		Members []struct {
			Platform, ID string
		} `json:"members"`
		Layers map[string]int `json:"layers"`
		Score  float64        `json:"score"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(b), &cl); err != nil {
		t.Fatalf("clusters.jsonl: want one JSON line: %v\n%s", err, b)
	}
	var members []string
	for _, m := range cl.Members {
		members = append(members, m.Platform+"/"+m.ID)
	}
	if cl.Size != 3 || strings.Join(members, " ") != "x/a1 x/a2 x/a3" || cl.Layers["url"] != 2 || cl.Score < 0.99 {
		t.Errorf("cluster %+v: want a1, a2, a3 linked by 2 URLs, score near 1", cl)
	}
	g := parseGraphML(t, filepath.Join(dir, "graph.graphml"))
	if len(g.Graph.Nodes) != 3 || len(g.Graph.Edges) != 3 || g.Graph.EdgeDefault != "undirected" {
		t.Errorf("graph.graphml: %d nodes, %d edges, edgedefault %q; want 3, 3, undirected", len(g.Graph.Nodes), len(g.Graph.Edges), g.Graph.EdgeDefault)
	}
}

func parseGraphML(t *testing.T, path string) graphML {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var g graphML
	if err := xml.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s is not XML: %v", path, err)
	}
	ids := map[string]bool{}
	for _, n := range g.Graph.Nodes {
		ids[n.ID] = true
	}
	for _, e := range g.Graph.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			t.Errorf("%s: edge %s-%s names a missing node", path, e.Source, e.Target)
		}
	}
	return g
}

func TestCoordSharesMatchesReferenceTools(t *testing.T) {
	t.Parallel()
	// CooRTweet's 35,125 real Russian retweets; the coord package keeps
	// them (1.5 MB), so they are read from there rather than copied.
	const shares = "../../coord/testdata/russian_coord_tweets.csv.gz"
	f, err := os.Open(shares)
	if err != nil {
		t.Skipf("%s: %v (the coord package's test data)", shares, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	csvText, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := runCLI(t, string(csvText), "coord", "--shares", "--weight", "messages", "--out-dir", dir, "--graphml", "", "-")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// QUT's coordination-network-toolkit (messages weighting) has 63 edges
	// of weight >= 2 at a 60 s window on this set (shared/data README).
	edges := readCSV(t, filepath.Join(dir, "edges.csv"))
	if len(edges) != 63 {
		t.Errorf("%d edges at messages weight >= 2, want QUT's 63", len(edges))
	}
	ours := map[[2]string]bool{}
	for _, e := range edges {
		ours[[2]string{e["account_a"], e["account_b"]}] = true
		ours[[2]string{e["account_b"], e["account_a"]}] = true
	}
	// Every edge of CooRTweet's filtered network is among them.
	ref := readCSV(t, "testdata/coord/reference_coortweet_edges_tw60_ew0.5_subgraph1.csv")
	if len(ref) != 60 {
		t.Fatalf("reference has %d edges, want 60", len(ref))
	}
	for _, e := range ref {
		if !ours[[2]string{e["from"], e["to"]}] {
			t.Errorf("CooRTweet edge %s-%s missing", e["from"], e["to"])
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "graph.graphml")); !os.IsNotExist(err) {
		t.Errorf(`--graphml "" still wrote graph.graphml (stat: %v)`, err)
	}
	if !strings.Contains(r.stderr, "35125 posts, 9509 accounts") {
		t.Errorf("summary:\n%s", r.stderr)
	}
}

func TestCoordErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	badShares := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(badShares, []byte("object_id,account_id,content_id,timestamp_share\no1,a1,c1,notatime\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no input", []string{"coord"}, exitUsage, "requires at least 1 arg"},
		{"zero window", []string{"coord", "--time-window", "0", "--out-dir", dir, "testdata/coord/posts.jsonl"}, exitUsage, "--time-window"},
		{"zero memory", []string{"coord", "--memory", "0", "--out-dir", dir, "testdata/coord/posts.jsonl"}, exitUsage, "--memory"},
		{"unknown weight", []string{"coord", "--weight", "likes", "--out-dir", dir, "testdata/coord/posts.jsonl"}, exitUsage, "likes"},
		{"unknown layer", []string{"coord", "--layers", "emoji", "--out-dir", dir, "testdata/coord/posts.jsonl"}, exitUsage, "emoji"},
		{"unknown format", []string{"coord", "--format", "pdf", "--out-dir", dir, "testdata/coord/posts.jsonl"}, exitUsage, "pdf"},
		{"missing input", []string{"coord", "--out-dir", dir, filepath.Join(dir, "none.jsonl")}, exitUsage, "none.jsonl"},
		{"bad share time", []string{"coord", "--shares", "--out-dir", dir, badShares}, exitFatal, "bad.csv"},
		{"missing share file", []string{"coord", "--shares", "--out-dir", dir, filepath.Join(dir, "none.csv")}, exitUsage, "none.csv"},
	}
	for _, tc := range tests {
		r := runCLI(t, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d (want %d), stderr %q (want it to name %q)", tc.name, r.code, tc.code, r.stderr, tc.want)
		}
	}
}
