package classify

import (
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"

	"github.com/rampart-tt/rampart/textnorm"
)

// FeatureConfig says how text becomes a feature vector. It is stored in the
// model file, so a model always featurises input the way it was trained.
type FeatureConfig struct {
	// BucketsLog2 is k: features are hashed into 2^k buckets (10..24).
	BucketsLog2 int `json:"buckets_log2"`
	// CharMin and CharMax bound the character n-gram orders (1..8).
	CharMin int `json:"char_min"`
	CharMax int `json:"char_max"`
	// Words turns on word unigrams and bigrams.
	Words bool `json:"words"`
	// Emoji turns on one feature per emoji or other pictographic symbol:
	// textnorm drops them from its keys, but 🏴 and 🌹 carry meaning here.
	Emoji bool `json:"emoji"`
	// Designation adds designation-matcher features (an entity is named, a
	// media wing is named, the group id) with the fixed value
	// DesignationValue, outside the L2-normalised text features: the value is
	// kept small so that a name alone cannot decide the label.
	Designation      bool    `json:"designation"`
	DesignationValue float64 `json:"designation_value,omitempty"`
	// BlockNorm L2-normalises the character n-grams and the word features
	// (words, bigrams, emoji) as two blocks of equal norm instead of as one
	// vector, so that the many character n-grams of a post do not drown its
	// few word features.
	BlockNorm bool `json:"block_norm,omitempty"`
	// MaxBytes truncates longer input (at a rune boundary) before
	// featurising; Prediction.Truncated says when it happened.
	MaxBytes int `json:"max_bytes"`
}

// DefaultFeatureConfig returns the configuration the shipped model uses.
func DefaultFeatureConfig() FeatureConfig {
	return FeatureConfig{
		BucketsLog2: 17, CharMin: 1, CharMax: 2, Words: true, Emoji: true, BlockNorm: true,
		Designation: true, DesignationValue: 0.1, MaxBytes: 8 << 10,
	}
}

// Validate reports every problem with the configuration at once.
func (c FeatureConfig) Validate() error {
	var errs []string
	if c.BucketsLog2 < 10 || c.BucketsLog2 > 24 {
		errs = append(errs, fmt.Sprintf("buckets_log2 %d: want 10..24", c.BucketsLog2))
	}
	if c.CharMin < 1 || c.CharMax > 8 || c.CharMin > c.CharMax {
		errs = append(errs, fmt.Sprintf("char n-gram orders %d..%d: want 1 <= min <= max <= 8", c.CharMin, c.CharMax))
	}
	if c.MaxBytes < 16 {
		errs = append(errs, fmt.Sprintf("max_bytes %d: want at least 16", c.MaxBytes))
	}
	if c.DesignationValue < 0 || c.DesignationValue > 1 {
		errs = append(errs, fmt.Sprintf("designation_value %g: want 0..1", c.DesignationValue))
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("feature config: %s", joinErrs(errs))
}

func joinErrs(errs []string) string {
	s := errs[0]
	for _, e := range errs[1:] {
		s += "; " + e
	}
	return s
}

// Feature namespaces: hashed with the feature so that the word "a" and the
// character "a" land in different buckets.
const (
	nsChar  = 'c'
	nsWord  = 'w'
	nsBigr  = 'b'
	nsEmoji = 'e'
	nsDesig = 'd'
)

// origin remembers where a bucket's first feature came from, so that the
// explanation can name it without a global vocabulary: ns with a and b
// indexes into the featuriser's buffers (chars: start and length; words:
// first token and count; emoji: the rune; designation: index into desig).
type origin struct {
	ns   byte
	a, b int32
}

// featurizer turns one text into a sparse vector. It owns scratch buffers
// and is reused through the model's pool; never shared between goroutines
// while in use.
//
// Repeated features are merged in a small open-addressing table sized to
// the text (a few thousand slots for a post), not in an array of 2^k
// buckets: the table stays in L1/L2 cache, where a bucket-sized array
// costs a cache miss per feature.
type featurizer struct {
	cfg   FeatureConfig
	mask  uint64
	norm  textnorm.Text
	chars []rune   // Fold with ' ' at word and script boundaries
	toks  [][2]int // word token spans in norm.Key
	// Merge table: slots hold entry index + 1 (0 is empty), valid when
	// slotEpoch matches epoch, so that it is never cleared between texts.
	slots     []int32
	slotEpoch []uint32
	epoch     uint32
	// Entries in first-seen order (deterministic): bucket, signed count,
	// origin of the first feature that hit the bucket.
	bucket  []int32
	count   []float32
	origins []origin
	desig   []string
	// Output.
	idx []int32
	val []float32
}

func newFeaturizer(cfg FeatureConfig) *featurizer {
	return &featurizer{cfg: cfg, mask: uint64(1)<<cfg.BucketsLog2 - 1}
}

// reserve makes the merge table at least four times n slots (load ≤ 1/4, so
// linear probes stay short).
func (f *featurizer) reserve(n int) {
	want := 1024
	for want < 4*n {
		want <<= 1
	}
	if len(f.slots) >= want {
		return
	}
	f.slots = make([]int32, want)
	f.slotEpoch = make([]uint32, want)
}

// Hashing: FNV-1a over the namespace and the runes, finished with the
// splitmix64 mixer (Steele, Lea and Flood, OOPSLA 2014) so that low bits are
// well spread. The bucket is the low k bits; the sign is the top bit, as in
// signed feature hashing (Weinberger et al., ICML 2009), which makes
// collisions cancel in expectation instead of adding up.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashStart(ns byte) uint64 { return (fnvOffset ^ uint64(ns)) * fnvPrime }

func hashRune(h uint64, r rune) uint64 {
	h = (h ^ uint64(uint32(r))) * fnvPrime
	return h
}

func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

func (f *featurizer) add(h uint64, o origin) {
	h = mix(h)
	b := int32(h & f.mask)
	sign := float32(1)
	if h>>63 == 1 {
		sign = -1
	}
	// Probe with bits the bucket does not use, so that neighbouring
	// buckets do not cluster in the table.
	smask := uint32(len(f.slots) - 1)
	s := uint32(h>>32) & smask
	for {
		if f.slotEpoch[s] != f.epoch {
			f.slotEpoch[s] = f.epoch
			f.slots[s] = int32(len(f.bucket))
			f.bucket = append(f.bucket, b)
			f.count = append(f.count, sign)
			f.origins = append(f.origins, o)
			return
		}
		if e := f.slots[s]; f.bucket[e] == b {
			f.count[e] += sign
			return
		}
		s = (s + 1) & smask
	}
}

// log1pSmall caches log(1+n) for the small counts nearly every feature has.
var log1pSmall = func() (t [32]float64) {
	for i := range t {
		t[i] = math.Log1p(float64(i))
	}
	return t
}()

// scriptOf classes a rune for script-aware n-grams: a change of script is a
// word boundary, so mixed Roman Urdu and Urdu text does not make n-grams that
// straddle two scripts.
func scriptOf(r rune) byte {
	if r >= 0 && r < runeTableSize {
		return runeTable[r] &^ pictoBit
	}
	return scriptOfSlow(r)
}

// runeTable caches scriptOf and isPictograph for the runes below U+0800
// (Latin, and the Arabic block that Urdu, Pashto and Arabic are written
// in): unicode.Is is a binary search, and these runes are nearly all a post
// has.
const (
	runeTableSize = 0x800
	pictoBit      = 0x80 // flag in runeTable: isPictograph
)

var runeTable = func() (t [runeTableSize]byte) {
	for r := range rune(runeTableSize) {
		t[r] = scriptOfSlow(r)
		if isPictographSlow(r) {
			t[r] |= pictoBit
		}
	}
	return t
}()

func scriptOfSlow(r rune) byte {
	switch {
	case r < 0x80:
		if r >= '0' && r <= '9' {
			return 'n'
		}
		return 'L'
	case unicode.Is(unicode.Latin, r):
		return 'L'
	case unicode.Is(unicode.Arabic, r):
		return 'A'
	case unicode.IsDigit(r):
		return 'n'
	}
	return 'o'
}

// isPictograph reports runes kept as emoji features: symbols (So), which
// covers emoji, flags' parts and dingbats. Variation selectors and
// zero-width joiners are not symbols and are skipped.
func isPictograph(r rune) bool {
	if r >= 0 && r < runeTableSize {
		return runeTable[r]&pictoBit != 0
	}
	return isPictographSlow(r)
}

func isPictographSlow(r rune) bool {
	return r > 0x7f && unicode.Is(unicode.So, r)
}

// truncate cuts s to at most max bytes at a rune boundary.
func truncate(s string, max int) (string, bool) {
	if len(s) <= max {
		return s, false
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut], true
}

// featurize fills f.idx and f.val with the sparse vector of s. mentions are
// designation features (already found by the caller), as strings such as
// "named", "media_wing" and "group:ttp".
func (f *featurizer) featurize(s string, mentions []string) {
	f.epoch++
	if f.epoch == 0 { // wrapped: clear stamps so that old ones never match
		clear(f.slotEpoch)
		f.epoch = 1
	}
	f.bucket = f.bucket[:0]
	f.count = f.count[:0]
	f.origins = f.origins[:0]
	f.idx = f.idx[:0]
	f.val = f.val[:0]
	f.desig = f.desig[:0]

	f.norm.Reset(s)
	key, fold, brk := f.norm.Key, f.norm.Fold, f.norm.Brk

	// Character sequence with explicit boundaries.
	f.chars = f.chars[:0]
	f.toks = f.toks[:0]
	f.chars = append(f.chars, ' ')
	tokStart := 0
	var prevScript byte
	for i, r := range fold {
		sc := scriptOf(key[i])
		newWord := i > 0 && (brk[i] == textnorm.HardBoundary ||
			(sc != prevScript && sc != 'n' && prevScript != 'n'))
		if newWord {
			f.toks = append(f.toks, [2]int{tokStart, i})
			tokStart = i
			f.chars = append(f.chars, ' ')
		}
		prevScript = sc
		f.chars = append(f.chars, r)
	}
	if len(fold) > 0 {
		f.toks = append(f.toks, [2]int{tokStart, len(fold)})
		f.chars = append(f.chars, ' ')
	}
	// Upper bound on distinct features: n-grams, words, bigrams, emoji
	// (at most one per byte of s).
	f.reserve(len(f.chars)*(f.cfg.CharMax-f.cfg.CharMin+1) + 2*len(f.toks) + len(s))

	// Character n-grams, every order from CharMin to CharMax at each start.
	// A lone space is no feature.
	for i := range f.chars {
		h := hashStart(nsChar)
		for n := 1; n <= f.cfg.CharMax && i+n <= len(f.chars); n++ {
			h = hashRune(h, f.chars[i+n-1])
			if n < f.cfg.CharMin || (n == 1 && f.chars[i] == ' ') {
				continue
			}
			f.add(h, origin{ns: nsChar, a: int32(i), b: int32(n)})
		}
	}

	if f.cfg.Words {
		for t, sp := range f.toks {
			h := hashStart(nsWord)
			for _, r := range key[sp[0]:sp[1]] {
				h = hashRune(h, r)
			}
			f.add(h, origin{ns: nsWord, a: int32(t), b: 1})
			if t > 0 {
				prev := f.toks[t-1]
				h := hashStart(nsBigr)
				for _, r := range key[prev[0]:prev[1]] {
					h = hashRune(h, r)
				}
				h = hashRune(h, ' ')
				for _, r := range key[sp[0]:sp[1]] {
					h = hashRune(h, r)
				}
				f.add(h, origin{ns: nsBigr, a: int32(t - 1), b: 2})
			}
		}
	}

	if f.cfg.Emoji {
		for _, r := range s {
			if isPictograph(r) {
				f.add(hashRune(hashStart(nsEmoji), r), origin{ns: nsEmoji, a: r})
			}
		}
	}

	// TF scaling: signed log1p of the (signed) count, then L2 normalisation,
	// so that long posts do not get larger scores by being long.
	var ss [2]float64 // per block: 0 characters, 1 words and emoji
	for e, v := range f.count {
		var w float64
		switch {
		case v == 0:
			continue
		case v > 0 && v < float32(len(log1pSmall)):
			w = log1pSmall[int(v)]
		case v < 0 && -v < float32(len(log1pSmall)):
			w = -log1pSmall[int(-v)]
		default:
			w = math.Copysign(math.Log1p(math.Abs(float64(v))), float64(v))
		}
		f.count[e] = float32(w)
		blk := 0
		if f.origins[e].ns != nsChar {
			blk = 1
		}
		ss[blk] += w * w
	}
	var inv [2]float32
	if f.cfg.BlockNorm && ss[0] > 0 && ss[1] > 0 {
		inv[0] = float32(1 / math.Sqrt(2*ss[0]))
		inv[1] = float32(1 / math.Sqrt(2*ss[1]))
	} else if t := ss[0] + ss[1]; t > 0 {
		inv[0] = float32(1 / math.Sqrt(t))
		inv[1] = inv[0]
	}
	n := 0
	for e, v := range f.count {
		if v == 0 {
			continue
		}
		blk := 0
		if f.origins[e].ns != nsChar {
			blk = 1
		}
		f.idx = append(f.idx, f.bucket[e])
		f.val = append(f.val, v*inv[blk])
		f.origins[n] = f.origins[e]
		n++
	}
	f.origins = f.origins[:n]

	// Designation features sit outside the normalised text vector, with a
	// fixed small value: see FeatureConfig.Designation.
	if f.cfg.Designation && f.cfg.DesignationValue > 0 {
		for _, m := range mentions {
			h := hashStart(nsDesig)
			for _, r := range m {
				h = hashRune(h, r)
			}
			h = mix(h)
			b := int32(h & f.mask)
			sign := float32(1)
			if h>>63 == 1 {
				sign = -1
			}
			f.desig = append(f.desig, m)
			f.idx = append(f.idx, b)
			f.val = append(f.val, sign*float32(f.cfg.DesignationValue))
			f.origins = append(f.origins, origin{ns: nsDesig, a: int32(len(f.desig) - 1)})
		}
	}
}

// describe renders the feature at position k of the last vector, for
// explanations: c:"ab c" for a character n-gram, w:word, b:"w1 w2", e:🏴,
// d:group:ttp.
func (f *featurizer) describe(k int) string {
	o := f.origins[k]
	switch o.ns {
	case nsChar:
		return "c:" + quoteFeature(string(f.chars[o.a:o.a+o.b]))
	case nsWord:
		sp := f.toks[o.a]
		return "w:" + string(f.norm.Key[sp[0]:sp[1]])
	case nsBigr:
		a, b := f.toks[o.a], f.toks[o.a+1]
		return "b:" + quoteFeature(string(f.norm.Key[a[0]:a[1]])+" "+string(f.norm.Key[b[0]:b[1]]))
	case nsEmoji:
		return "e:" + string(rune(o.a))
	case nsDesig:
		return "d:" + f.desig[o.a]
	}
	return "?"
}

// quoteFeature marks n-grams with spaces so that edges are visible.
func quoteFeature(s string) string {
	for _, r := range s {
		if r == ' ' {
			return "\"" + s + "\""
		}
	}
	return s
}

// Feature is one non-zero entry of a text's feature vector, for inspection.
type Feature struct {
	Name   string  `json:"name"`
	Bucket int     `json:"bucket"`
	Value  float64 `json:"value"`
}

// ListFeatures returns the features of text under cfg, in the order they
// were first seen: what the model reads. It is for debugging and tests, not
// the hot path.
func ListFeatures(cfg FeatureConfig, text string) ([]Feature, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	text, _ = truncate(text, cfg.MaxBytes)
	var ms []string
	if cfg.Designation {
		n, err := sharedNamer()
		if err != nil {
			return nil, err
		}
		ms = n.features(text)
	}
	f := newFeaturizer(cfg)
	f.featurize(text, ms)
	out := make([]Feature, len(f.idx))
	for k, b := range f.idx {
		out[k] = Feature{Name: f.describe(k), Bucket: int(b), Value: float64(f.val[k])}
	}
	return out, nil
}
