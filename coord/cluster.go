package coord

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"time"
)

// Cluster is a community of the coordination graph.
type Cluster struct {
	ID       string         `json:"id"`
	Size     int            `json:"size"`
	Members  []AccountRef   `json:"members"`
	Edges    int            `json:"edges"`
	Weight   int            `json:"weight"` // sum of internal edge weights
	First    time.Time      `json:"first"`  // first co-share inside the cluster
	Last     time.Time      `json:"last"`   // last co-share inside the cluster
	Layers   map[string]int `json:"layers"` // distinct objects co-shared inside, per layer
	Top      []ObjectCount  `json:"top"`    // objects co-shared by the most members
	Groups   []GroupCount   `json:"groups,omitempty"`
	Observed int            `json:"observed"` // co-share pairs inside
	Expected float64        `json:"expected"` // under the null model
	Z        float64        `json:"z"`        // (observed-expected)/sqrt(expected)
	Score    float64        `json:"score"`    // 1 - Poisson P(X ≥ observed | expected), in [0,1]
}

// ObjectCount is an object that ties a cluster: how many of its members
// co-shared it, and how often it was shared in all.
type ObjectCount struct {
	Layer    string  `json:"layer"`
	Object   string  `json:"object"`
	Members  int     `json:"members"`
	Shares   int     `json:"shares"`
	Accounts int     `json:"accounts"`
	Expected float64 `json:"expected"` // pairs expected within the window for this object
	Observed int64   `json:"observed"` // pairs observed within the window for this object
}

// GroupCount is a designated group named by members' posts.
type GroupCount struct {
	Group string `json:"group"`
	Posts int    `json:"posts"`
}

// topObjects is how many objects a cluster lists.
const topObjects = 10

// Clusters partitions the graph's accounts with Louvain (seeded) and
// describes each community of two or more accounts, highest score first.
func (g *Graph) Clusters(seed uint64) []Cluster {
	// Nodes are the accounts that have an edge, in account order.
	node := map[uint32]int{}
	var accts []uint32
	for _, e := range g.edges {
		for _, a := range []uint32{e.a, e.b} {
			if _, ok := node[a]; !ok {
				node[a] = len(accts)
				accts = append(accts, a)
			}
		}
	}
	if len(accts) == 0 {
		return nil
	}
	// Louvain needs the node order to be the account order for
	// determinism; map insertion above follows the sorted edges.
	wes := make([]wedge, len(g.edges))
	for i, e := range g.edges {
		wes[i] = wedge{node[e.a], node[e.b], float64(weightOf(g.cfg, &e))}
	}
	label := louvain(len(accts), wes, seed)
	byLabel := map[int][]uint32{}
	for i, l := range label {
		byLabel[l] = append(byLabel[l], accts[i])
	}
	clusterOf := map[uint32]int{}
	var cs []Cluster
	var members [][]uint32
	for _, ms := range byLabel {
		if len(ms) < 2 {
			continue
		}
		slices.Sort(ms)
		for _, m := range ms {
			clusterOf[m] = len(cs)
		}
		c := Cluster{Size: len(ms), Layers: map[string]int{}}
		for _, m := range ms {
			c.Members = append(c.Members, g.ref(m))
		}
		c.ID = clusterID(c.Members)
		cs = append(cs, c)
		members = append(members, ms)
	}
	first := make([]int64, len(cs))
	last := make([]int64, len(cs))
	for i := range cs {
		first[i], last[i] = math.MaxInt64, math.MinInt64
	}
	exp := make([]float64, len(cs))
	for i := range g.edges {
		e := &g.edges[i]
		ca, okA := clusterOf[e.a]
		cb, okB := clusterOf[e.b]
		if !okA || !okB || ca != cb {
			continue
		}
		c := &cs[ca]
		c.Edges++
		c.Weight += weightOf(g.cfg, e)
		for l := range nLayers {
			c.Observed += int(e.messages[l])
		}
		exp[ca] += e.chance
		first[ca] = min(first[ca], e.first)
		last[ca] = max(last[ca], e.last)
	}
	g.tieObjects(cs, clusterOf)
	for i := range cs {
		c := &cs[i]
		c.First, c.Last = msTime(first[i]), msTime(last[i])
		c.Expected = exp[i]
		c.Z = (float64(c.Observed) - c.Expected) / math.Sqrt(max(c.Expected, 1e-9))
		c.Score = 1 - poissonTail(c.Observed, c.Expected)
		c.Groups = g.clusterGroups(members[i])
	}
	slices.SortFunc(cs, func(x, y Cluster) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(y.Size, x.Size), cmp.Compare(x.ID, y.ID))
	})
	return cs
}

// tieObjects fills each cluster's Layers and Top from the co-shared objects.
func (g *Graph) tieObjects(cs []Cluster, clusterOf map[uint32]int) {
	top := make([][]ObjectCount, len(cs))
	for _, o := range g.objects {
		count := map[int]int{}
		for _, m := range o.members {
			if c, ok := clusterOf[m]; ok {
				count[c]++
			}
		}
		for c, n := range count {
			if n < 2 {
				continue
			}
			cs[c].Layers[o.Layer]++
			top[c] = append(top[c], ObjectCount{Layer: o.Layer, Object: o.Key, Members: n, Shares: o.Shares,
				Accounts: o.Accounts, Expected: o.Expected, Observed: o.Pairs})
		}
	}
	for c := range cs {
		t := top[c]
		slices.SortFunc(t, func(x, y ObjectCount) int {
			return cmp.Or(cmp.Compare(y.Members, x.Members), cmp.Compare(x.Layer, y.Layer), cmp.Compare(x.Object, y.Object))
		})
		cs[c].Top = t[:min(len(t), topObjects)]
	}
}

func (g *Graph) clusterGroups(ms []uint32) []GroupCount {
	if g.groups == nil {
		return nil
	}
	sum := map[string]int{}
	for _, m := range ms {
		for grp, n := range g.groups[m] {
			sum[grp] += n
		}
	}
	var out []GroupCount
	for grp, n := range sum {
		out = append(out, GroupCount{grp, n})
	}
	slices.SortFunc(out, func(x, y GroupCount) int { return cmp.Or(cmp.Compare(y.Posts, x.Posts), cmp.Compare(x.Group, y.Group)) })
	return out
}

// clusterID is a stable name from the members: the same accounts give the
// same id across runs, seeds, windows and input orders, because the
// members are hashed sorted by (platform, id), not in the order the input
// introduced them. 64 bits of SHA-256: two different member sets in one
// deployment collide with probability about n²/2⁶⁵.
func clusterID(ms []AccountRef) string {
	ms = slices.Clone(ms)
	slices.SortFunc(ms, func(x, y AccountRef) int {
		return cmp.Or(cmp.Compare(x.Platform, y.Platform), cmp.Compare(x.ID, y.ID))
	})
	h := sha256.New()
	for _, m := range ms {
		h.Write([]byte(m.Platform + "\x00" + m.ID + "\x00"))
	}
	return "c-" + hex.EncodeToString(h.Sum(nil))[:16]
}

// poissonTail is P(X ≥ k) for X ~ Poisson(lambda), computed as the
// regularised lower incomplete gamma P(k, lambda) by its series
// (Numerical Recipes, 3rd ed., §6.2), in log space so that large k does
// not overflow.
func poissonTail(k int, lambda float64) float64 {
	if k <= 0 {
		return 1
	}
	if lambda <= 0 {
		return 0
	}
	a := float64(k)
	lg, _ := math.Lgamma(a + 1)
	term := 1.0
	sum := 1.0
	for n := 1; n < 10000; n++ {
		term *= lambda / (a + float64(n))
		sum += term
		if term < sum*1e-15 {
			break
		}
	}
	p := math.Exp(a*math.Log(lambda) - lambda - lg + math.Log(sum))
	return min(1, max(0, p))
}
