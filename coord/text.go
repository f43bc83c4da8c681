package coord

import (
	"cmp"
	"context"
	"encoding/binary"
	"slices"
)

// Near-identical texts in two phases. While reading, each text is stored
// once in the blob store, as its LSH band keys followed by the normalised
// text, and one fixed-size record per band goes to the record sort. While
// scanning a band bucket, a candidate pair is verified by exact Jaccard
// only in the first band the two texts share (the band keys tell which),
// so no global set of seen pairs is needed; verified pairs go to an
// external sort. Then union-find over messages joins pairs into text
// objects, and the pairs, sorted again by component, are committed one
// text object at a time.

// textEntryHead is the bytes before the text in a blob entry: the band keys.
const textEntryHead = mhBands * 8

// textRef is a cached text entry (identical texts are stored once).
type textRef struct {
	blobRef
	bands [mhBands]uint64
}

// textPair is a verified near-identical pair of messages (ma < mb) with
// what committing it needs, so that no per-message table is kept.
type textPair struct {
	ma, mb       uint32
	acctA, acctB uint32
	ta, tb       int64
	keyA         uint64 // blob offset of ma's entry
	klenA        uint32
	root         uint32 // union-find root, set in the second pass
}

const textPairSize = 48

func putTextPair(b []byte, p textPair) {
	binary.LittleEndian.PutUint32(b[0:], p.ma)
	binary.LittleEndian.PutUint32(b[4:], p.mb)
	binary.LittleEndian.PutUint32(b[8:], p.acctA)
	binary.LittleEndian.PutUint32(b[12:], p.acctB)
	binary.LittleEndian.PutUint64(b[16:], uint64(p.ta))
	binary.LittleEndian.PutUint64(b[24:], uint64(p.tb))
	binary.LittleEndian.PutUint64(b[32:], p.keyA)
	binary.LittleEndian.PutUint32(b[40:], p.klenA)
	binary.LittleEndian.PutUint32(b[44:], p.root)
}

func getTextPair(b []byte) textPair {
	return textPair{
		ma: binary.LittleEndian.Uint32(b[0:]), mb: binary.LittleEndian.Uint32(b[4:]),
		acctA: binary.LittleEndian.Uint32(b[8:]), acctB: binary.LittleEndian.Uint32(b[12:]),
		ta: int64(binary.LittleEndian.Uint64(b[16:])), tb: int64(binary.LittleEndian.Uint64(b[24:])),
		keyA: binary.LittleEndian.Uint64(b[32:]), klenA: binary.LittleEndian.Uint32(b[40:]),
		root: binary.LittleEndian.Uint32(b[44:]),
	}
}

func cmpPairMsgs(x, y textPair) int { return cmp.Or(cmp.Compare(x.ma, y.ma), cmp.Compare(x.mb, y.mb)) }

func cmpPairRoot(x, y textPair) int { return cmp.Or(cmp.Compare(x.root, y.root), cmpPairMsgs(x, y)) }

// textPairs holds the verified pairs: first sorted by messages, then by
// union-find root.
type textPairs struct {
	pairs  extSorter[textPair]
	byRoot extSorter[textPair]
	cache  map[uint64]textRef
}

func newTextPairs(budget int64, dir string) textPairs {
	return textPairs{
		pairs:  extSorter[textPair]{budget: budget, size: textPairSize, cmp: cmpPairMsgs, put: putTextPair, get: getTextPair, dir: dir},
		byRoot: extSorter[textPair]{budget: budget, size: textPairSize, cmp: cmpPairRoot, put: putTextPair, get: getTextPair, dir: dir},
		cache:  map[uint64]textRef{},
	}
}

func (tp *textPairs) spilled() bool { return tp.pairs.spilled() || tp.byRoot.spilled() }

func (tp *textPairs) close() {
	tp.pairs.close()
	tp.byRoot.close()
	tp.cache = nil
}

// addText stores a normalised text once and adds one record per LSH band.
func (b *builder) addText(n string, t int64, acct, msg uint32) error {
	l := uint8(layerIndex(LayerText))
	h := objHash(l, n)
	ref, ok := b.text.cache[h]
	if !ok {
		ref.bands = bandKeys(shingles(n))
		var head [textEntryHead]byte
		for i, k := range ref.bands {
			binary.LittleEndian.PutUint64(head[8*i:], k)
		}
		off, err := b.keys.add(string(head[:]) + n)
		if err != nil {
			return err
		}
		ref.blobRef = blobRef{off, uint32(textEntryHead + len(n))}
		if len(b.text.cache) >= keyCacheMax {
			clear(b.text.cache)
		}
		b.text.cache[h] = ref
	}
	for band, k := range ref.bands {
		// The band number is mixed in so that equal keys of different
		// bands are different buckets.
		obj := k ^ (uint64(band+1) * 0x9E3779B97F4A7C15)
		r := rec{obj: obj, t: t, key: ref.off, th: h, klen: ref.n, acct: acct, msg: msg, layer: l, band: uint8(band)}
		if err := b.recs.add(r); err != nil {
			return err
		}
	}
	return nil
}

// bucketText is one bucket member's text, loaded when first needed.
type bucketText struct {
	loaded bool
	bands  [mhBands]uint64
	sh     []uint64
}

// textBucket verifies the candidate pairs of one LSH bucket.
func (b *builder) textBucket(rs []rec) error {
	ts := make([]bucketText, len(rs))
	load := func(i int) error {
		if ts[i].loaded {
			return nil
		}
		e, err := b.keys.get(rs[i].key, rs[i].klen)
		if err != nil {
			return err
		}
		for k := range ts[i].bands {
			ts[i].bands[k] = binary.LittleEndian.Uint64(e[8*k:])
		}
		ts[i].loaded = true
		return nil
	}
	shingled := func(i int) ([]uint64, error) {
		if ts[i].sh == nil {
			e, err := b.keys.get(rs[i].key, rs[i].klen)
			if err != nil {
				return nil, err
			}
			ts[i].sh = shingles(string(e[textEntryHead:]))
		}
		return ts[i].sh, nil
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
			if rs[i].th == rs[j].th {
				// Identical texts share every band: verify once, in band 0.
				if rs[i].band == 0 {
					b.stats.TextVerified++
					if err := b.addTextPair(rs[i], rs[j]); err != nil {
						return err
					}
				}
				continue
			}
			if err := load(i); err != nil {
				return err
			}
			if err := load(j); err != nil {
				return err
			}
			if sharesEarlierBand(&ts[i].bands, &ts[j].bands, int(rs[i].band)) {
				continue // verified (or rejected) in that band's bucket
			}
			si, err := shingled(i)
			if err != nil {
				return err
			}
			sj, err := shingled(j)
			if err != nil {
				return err
			}
			if jaccard(si, sj) < b.cfg.Similarity {
				b.stats.TextRejected++
				continue
			}
			b.stats.TextVerified++
			if err := b.addTextPair(rs[i], rs[j]); err != nil {
				return err
			}
		}
	}
	if enumerated >= int64(b.cfg.MaxPairsPerObject) {
		b.stats.CappedObjects++
	}
	return nil
}

// addTextPair records a verified pair of text records.
func (b *builder) addTextPair(x, y rec) error {
	if x.msg > y.msg {
		x, y = y, x
	}
	return b.text.pairs.add(textPair{ma: x.msg, mb: y.msg, acctA: x.acct, acctB: y.acct, ta: x.t, tb: y.t, keyA: x.key, klenA: x.klen})
}

// sharesEarlierBand reports whether two texts collide in a band before
// band: then that band's bucket, which is scanned with the same window
// and account rule, has seen the pair.
func sharesEarlierBand(x, y *[mhBands]uint64, band int) bool {
	for k := range min(band, mhBands) {
		if x[k] == y[k] {
			return true
		}
	}
	return false
}

const maxShownText = 200

func shorten(s string) string {
	r := []rune(s)
	if len(r) > maxShownText {
		return string(r[:maxShownText]) + "…"
	}
	return s
}

// textObjects turns verified pairs into text objects and commits them:
// union-find (with path halving; Tarjan and van Leeuwen 1984) over message
// ids joins texts that are near-identical directly or through a chain, the
// lowest message id being a component's root.
func (b *builder) textObjects(ctx context.Context) error {
	tp := &b.text
	tp.cache = nil
	if tp.pairs.count == 0 {
		return nil
	}
	parent := make([]uint32, b.msgs)
	for i := range parent {
		parent[i] = uint32(i)
	}
	find := func(x uint32) uint32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	err := tp.pairs.each(func(p textPair) error {
		ra, rb := find(p.ma), find(p.mb)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var prev textPair
	first := true
	err = tp.pairs.each(func(p textPair) error {
		if !first && p.ma == prev.ma && p.mb == prev.mb {
			return nil // found again after the per-object cap cut a band short
		}
		first, prev = false, p
		p.root = find(p.ma)
		return tp.byRoot.add(p)
	})
	tp.pairs.close()
	parent = nil
	if err != nil {
		return err
	}
	var group []textPair
	n := 0
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		if n++; n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		err := b.commitText(group)
		group = group[:0]
		return err
	}
	err = tp.byRoot.each(func(p textPair) error {
		if len(group) > 0 && group[0].root != p.root {
			if err := flush(); err != nil {
				return err
			}
		}
		group = append(group, p)
		return nil
	})
	if err == nil {
		err = flush()
	}
	tp.byRoot.close()
	return err
}

// commitText commits one text object from its verified pairs, sorted by
// messages: its first pair holds the root, whose text names the object.
func (b *builder) commitText(ps []textPair) error {
	layer := uint8(layerIndex(LayerText))
	lp := b.pairBuf[:0]
	rs := b.group[:0]
	for _, p := range ps {
		lp = append(lp, localPair{key: pairKey(p.acctA, p.acctB), msgs: 1, first: min(p.ta, p.tb), last: max(p.ta, p.tb)})
		rs = append(rs, rec{t: p.ta, acct: p.acctA, msg: p.ma, layer: layer}, rec{t: p.tb, acct: p.acctB, msg: p.mb, layer: layer})
	}
	b.pairBuf = lp
	slices.SortFunc(rs, func(x, y rec) int { return cmp.Compare(x.msg, y.msg) })
	rs = slices.CompactFunc(rs, func(x, y rec) bool { return x.msg == y.msg })
	slices.SortFunc(rs, func(x, y rec) int { return cmp.Or(cmp.Compare(x.t, y.t), cmp.Compare(x.msg, y.msg)) })
	b.group = rs
	e, err := b.keys.get(ps[0].keyA, ps[0].klenA)
	if err != nil {
		return err
	}
	return b.commitObject(layer, shorten(string(e[textEntryHead:])), rs, mergePairs(lp), int64(len(ps)))
}
