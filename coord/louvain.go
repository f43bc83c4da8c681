package coord

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// louvain returns a community label per node, by the Louvain method
// (Blondel, Guillaume, Lambiotte and Lefebvre 2008): move single nodes to
// the neighbouring community with the largest modularity gain until none
// moves, collapse communities into nodes, repeat while anything moved.
// Nodes are visited in a seeded random order, so one seed gives one answer.
func louvain(n int, edges []wedge, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, 0x6c6f7576))
	label := make([]int, n)
	for i := range label {
		label[i] = i
	}
	for {
		adj := adjacency(n, edges)
		comm, moved := oneLevel(n, adj, rng)
		if !moved {
			break
		}
		// Renumber communities 0..k-1 and collapse.
		id := map[int]int{}
		for _, c := range comm {
			if _, ok := id[c]; !ok {
				id[c] = len(id)
			}
		}
		for i := range label {
			label[i] = id[comm[label[i]]]
		}
		agg := map[[2]int]float64{}
		for _, e := range edges {
			a, b := id[comm[e.a]], id[comm[e.b]]
			if a > b {
				a, b = b, a
			}
			agg[[2]int{a, b}] += e.w
		}
		edges = edges[:0:0]
		for k, w := range agg {
			edges = append(edges, wedge{k[0], k[1], w})
		}
		sortWedges(edges)
		n = len(id)
	}
	return label
}

type wedge struct {
	a, b int
	w    float64
}

type nb struct {
	to int
	w  float64
}

func adjacency(n int, edges []wedge) [][]nb {
	adj := make([][]nb, n)
	for _, e := range edges {
		adj[e.a] = append(adj[e.a], nb{e.b, e.w})
		if e.a != e.b {
			adj[e.b] = append(adj[e.b], nb{e.a, e.w})
		}
	}
	return adj
}

// oneLevel is the local-moving phase. A self-loop (a collapsed community's
// internal weight) counts twice in the node's degree, as in the paper.
func oneLevel(n int, adj [][]nb, rng *rand.Rand) ([]int, bool) {
	comm := make([]int, n)
	deg := make([]float64, n)
	tot := make([]float64, n)
	var m2 float64
	for i := range n {
		comm[i] = i
		for _, e := range adj[i] {
			d := e.w
			if e.to == i {
				d *= 2
			}
			deg[i] += d
		}
		tot[i] = deg[i]
		m2 += deg[i]
	}
	if m2 == 0 {
		return comm, false
	}
	order := rng.Perm(n)
	toComm := map[int]float64{}
	movedAny := false
	for pass := 0; pass < 100; pass++ {
		moved := false
		for _, i := range order {
			clear(toComm)
			for _, e := range adj[i] {
				if e.to != i {
					toComm[comm[e.to]] += e.w
				}
			}
			old := comm[i]
			tot[old] -= deg[i]
			best, bestGain := old, toComm[old]-tot[old]*deg[i]/m2
			for c, w := range toComm {
				gain := w - tot[c]*deg[i]/m2
				if gain > bestGain+1e-12 || (math.Abs(gain-bestGain) <= 1e-12 && c < best) {
					best, bestGain = c, gain
				}
			}
			tot[best] += deg[i]
			if best != old {
				comm[i] = best
				moved, movedAny = true, true
			}
		}
		if !moved {
			break
		}
	}
	return comm, movedAny
}

// sortWedges orders edges: aggregation goes through a map, whose order is
// random, and the result must not depend on it.
func sortWedges(e []wedge) {
	slices.SortFunc(e, func(x, y wedge) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
}
