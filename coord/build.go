package coord

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"time"

	"github.com/rampart-tt/rampart"
)

// Stats counts what Build read and did.
type Stats struct {
	Posts         int64 `json:"posts"`          // posts used
	PostsSkipped  int64 `json:"posts_skipped"`  // posts without account or time
	Accounts      int   `json:"accounts"`       // accounts seen in used posts
	Records       int64 `json:"records"`        // share records (one per post, layer and object; text: per LSH band)
	RecordErrors  int64 `json:"record_errors"`  // input records the reader rejected (skipped)
	Texts         int64 `json:"texts"`          // texts long enough for the text layer
	BadURLs       int64 `json:"bad_urls"`       // URLs that did not canonicalise
	ShortenedURLs int64 `json:"shortened_urls"` // URLs on a known shortener (kept as themselves)
	Spilled       bool  `json:"spilled"`        // records, keys, edges or text pairs went to temporary files
	CoShares      int64 `json:"co_shares"`      // co-share pairs found within the window
	TextVerified  int64 `json:"text_verified"`  // LSH candidates confirmed by exact Jaccard
	TextRejected  int64 `json:"text_rejected"`  // LSH candidates below the similarity
	CappedObjects int64 `json:"capped_objects"` // objects that hit MaxPairsPerObject
	PairsSkipped  int64 `json:"pairs_skipped"`  // pairs not enumerated because of the cap (lower bound)
	EdgesAll      int   `json:"edges_all"`      // edges before MinEdgeWeight
}

// recordReasoner is what readers' per-record errors implement: such errors
// are counted and skipped, any other error stops Build.
type recordReasoner interface{ RecordReason() string }

type builder struct {
	cfg      Config
	window   int64 // ms
	recs     extSorter[rec]
	keys     blobStore
	keyCache map[uint64]blobRef
	acctIdx  map[string]uint32
	accts    []accountKey
	groups   map[uint32]map[string]int
	msgs     uint32
	minT     int64
	maxT     int64
	stats    Stats
	edges    edgeTable
	objects  []objectInfo
	text     textPairs
	// scratch buffers reused from object to object
	group   []rec
	pairBuf []localPair
	acctBuf []uint32
}

type accountKey struct{ platform, id string }

// blobRef is where a key is in the blob store.
type blobRef struct {
	off uint64
	n   uint32
}

// localPair is one account pair's co-shares of the current object.
type localPair struct {
	key         uint64 // pairKey of the accounts
	msgs        int32
	first, last int64
}

// keyCacheMax bounds the key cache: a popular object's key is stored once
// per cache generation rather than once per share.
const keyCacheMax = 1 << 16

// Memory budget shares (see Config.MemoryBudget): share records, keys and
// texts, the edge table, verified text pairs. Keys and texts get as much
// as the records because once they spill every text verification is a
// disk read; records only get more merge runs.
func budgets(total int64) (recs, keys, edges, pairs int64) {
	return total * 3 / 8, total * 3 / 8, total / 8, total / 8
}

func newBuilder(cfg Config) (*builder, error) {
	if err := cfg.Validate(); err != nil {
		return nil, rampart.Errorf(rampart.EINVALID, "coord config: %v", err)
	}
	cfg = cfg.withDefaults()
	rb, kb, eb, pb := budgets(cfg.MemoryBudget)
	return &builder{
		cfg:      cfg,
		window:   cfg.TimeWindow.Milliseconds(),
		recs:     extSorter[rec]{budget: max(rb, recSize), size: recSize, cmp: cmpRec, put: putRec, get: getRec, dir: cfg.TempDir},
		keys:     blobStore{budget: kb, dir: cfg.TempDir},
		keyCache: map[uint64]blobRef{},
		acctIdx:  map[string]uint32{},
		edges:    newEdgeTable(max(eb, edgeMemSize), cfg.TempDir),
		text:     newTextPairs(max(pb, textPairSize), cfg.TempDir),
		minT:     math.MaxInt64,
		maxT:     math.MinInt64,
	}, nil
}

// close releases temporary files.
func (b *builder) close() {
	b.recs.close()
	b.keys.close()
	b.edges.runs.close()
	b.text.close()
}

// key stores an object key (once per cache generation) and returns where.
func (b *builder) key(obj uint64, k string) (blobRef, error) {
	if r, ok := b.keyCache[obj]; ok {
		return r, nil
	}
	off, err := b.keys.add(k)
	if err != nil {
		return blobRef{}, err
	}
	if len(b.keyCache) >= keyCacheMax {
		clear(b.keyCache)
	}
	r := blobRef{off, uint32(len(k))}
	b.keyCache[obj] = r
	return r, nil
}

// addShare adds one share record of a keyed object.
func (b *builder) addShare(layer uint8, k string, t int64, acct, msg uint32) error {
	obj := objHash(layer, k)
	r, err := b.key(obj, k)
	if err != nil {
		return err
	}
	return b.recs.add(rec{obj: obj, t: t, key: r.off, klen: r.n, acct: acct, msg: msg, layer: layer})
}

func (b *builder) account(platform, id string) uint32 {
	k := platform + "\x00" + id
	if i, ok := b.acctIdx[k]; ok {
		return i
	}
	i := uint32(len(b.accts))
	b.acctIdx[k] = i
	b.accts = append(b.accts, accountKey{platform, id})
	return i
}

func (b *builder) nextMsg() uint32 { b.msgs++; return b.msgs - 1 }

func (b *builder) seen(t int64) {
	b.minT = min(b.minT, t)
	b.maxT = max(b.maxT, t)
}

func (b *builder) addGroup(acct uint32, g string) {
	if b.groups == nil {
		b.groups = map[uint32]map[string]int{}
	}
	m := b.groups[acct]
	if m == nil {
		m = map[string]int{}
		b.groups[acct] = m
	}
	m[g]++
}

// Build reads posts (accounts and other items are ignored) in any order and
// returns the coordination graph. Errors from items that carry a
// RecordReason are counted in Stats.RecordErrors and skipped.
func Build(ctx context.Context, items iter.Seq2[rampart.Item, error], cfg Config) (*Graph, error) {
	b, err := newBuilder(cfg)
	if err != nil {
		return nil, err
	}
	defer b.close()
	n := 0
	for it, err := range items {
		if err != nil {
			var rr recordReasoner
			if errors.As(err, &rr) {
				b.stats.RecordErrors++
				continue
			}
			return nil, fmt.Errorf("coord: read input: %w", err)
		}
		if n++; n%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if it.Post == nil {
			continue
		}
		if err := b.addPost(it); err != nil {
			return nil, fmt.Errorf("coord: %w", err)
		}
	}
	return b.finish(ctx)
}

// BuildShares builds the graph from a share table (ReadShares): every share's
// ObjectID is an object of the single layer "object". Layers, Similarity and
// Groups do not apply.
func BuildShares(ctx context.Context, shares iter.Seq2[Share, error], cfg Config) (*Graph, error) {
	b, err := newBuilder(cfg)
	if err != nil {
		return nil, err
	}
	defer b.close()
	l := uint8(layerIndex(LayerObject))
	n := 0
	for s, err := range shares {
		if err != nil {
			return nil, fmt.Errorf("coord: %w", err)
		}
		if n++; n%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		b.stats.Posts++
		t := s.Time.UnixMilli()
		b.seen(t)
		if err := b.addShare(l, s.ObjectID, t, b.account("", s.AccountID), b.nextMsg()); err != nil {
			return nil, fmt.Errorf("coord: %w", err)
		}
	}
	return b.finish(ctx)
}

func (b *builder) finish(ctx context.Context) (*Graph, error) {
	b.stats.Records = b.recs.count
	b.stats.Accounts = len(b.accts)
	b.acctIdx = nil // accounts are only looked up while reading
	b.keyCache = nil
	textL := uint8(layerIndex(LayerText))
	// The merged records arrive in (object, time, message) order: gather
	// one object's shares and scan them with the window.
	flush := func() error {
		g := b.group
		b.group = b.group[:0]
		if len(g) < 2 {
			return nil
		}
		if g[0].layer == textL {
			return b.textBucket(g)
		}
		return b.object(g)
	}
	n := 0
	err := b.recs.each(func(r rec) error {
		if len(b.group) > 0 && b.group[0].obj != r.obj {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if err := flush(); err != nil {
				return err
			}
		}
		b.group = append(b.group, r)
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return nil, fmt.Errorf("coord: %w", err)
	}
	b.stats.Spilled = b.recs.spilled()
	b.recs.close()
	b.group = nil
	if err := b.textObjects(ctx); err != nil {
		return nil, fmt.Errorf("coord: %w", err)
	}
	b.stats.Spilled = b.stats.Spilled || b.keys.spilled() || b.text.spilled() || b.edges.spilled()
	b.keys.close()
	g, err := b.graph()
	if err != nil {
		return nil, fmt.Errorf("coord: %w", err)
	}
	return g, nil
}

// object finds the co-shares of one object: shares sorted by time, scanned
// with a window of TimeWindow, pairs of different accounts counted.
func (b *builder) object(rs []rec) error {
	lp := b.pairBuf[:0]
	var observed int64
	capped := false
	for i := range rs {
		for j := i + 1; j < len(rs) && rs[j].t-rs[i].t <= b.window; j++ {
			if rs[i].acct == rs[j].acct {
				continue
			}
			if observed >= int64(b.cfg.MaxPairsPerObject) {
				capped = true
				b.stats.PairsSkipped++
				continue
			}
			observed++
			lp = append(lp, localPair{key: pairKey(rs[i].acct, rs[j].acct), msgs: 1, first: rs[i].t, last: rs[j].t})
		}
	}
	b.pairBuf = lp
	if capped {
		b.stats.CappedObjects++
	}
	if observed == 0 {
		return nil
	}
	k, err := b.keys.get(rs[0].key, rs[0].klen)
	if err != nil {
		return err
	}
	return b.commitObject(rs[0].layer, string(k), rs, mergePairs(lp), observed)
}

// mergePairs sorts local pairs by account pair and adds up each pair's
// entries, in place.
func mergePairs(lp []localPair) []localPair {
	slices.SortFunc(lp, func(x, y localPair) int { return cmp.Compare(x.key, y.key) })
	out := lp[:0]
	for _, p := range lp {
		if n := len(out); n > 0 && out[n-1].key == p.key {
			q := &out[n-1]
			q.msgs += p.msgs
			q.first = min(q.first, p.first)
			q.last = max(q.last, p.last)
			continue
		}
		out = append(out, p)
	}
	return out
}

func pairKey(a, c uint32) uint64 {
	if a > c {
		a, c = c, a
	}
	return uint64(a)<<32 | uint64(c)
}

// commitObject adds one object's co-share pairs (sorted by account pair,
// as mergePairs leaves them) to the edges, with the object's null-model
// expectation (see nullExpected).
func (b *builder) commitObject(layer uint8, key string, rs []rec, pairs []localPair, observed int64) error {
	b.stats.CoShares += observed
	expected, accounts := b.nullExpected(rs)
	chance := min(1, expected/float64(observed))
	oi := objectInfo{Layer: AllLayers[layer], Key: key, Shares: len(rs), Pairs: observed, Expected: expected, Accounts: accounts}
	for _, p := range pairs {
		a, c := uint32(p.key>>32), uint32(p.key)
		e, err := b.edges.get(a, c)
		if err != nil {
			return err
		}
		e.objects[layer]++
		e.messages[layer] += p.msgs
		e.first = min(e.first, p.first)
		e.last = max(e.last, p.last)
		e.chance += chance * float64(p.msgs)
		if len(oi.members) < maxObjectMembers {
			oi.members = appendUnique(oi.members, a)
			oi.members = appendUnique(oi.members, c)
		}
	}
	slices.Sort(oi.members)
	oi.members = slices.Clip(oi.members)
	b.objects = append(b.objects, oi)
	return nil
}

// maxObjectMembers bounds the co-sharing accounts remembered per object
// (for naming the objects that tie a cluster); counts stay exact.
const maxObjectMembers = 512

func appendUnique(s []uint32, v uint32) []uint32 {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// nullExpected is the expected number of share pairs of different accounts
// within the window if the object's n shares were spread uniformly and
// independently over H = max(observed span, NullHorizon), and the number
// of distinct accounts. For two uniform times on [0,H],
// P(|Δ| ≤ w) = 1-(1-w/H)² (w < H). rs is sorted by time.
func (b *builder) nullExpected(rs []rec) (float64, int) {
	span := rs[len(rs)-1].t - rs[0].t
	h := float64(max(span, b.cfg.NullHorizon.Milliseconds()))
	w := float64(b.window)
	p := 1.0
	if h > 0 && w < h {
		p = 1 - (1-w/h)*(1-w/h)
	}
	as := b.acctBuf[:0]
	for _, r := range rs {
		as = append(as, r.acct)
	}
	slices.Sort(as)
	b.acctBuf = as
	n := float64(len(rs))
	pairs := n * (n - 1) / 2
	accounts := 0
	for i := 0; i < len(as); {
		j := i + 1
		for j < len(as) && as[j] == as[i] {
			j++
		}
		c := float64(j - i)
		pairs -= c * (c - 1) / 2
		accounts++
		i = j
	}
	return pairs * p, accounts
}

// msTime converts milliseconds to time for reports.
func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
