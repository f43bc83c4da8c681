package coord

import (
	"time"
)

// AccountRef names an account on a platform ("" platform for share tables).
type AccountRef struct {
	Platform string `json:"platform,omitempty"`
	ID       string `json:"id"`
}

func (a AccountRef) String() string {
	if a.Platform == "" {
		return a.ID
	}
	return a.Platform + "/" + a.ID
}

// LayerCount is an edge's co-shares in one layer.
type LayerCount struct {
	Objects  int `json:"objects"`  // distinct objects co-shared within the window
	Messages int `json:"messages"` // co-share pairs (pairs of messages within the window)
}

// Edge links two accounts that co-shared. A < B in the graph's account
// order (first seen first), so every pair appears once.
type Edge struct {
	A, B     AccountRef
	Weight   int                   // Objects or Messages, as Config.Weight says
	Objects  int                   // distinct objects, all layers
	Messages int                   // co-share pairs, all layers
	Layers   map[string]LayerCount // per layer, only layers with co-shares
	First    time.Time             // earliest share in a co-share pair
	Last     time.Time             // latest share in a co-share pair
	Expected float64               // co-share pairs expected under the null model
}

// objectInfo is an object that was co-shared at least once.
type objectInfo struct {
	Layer    string
	Key      string
	Shares   int
	Accounts int
	Pairs    int64   // co-share pairs observed (different accounts, within window)
	Expected float64 // under the null model
	members  []uint32
}

// Graph is the coordination graph: edges at or above MinEdgeWeight.
type Graph struct {
	cfg     Config
	accts   []accountKey
	edges   []edgeAcc
	objects []objectInfo
	groups  map[uint32]map[string]int
	stats   Stats
}

func (b *builder) graph() (*Graph, error) {
	g := &Graph{cfg: b.cfg, accts: b.accts, objects: b.objects, groups: b.groups}
	n, err := b.edges.finish(func(e *edgeAcc) {
		if weightOf(b.cfg, e) >= b.cfg.MinEdgeWeight {
			g.edges = append(g.edges, *e)
		}
	})
	if err != nil {
		return nil, err
	}
	b.stats.EdgesAll = n
	g.stats = b.stats
	b.objects = nil
	return g, nil
}

func weightOf(cfg Config, e *edgeAcc) int {
	var w int32
	for l := range nLayers {
		if cfg.Weight == WeightMessages {
			w += e.messages[l]
		} else {
			w += e.objects[l]
		}
	}
	return int(w)
}

// Stats reports what Build read and did.
func (g *Graph) Stats() Stats { return g.stats }

// Config returns the configuration the graph was built with, defaults filled.
func (g *Graph) Config() Config { return g.cfg }

func (g *Graph) ref(i uint32) AccountRef {
	a := g.accts[i]
	return AccountRef{Platform: a.platform, ID: a.id}
}

// Edges returns the edges sorted by account order.
func (g *Graph) Edges() []Edge {
	out := make([]Edge, len(g.edges))
	for i := range g.edges {
		out[i] = g.exportEdge(&g.edges[i])
	}
	return out
}

func (g *Graph) exportEdge(e *edgeAcc) Edge {
	x := Edge{A: g.ref(e.a), B: g.ref(e.b), Weight: weightOf(g.cfg, e), Layers: map[string]LayerCount{},
		First: msTime(e.first), Last: msTime(e.last), Expected: e.chance}
	for l := range nLayers {
		if e.messages[l] > 0 {
			x.Layers[AllLayers[l]] = LayerCount{Objects: int(e.objects[l]), Messages: int(e.messages[l])}
			x.Objects += int(e.objects[l])
			x.Messages += int(e.messages[l])
		}
	}
	return x
}
