package index

import "math/bits"

// Table layout, chosen from the number of entries each time the tables
// are built. On real hardware a search costs what it reads from memory,
// not what it computes, and a lookup in a table is a read like any other;
// two layouts follow.
//
// Dense (up to denseMax entries): 16 substrings of 16 bits, and each table
// entry carries, beside the position, 96 other bits of its code (a
// fingerprint). The Hamming distance over those bits is a lower bound on
// the full distance, so a candidate whose fingerprint alone is further
// than the radius is dropped without reading its code: for unrelated
// codes at radius 31 all but about 1 in 3,000 (the chance that 96
// random bits differ in at most 31 places). A bucket's entries
// sit together, so a probe reads one run of memory, and a search costs
// about one cache miss per bucket probed (272 at radius 31) instead of
// one per candidate (about 4,150 at 1M entries). The price is 16 bytes per
// entry per table: about 305 bytes per hash in all.
//
// Sparse (above denseMax): tables of positions only, with about log2(N)
// bits per substring as Norouzi et al. (CVPR 2012, section 4.2) advise,
// so that a bucket holds about one entry: 12 tables of 21-22 bits from 2M
// to 4M entries, 11 of 23-24 bits above. Memory is 44 bytes per hash for
// codes and ids, 4 per table for positions, and 4 per bucket for offsets
// (448 MB for 11 tables): about 156 bytes per hash at 2M, 195 at 4M, 143
// at 10M. At 10M this reads tenfold fewer candidates than 16-bit
// substrings.
const (
	minTables      = 11      // 24-bit substrings: offsets of 64 MiB a table
	maxTables      = 16      // 16-bit substrings
	minIndexed     = 1024    // below this many entries, a linear scan is as fast
	denseMax       = 1 << 21 // the largest index given the dense layout
	maxSubstrWidth = 24
)

// slot is one entry of a dense table: a position and 96 bits of its code
// (fingerprint words fpWord..fpWord+2, mod 8, of the code's eight 32-bit
// words).
type slot struct {
	pos uint32
	fp  [3]uint32
}

// table indexes one substring: bits [start, start+width) of the code,
// counted from the most significant bit of word 0. The entries whose
// substring has value v are list[offs[v]:offs[v+1]] (positions into codes).
type table struct {
	start, width int
	offs         []uint32
	list         []uint32 // sparse: positions
	slots        []slot   // dense: positions with fingerprints
	fpWord       int      // dense: first 32-bit word of the fingerprint
	// masks lists the width-bit masks of weight 0..len(upto)-1 in order of
	// weight; masks[:upto[k]] are those of weight k or less. Probing walks
	// this flat list rather than generating masks, so the loads of
	// successive buckets do not wait on each other.
	masks []uint32
	upto  []int
}

// entryCost is the rough cost of checking one entry of a bucket: a
// fingerprint read in sequence for dense tables, a code at a random
// position for sparse ones.
func (t *table) entryCost() int {
	if t.fpWord >= 0 {
		return costSlot
	}
	return costCandidate
}

// maxMasks bounds the precomputed masks of one table (the weights whose
// masks fit are listed; larger probe radii generate the rest).
const maxMasks = 4096

// masksFor returns the masks of width bits by weight, up to the largest
// weight whose masks all fit in maxMasks.
func masksFor(width int) ([]uint32, []int) {
	masks := []uint32{0}
	upto := []int{1}
	for k := 1; k <= width && len(masks)+binom[width][k] <= maxMasks; k++ {
		for mask := uint32(1)<<k - 1; mask < 1<<width; mask = nextMask(mask) {
			masks = append(masks, mask)
		}
		upto = append(upto, len(masks))
	}
	return masks, upto
}

// chooseTables returns the substring count for n entries and whether the
// tables are dense: none (scan) for small n, 16 dense tables up to
// denseMax, else 256/log2(n) rounded, within [minTables, maxTables].
func chooseTables(n int) (int, bool) {
	if n < minIndexed {
		return 0, false
	}
	if n <= denseMax {
		return maxTables, true
	}
	m := (256*2/bits.Len(uint(n)) + 1) / 2 // 256/log2(n), rounded
	return min(max(m, minTables), maxTables), false
}

// word32 returns 32-bit word j (0..7, most significant first) of c.
func (c *code) word32(j int) uint32 { return uint32(c[j/2] >> (32 * (1 - j%2))) }

// fingerprint returns the three 32-bit words of c from word j on (mod 8).
func (c *code) fingerprint(j int) [3]uint32 {
	return [3]uint32{c.word32(j % 8), c.word32((j + 1) % 8), c.word32((j + 2) % 8)}
}

// layoutTables splits 256 bits into m contiguous substrings, the first
// 256 mod m of them one bit wider.
func layoutTables(m int, dense bool) []table {
	ts := make([]table, m)
	start := 0
	for t := range ts {
		w := 256 / m
		if t < 256%m {
			w++
		}
		// The fingerprint starts at the first whole word after the
		// substring, so it covers bits the table's own key does not.
		ts[t] = table{start: start, width: w, fpWord: ((start+w-1)/32 + 1) % 8}
		ts[t].masks, ts[t].upto = masksFor(w)
		if !dense {
			ts[t].fpWord = -1
		}
		start += w
	}
	return ts
}

// substr returns the width bits of c starting at bit start (from the most
// significant bit of word 0); width is at most 32.
func (c *code) substr(start, width int) uint32 {
	i, o := start/64, start%64
	v := c[i] << o
	if o+width > 64 {
		v |= c[i+1] >> (64 - o)
	}
	return uint32(v >> (64 - width))
}

// binom[n][k] is n choose k for n <= maxSubstrWidth, saturating well above
// any useful probe count.
var binom = func() [maxSubstrWidth + 1][maxSubstrWidth + 1]int {
	var b [maxSubstrWidth + 1][maxSubstrWidth + 1]int
	for n := range b {
		b[n][0] = 1
		for k := 1; k <= n; k++ {
			b[n][k] = b[n-1][k-1] + b[n-1][k]
		}
	}
	return b
}()

// assignRadii splits a search radius r among the tables. Generalising the
// paper's pigeonhole argument to substrings of unequal width: if every
// table t is probed to radius r_t (-1 = not probed) and the sum of
// (r_t + 1) is at least r+1, then a code within r of the query has some
// substring t within r_t of the query's, since otherwise the distances
// would add up to at least r+1. The r+1 units are handed out one at a time
// to the table where the next unit costs least, by the expected work at n
// entries: the buckets at the new radius times (a lookup plus the entries
// one holds on average). With equal widths this is the paper's rule of
// q+1 on the first a+1 tables and q on the rest (r = m*q + a).
func assignRadii(ts []table, r, n int) (rt [maxTables]int) {
	for t := range rt {
		rt[t] = -1
	}
	for range r + 1 {
		best, bestCost := -1, 0.0
		for t := range ts {
			k := rt[t] + 1
			if k > ts[t].width {
				continue // this table already probes everything
			}
			perBucket := float64(n) / float64(uint64(1)<<ts[t].width)
			c := float64(binom[ts[t].width][k]) * (costProbe + float64(ts[t].entryCost())*perBucket)
			if best < 0 || c < bestCost {
				best, bestCost = t, c
			}
		}
		if best < 0 {
			break // every table probes every bucket: exhaustive already
		}
		rt[best]++
	}
	return rt
}

// nextMask returns the next larger integer with the same number of set
// bits (Gosper's hack, HAKMEM item 175); v must be non-zero.
func nextMask(v uint32) uint32 {
	c := v & -v
	r := v + c
	return (((r ^ v) >> 2) / c) | r
}
