package coord

import (
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
	Spilled       bool  `json:"spilled"`        // records went to temporary files
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
	sp       spool
	acctIdx  map[string]uint32
	accts    []accountKey
	groups   map[uint32]map[string]int
	msgs     uint32
	minT     int64
	maxT     int64
	stats    Stats
	edgeIdx  map[uint64]int32
	edges    []edgeAcc
	objects  []objectInfo
	text     textPairs
	pairsBuf map[uint64]*localPair
}

type accountKey struct{ platform, id string }

// edgeAcc accumulates one account pair's co-shares.
type edgeAcc struct {
	a, b     uint32
	objects  [nLayers]int32
	messages [nLayers]int32
	first    int64
	last     int64
	chance   float64 // expected co-share pairs under the null model
}

type localPair struct {
	msgs        int32
	first, last int64
}

func newBuilder(cfg Config) (*builder, error) {
	if err := cfg.Validate(); err != nil {
		return nil, rampart.Errorf(rampart.EINVALID, "coord config: %v", err)
	}
	cfg = cfg.withDefaults()
	return &builder{
		cfg:      cfg,
		window:   cfg.TimeWindow.Milliseconds(),
		sp:       spool{budget: cfg.MemoryBudget, dir: cfg.TempDir},
		acctIdx:  map[string]uint32{},
		edgeIdx:  map[uint64]int32{},
		minT:     math.MaxInt64,
		maxT:     math.MinInt64,
		pairsBuf: map[uint64]*localPair{},
	}, nil
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
	defer b.sp.close()
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
	defer b.sp.close()
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
		r := rec{obj: objHash(l, s.ObjectID), t: t, acct: b.account("", s.AccountID), msg: b.nextMsg(), layer: l, key: s.ObjectID}
		if err := b.sp.add(r); err != nil {
			return nil, fmt.Errorf("coord: %w", err)
		}
	}
	return b.finish(ctx)
}

func (b *builder) finish(ctx context.Context) (*Graph, error) {
	b.stats.Records = b.sp.count
	b.stats.Spilled = b.sp.spills > 0
	b.stats.Accounts = len(b.accts)
	textL := uint8(layerIndex(LayerText))
	err := b.sp.partitions(func(recs []rec) error {
		for i := 0; i < len(recs); {
			if err := ctx.Err(); err != nil {
				return err
			}
			j := i + 1
			for j < len(recs) && recs[j].obj == recs[i].obj {
				j++
			}
			if j-i > 1 {
				if recs[i].layer == textL {
					b.textBucket(recs[i:j])
				} else {
					b.object(recs[i:j])
				}
			}
			i = j
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("coord: %w", err)
	}
	b.textObjects()
	return b.graph(), nil
}

// object finds the co-shares of one object: shares sorted by time, scanned
// with a window of TimeWindow, pairs of different accounts counted.
func (b *builder) object(rs []rec) {
	pairs := clear2(b.pairsBuf)
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
			addLocal(pairs, rs[i].acct, rs[j].acct, rs[i].t, rs[j].t)
		}
	}
	if capped {
		b.stats.CappedObjects++
	}
	if observed == 0 {
		return
	}
	b.commitObject(rs[0].layer, rs[0].key, rs, pairs, observed)
}

func clear2(m map[uint64]*localPair) map[uint64]*localPair {
	clear(m)
	return m
}

func pairKey(a, c uint32) uint64 {
	if a > c {
		a, c = c, a
	}
	return uint64(a)<<32 | uint64(c)
}

func addLocal(m map[uint64]*localPair, a, c uint32, ta, tc int64) {
	k := pairKey(a, c)
	p := m[k]
	if p == nil {
		p = &localPair{first: ta, last: tc}
		m[k] = p
	}
	p.msgs++
	p.first = min(p.first, ta, tc)
	p.last = max(p.last, ta, tc)
}

// commitObject adds one object's co-share pairs to the edges, with the
// object's null-model expectation (see nullExpected).
func (b *builder) commitObject(layer uint8, key string, rs []rec, pairs map[uint64]*localPair, observed int64) {
	b.stats.CoShares += observed
	expected := b.nullExpected(rs)
	chance := min(1, expected/float64(observed))
	oi := objectInfo{Layer: AllLayers[layer], Key: key, Shares: len(rs), Pairs: observed, Expected: expected}
	accts := map[uint32]bool{}
	for _, r := range rs {
		accts[r.acct] = true
	}
	oi.Accounts = len(accts)
	// Sorted, so that which members are remembered under the cap does not
	// depend on map order.
	keys := make([]uint64, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := pairs[k]
		a, c := uint32(k>>32), uint32(k)
		e := b.edge(a, c)
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
	b.objects = append(b.objects, oi)
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

func (b *builder) edge(a, c uint32) *edgeAcc {
	k := pairKey(a, c)
	i, ok := b.edgeIdx[k]
	if !ok {
		i = int32(len(b.edges))
		b.edgeIdx[k] = i
		b.edges = append(b.edges, edgeAcc{a: uint32(k >> 32), b: uint32(k), first: math.MaxInt64, last: math.MinInt64})
	}
	return &b.edges[i]
}

// nullExpected is the expected number of share pairs of different accounts
// within the window if the object's n shares were spread uniformly and
// independently over H = max(observed span, NullHorizon). For two uniform
// times on [0,H], P(|Δ| ≤ w) = 1-(1-w/H)² (w < H).
func (b *builder) nullExpected(rs []rec) float64 {
	span := rs[len(rs)-1].t - rs[0].t
	h := float64(max(span, b.cfg.NullHorizon.Milliseconds()))
	w := float64(b.window)
	p := 1.0
	if h > 0 && w < h {
		p = 1 - (1-w/h)*(1-w/h)
	}
	perAcct := map[uint32]int{}
	for _, r := range rs {
		perAcct[r.acct]++
	}
	n := float64(len(rs))
	pairs := n * (n - 1) / 2
	for _, c := range perAcct {
		pairs -= float64(c) * float64(c-1) / 2
	}
	return pairs * p
}

// spanOf converts milliseconds to time for reports.
func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
