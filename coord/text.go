package coord

import (
	"cmp"
	"slices"
)

// textPairs collects verified near-identical text pairs across LSH buckets.
// Texts that are near-identical, directly or through a chain, form one text
// object (union-find over messages), so that the same campaign text counts
// as one object however many buckets found it.
type textPairs struct {
	done  map[uint64]bool // message pairs already verified (any band)
	pairs []textPair
	ends  map[uint32]textEnd
}

type textPair struct{ ma, mb uint32 }

type textEnd struct {
	acct uint32
	t    int64
	text string
}

const maxShownText = 200

// textBucket verifies the candidate pairs of one LSH bucket.
func (b *builder) textBucket(rs []rec) {
	tp := &b.text
	if tp.done == nil {
		tp.done, tp.ends = map[uint64]bool{}, map[uint32]textEnd{}
	}
	sh := make([][]uint64, len(rs))
	get := func(i int) []uint64 {
		if sh[i] == nil {
			sh[i] = shingles(rs[i].key)
		}
		return sh[i]
	}
	var enumerated int64
	for i := range rs {
		for j := i + 1; j < len(rs) && rs[j].t-rs[i].t <= b.window; j++ {
			if rs[i].acct == rs[j].acct {
				continue
			}
			if enumerated >= int64(b.cfg.MaxPairsPerObject) {
				b.stats.PairsSkipped++
				continue
			}
			enumerated++
			k := pairKey(rs[i].msg, rs[j].msg)
			if tp.done[k] {
				continue
			}
			tp.done[k] = true
			if jaccard(get(i), get(j)) < b.cfg.Similarity {
				b.stats.TextRejected++
				continue
			}
			b.stats.TextVerified++
			tp.pairs = append(tp.pairs, textPair{rs[i].msg, rs[j].msg})
			for _, r := range []rec{rs[i], rs[j]} {
				if _, ok := tp.ends[r.msg]; !ok {
					tp.ends[r.msg] = textEnd{acct: r.acct, t: r.t, text: shorten(r.key)}
				}
			}
		}
	}
	if enumerated >= int64(b.cfg.MaxPairsPerObject) {
		b.stats.CappedObjects++
	}
}

func shorten(s string) string {
	r := []rune(s)
	if len(r) > maxShownText {
		return string(r[:maxShownText]) + "…"
	}
	return s
}

// textObjects turns verified pairs into text objects and commits them.
func (b *builder) textObjects() {
	tp := &b.text
	if len(tp.pairs) == 0 {
		return
	}
	parent := map[uint32]uint32{}
	var find func(x uint32) uint32
	find = func(x uint32) uint32 {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, p := range tp.pairs {
		ra, rb := find(p.ma), find(p.mb)
		if ra != rb {
			// The lower message id is the root: deterministic objects.
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	byRoot := map[uint32][]textPair{}
	for _, p := range tp.pairs {
		r := find(p.ma)
		byRoot[r] = append(byRoot[r], p)
	}
	roots := make([]uint32, 0, len(byRoot))
	for r := range byRoot {
		roots = append(roots, r)
	}
	slices.Sort(roots)
	layer := uint8(layerIndex(LayerText))
	for _, root := range roots {
		ps := byRoot[root]
		msgs := map[uint32]bool{}
		pairs := clear2(b.pairsBuf)
		for _, p := range ps {
			ea, eb := tp.ends[p.ma], tp.ends[p.mb]
			addLocal(pairs, ea.acct, eb.acct, ea.t, eb.t)
			msgs[p.ma], msgs[p.mb] = true, true
		}
		rs := make([]rec, 0, len(msgs))
		for m := range msgs {
			e := tp.ends[m]
			rs = append(rs, rec{t: e.t, acct: e.acct, msg: m, layer: layer})
		}
		slices.SortFunc(rs, func(x, y rec) int { return cmp.Or(cmp.Compare(x.t, y.t), cmp.Compare(x.msg, y.msg)) })
		b.commitObject(layer, tp.ends[root].text, rs, pairs, int64(len(ps)))
	}
	tp.pairs, tp.done, tp.ends = nil, nil, nil
}
