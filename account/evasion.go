package account

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/pdq"
)

// Reason is one piece of evidence that a new account re-creates a removed
// one: its kind (handle, name, bio, avatar_sha256, avatar_pdq, links,
// hashtags, style, timing), a detail for the reviewer, and its strength in
// [0,1] before weighting.
type Reason struct {
	Kind   string  `json:"kind"`
	Detail string  `json:"detail"`
	Score  float64 `json:"score"`
}

// Candidate is a removed account a new one may re-create.
type Candidate struct {
	Removed  rampart.Subject `json:"removed"`
	Group    string          `json:"group,omitempty"`
	Score    float64         `json:"score"`
	Evidence []Reason        `json:"evidence"`
}

// profile is what the index keeps of one account for matching.
type profile struct {
	subject   rampart.Subject
	group     string
	handle    string
	stem      string
	num       int
	hasNum    bool
	name      string
	bio       []uint64
	sha       string
	pdq       *pdq.Hash
	links     map[string]bool
	tags      map[string]bool
	style     map[string]float64
	createdAt time.Time
	removedAt time.Time
}

// EvasionIndex holds removed accounts and finds the ones a new account may
// re-create. It is safe for concurrent use.
type EvasionIndex struct {
	mu      sync.RWMutex
	entries []profile
	byID    map[rampart.Subject]int
	blocks  map[string][]int32
}

// NewEvasionIndex returns an empty index.
func NewEvasionIndex() *EvasionIndex {
	return &EvasionIndex{byID: map[rampart.Subject]int{}, blocks: map[string][]int32{}}
}

// Len reports how many removed accounts the index holds.
func (x *EvasionIndex) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.entries)
}

// Add records a removed account with its posts and removal time (zero when
// unknown: no timing evidence is then given). The designated group it
// belonged to, when known, is read from acct.Extra["group"]. Adding the same
// account again replaces it.
func (x *EvasionIndex) Add(acct *rampart.Account, posts []rampart.Post, removedAt time.Time) error {
	if acct == nil || acct.ID == "" {
		return fmt.Errorf("add removed account: account and its id are required")
	}
	p := newProfile(acct, posts)
	p.removedAt = removedAt
	if g, ok := acct.Extra["group"].(string); ok {
		p.group = g
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if i, ok := x.byID[p.subject]; ok {
		x.unblock(int32(i))
		x.entries[i] = p
		x.block(int32(i))
		return nil
	}
	i := int32(len(x.entries))
	x.entries = append(x.entries, p)
	x.byID[p.subject] = int(i)
	x.block(i)
	return nil
}

func newProfile(a *rampart.Account, posts []rampart.Post) profile {
	p := profile{
		subject:   rampart.Subject{Platform: a.Platform, Kind: rampart.KindAccount, ID: a.ID},
		handle:    strings.ToLower(a.Handle),
		name:      normName(a.Name),
		bio:       minHash(a.Bio),
		createdAt: a.CreatedAt,
		links:     map[string]bool{},
		tags:      map[string]bool{},
	}
	p.stem, p.num, p.hasNum = handleParts(a.Handle)
	if a.Avatar != nil && !a.Avatar.Default {
		p.sha = strings.ToLower(a.Avatar.SHA256)
		if h, err := pdq.Parse(a.Avatar.PDQ); err == nil && !h.IsZero() {
			p.pdq = &h
		}
	}
	texts := make([]string, 0, len(posts))
	for _, po := range posts {
		for _, u := range po.URLs {
			if c := canonURL(u); c != "" {
				p.links[c] = true
			}
		}
		for _, t := range po.Hashtags {
			if c := canonTag(t); c != "" {
				p.tags[c] = true
			}
		}
		if po.RepostOf == "" {
			texts = append(texts, po.Text)
		}
	}
	p.style = styleProfile(texts)
	return p
}

// keys returns the blocking keys of a profile: trigrams of the handle stem
// and of the name, the avatar SHA-256, the sixteen 16-bit chunks of the
// avatar PDQ (two hashes within 15 bits share at least one chunk by the
// pigeonhole principle; Norouzi et al., multi-index hashing, CVPR 2012),
// the bands of the bio MinHash, and every link and hashtag. Keys shared by
// too many entries are skipped at query time, so common trigrams and
// popular links do not turn blocking back into a full scan.
func (p *profile) keys() []string {
	var k []string
	for _, g := range ngrams(p.stem, 3) {
		k = append(k, "h:"+g)
	}
	for _, g := range ngrams(strings.ReplaceAll(p.name, " ", ""), 3) {
		k = append(k, "n:"+g)
	}
	if p.sha != "" {
		k = append(k, "s:"+p.sha)
	}
	if p.pdq != nil {
		for c := 0; c < 16; c++ {
			k = append(k, fmt.Sprintf("p%d:%02x%02x", c, p.pdq[2*c], p.pdq[2*c+1]))
		}
	}
	for b := 0; b+minHashRows <= len(p.bio); b += minHashRows {
		var h uint64 = uint64(b)
		for _, v := range p.bio[b : b+minHashRows] {
			h = mix64(h ^ v)
		}
		k = append(k, fmt.Sprintf("b:%x", h))
	}
	for l := range p.links {
		k = append(k, "l:"+l)
	}
	for t := range p.tags {
		k = append(k, "t:"+t)
	}
	return k
}

func (x *EvasionIndex) block(i int32) {
	for _, k := range x.entries[i].keys() {
		x.blocks[k] = append(x.blocks[k], i)
	}
}

func (x *EvasionIndex) unblock(i int32) {
	for _, k := range x.entries[i].keys() {
		x.blocks[k] = slices.DeleteFunc(x.blocks[k], func(v int32) bool { return v == i })
	}
}

// maxBlock is the largest block read at query time: a key shared by more
// removed accounts than this is not rare enough to say anything.
const maxBlock = 200

// Candidates returns up to top removed accounts the given account may
// re-create, best first, with score at least minScore. The account itself
// is never its own candidate.
func (x *EvasionIndex) Candidates(acct *rampart.Account, posts []rampart.Post, top int, minScore float64) []Candidate {
	if acct == nil {
		return nil
	}
	q := newProfile(acct, posts)
	x.mu.RLock()
	defer x.mu.RUnlock()
	seen := map[int32]bool{}
	for _, k := range q.keys() {
		b := x.blocks[k]
		if len(b) > maxBlock {
			continue
		}
		for _, i := range b {
			seen[i] = true
		}
	}
	out := make([]Candidate, 0, len(seen))
	for i := range seen {
		e := &x.entries[i]
		if e.subject == q.subject {
			continue
		}
		c := compare(&q, e)
		if c.Score >= minScore && c.Score > 0 {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.Removed.String(), b.Removed.String())
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out
}

// Evidence weights. The combination is a hand-set noisy-OR,
// score = 1 − Π(1 − w·s), chosen over a model fitted on sim pairs because
// the only labelled pairs we have are the simulator's, written by the same
// team: fitting to them would learn the generator. Each weight is the
// chance we are willing to give one kind of evidence on its own; a shared
// avatar file or a handle with a bumped number is strong, a similar
// writing style or timing weak.
var evidenceWeight = map[string]float64{
	"handle":        0.7,
	"name":          0.4,
	"bio":           0.5,
	"avatar_sha256": 0.7,
	"avatar_pdq":    0.6,
	"links":         0.35,
	"hashtags":      0.25,
	"style":         0.2,
	"timing":        0.3,
}

// identityKind marks evidence about who the account claims to be, as
// opposed to what it posts.
var identityKind = map[string]bool{"handle": true, "name": true, "bio": true, "avatar_sha256": true, "avatar_pdq": true}

// contentOnlyCap bounds the score of a candidate with no identity evidence.
const contentOnlyCap = 0.45

// compare scores q as a re-creation of e.
func compare(q, e *profile) Candidate {
	c := Candidate{Removed: e.subject, Group: e.group}
	add := func(kind, detail string, s float64) {
		c.Evidence = append(c.Evidence, Reason{Kind: kind, Detail: detail, Score: s})
	}
	if q.stem != "" && e.stem != "" {
		switch {
		case q.stem == e.stem && q.handle != e.handle:
			add("handle", fmt.Sprintf("%s → %s: same stem %q, suffix changed", e.handle, q.handle, q.stem), 1)
		default:
			d := osaDistance(q.handle, e.handle)
			sim := max(jaroWinkler(q.stem, e.stem), 1-float64(d)/float64(max(len([]rune(q.handle)), len([]rune(e.handle)), 1)))
			if sim >= 0.85 {
				add("handle", fmt.Sprintf("%s ~ %s (edit distance %d, similarity %.2f)", e.handle, q.handle, d, sim), (sim-0.85)/0.15)
			}
		}
	}
	if q.name != "" && e.name != "" {
		if s := jaroWinkler(q.name, e.name); s >= 0.85 {
			add("name", fmt.Sprintf("display names %q ~ %q (%.2f)", e.name, q.name, s), (s-0.85)/0.15)
		}
	}
	if s := minHashSim(q.bio, e.bio); s >= 0.3 {
		add("bio", fmt.Sprintf("bio shingles overlap ~%.0f%% (MinHash)", 100*s), s)
	}
	if q.sha != "" && q.sha == e.sha {
		add("avatar_sha256", "same avatar file (SHA-256 "+shortHash(q.sha)+")", 1)
	} else if q.pdq != nil && e.pdq != nil {
		if d := pdq.Distance(*q.pdq, *e.pdq); d <= 31 {
			add("avatar_pdq", fmt.Sprintf("avatar PDQ distance %d of 256 bits", d), 1-float64(d)/64)
		}
	}
	if s := jaccard(q.links, e.links); s > 0 {
		add("links", fmt.Sprintf("%d shared links (Jaccard %.2f)", shared(q.links, e.links), s), math.Sqrt(s))
	}
	if s := jaccard(q.tags, e.tags); s > 0 {
		add("hashtags", fmt.Sprintf("%d shared hashtags (Jaccard %.2f)", shared(q.tags, e.tags), s), math.Sqrt(s))
	}
	if q.style != nil && e.style != nil {
		if s := cosine(q.style, e.style); s >= 0.5 {
			add("style", fmt.Sprintf("character 3-gram style cosine %.2f", s), (s-0.5)/0.5)
		}
	}
	if !e.removedAt.IsZero() && !q.createdAt.IsZero() {
		if dt := q.createdAt.Sub(e.removedAt); dt >= 0 && dt <= 30*24*time.Hour {
			// Half-life of a week: re-creations come within days.
			s := math.Exp2(-dt.Hours() / (7 * 24))
			add("timing", fmt.Sprintf("created %s after the removal", dt.Round(time.Hour)), s)
		}
	}
	rest := 1.0
	identity := false
	for _, r := range c.Evidence {
		rest *= 1 - evidenceWeight[r.Kind]*r.Score
		identity = identity || identityKind[r.Kind]
	}
	c.Score = 1 - rest
	if !identity {
		// Shared links, hashtags and style alone say the account spreads the
		// same material (amplifier bots do), which is coordination's
		// finding, not proof of the same owner: keep it below the default
		// threshold.
		c.Score = min(c.Score, contentOnlyCap)
	}
	slices.SortStableFunc(c.Evidence, func(a, b Reason) int {
		return cmp.Compare(evidenceWeight[b.Kind]*b.Score, evidenceWeight[a.Kind]*a.Score)
	})
	return c
}

func shared(a, b map[string]bool) int {
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return n
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}
