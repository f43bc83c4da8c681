package account

import (
	"math"
	"slices"
	"time"
	"unicode"

	"github.com/rampart-tt/rampart"
)

// Feature names, in vector order. Profile features need only the account
// record; activity features need posts.
const (
	FAgeDays        = "age_days_log"         // log1p(account age in days)
	FFollowers      = "followers_log"        // log1p(followers)
	FFollowing      = "following_log"        // log1p(following)
	FFollowRatio    = "follow_ratio_log"     // log10((followers+1)/(following+1))
	FPostsPerDay    = "posts_per_day_log"    // log1p(posts_count / age in days)
	FHandleDigits   = "handle_digits"        // digits in the handle
	FHandleDigitPct = "handle_digit_share"   // digits / runes in the handle
	FHandleEntropy  = "handle_entropy"       // Shannon entropy of handle characters, bits
	FHandleLen      = "handle_len"           // runes in the handle
	FNameDigits     = "handle_name_digits"   // 1 when the handle is letters then ≥4 digits
	FHandleRandom   = "handle_random"        // 1 when the handle looks machine-made
	FDefaultAvatar  = "default_avatar"       // 1 for the platform's default image
	FEmptyBio       = "empty_bio"            // 1 when the bio is empty
	FNameMismatch   = "name_handle_mismatch" // 1 - share of name tokens found in the handle
	FBurstiness     = "burstiness"           // Goh–Barabási B of inter-post gaps
	FGapEntropy     = "gap_entropy"          // entropy of log2-binned inter-post gaps, bits
	FHourEntropy    = "hour_entropy"         // entropy of posting hour (UTC), bits
	FRepostShare    = "repost_share"         // share of posts that are reposts
	FLinkShare      = "link_share"           // share of posts with a link
	FReplyShare     = "reply_share"          // share of posts that are replies
	FDupShare       = "dup_share"            // share of posts repeating an earlier normalised text
	FHashtags       = "hashtags_per_post"    // mean hashtags per post
)

// ProfileFeatures and ActivityFeatures list the features of each kind in
// vector order; AllFeatures is their concatenation.
var (
	ProfileFeatures = []string{FAgeDays, FFollowers, FFollowing, FFollowRatio, FPostsPerDay,
		FHandleDigits, FHandleDigitPct, FHandleEntropy, FHandleLen, FNameDigits, FHandleRandom,
		FDefaultAvatar, FEmptyBio, FNameMismatch}
	ActivityFeatures = []string{FBurstiness, FGapEntropy, FHourEntropy, FRepostShare, FLinkShare,
		FReplyShare, FDupShare, FHashtags}
	AllFeatures = append(slices.Clip(ProfileFeatures), ActivityFeatures...)
)

// NumFeatures is the length of a feature vector.
var NumFeatures = len(AllFeatures)

// featureIndex maps a name to its position in a Vector.
var featureIndex = func() map[string]int {
	m := make(map[string]int, len(AllFeatures))
	for i, f := range AllFeatures {
		m[f] = i
	}
	return m
}()

// Vector holds one account's feature values; Present[i] is false when
// feature i could not be computed (its Value is then meaningless).
type Vector struct {
	Value   []float64
	Present []bool
}

// NewVector returns a vector with every feature missing.
func NewVector() Vector {
	return Vector{Value: make([]float64, NumFeatures), Present: make([]bool, NumFeatures)}
}

// Set records a feature value; unknown names are ignored by design of the
// closed feature list (callers use the F* constants).
func (v Vector) Set(name string, x float64) {
	if i, ok := featureIndex[name]; ok && !math.IsNaN(x) && !math.IsInf(x, 0) {
		v.Value[i], v.Present[i] = x, true
	}
}

// Get returns a feature value and whether it is present.
func (v Vector) Get(name string) (float64, bool) {
	i, ok := featureIndex[name]
	if !ok {
		return 0, false
	}
	return v.Value[i], v.Present[i]
}

// Extract computes the features of an account from its profile (a may be
// nil when the account is known only as the author of posts) and posts. Age
// is measured at now, or at the newest post when now is zero.
func Extract(a *rampart.Account, posts []rampart.Post, now time.Time) Vector {
	v := NewVector()
	if now.IsZero() {
		for _, p := range posts {
			if p.CreatedAt.After(now) {
				now = p.CreatedAt
			}
		}
	}
	if a != nil {
		profileFeatures(v, a, now)
	}
	if len(posts) > 0 {
		activityFeatures(v, posts)
	}
	return v
}

func profileFeatures(v Vector, a *rampart.Account, now time.Time) {
	ageDays := -1.0
	if !a.CreatedAt.IsZero() && !now.IsZero() {
		ageDays = max(now.Sub(a.CreatedAt).Hours()/24, 0)
		v.Set(FAgeDays, math.Log1p(ageDays))
	}
	if a.Followers != nil {
		v.Set(FFollowers, math.Log1p(float64(max(*a.Followers, 0))))
	}
	if a.Following != nil {
		v.Set(FFollowing, math.Log1p(float64(max(*a.Following, 0))))
	}
	if a.Followers != nil && a.Following != nil {
		v.Set(FFollowRatio, math.Log10(float64(max(*a.Followers, 0)+1)/float64(max(*a.Following, 0)+1)))
	}
	if a.PostsCount != nil && ageDays >= 0 {
		// At least one day, so that an account made today is not infinitely fast.
		v.Set(FPostsPerDay, math.Log1p(float64(max(*a.PostsCount, 0))/max(ageDays, 1)))
	}
	if a.Handle != "" {
		handleFeatures(v, a.Handle)
	}
	if a.Avatar != nil {
		v.Set(FDefaultAvatar, b2f(a.Avatar.Default))
	}
	// Bio has no pointer: an account record with no bio is taken as empty.
	v.Set(FEmptyBio, b2f(a.Bio == ""))
	if a.Name != "" && a.Handle != "" {
		v.Set(FNameMismatch, nameMismatch(a.Name, a.Handle))
	}
}

// handleFeatures sets the handle-derived features.
func handleFeatures(v Vector, h string) {
	rs := []rune(h)
	digits := 0
	for _, r := range rs {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	v.Set(FHandleDigits, float64(digits))
	v.Set(FHandleDigitPct, float64(digits)/float64(len(rs)))
	v.Set(FHandleEntropy, charEntropy(rs))
	v.Set(FHandleLen, float64(len(rs)))
	v.Set(FNameDigits, b2f(nameDigits(h)))
	v.Set(FHandleRandom, b2f(randomHandle(h)))
}

// nameDigits reports a handle made of letters (and separators) followed by
// four or more digits, as in omar_yousafzai7253: the form platforms suggest
// when a name is taken, and which mass sign-ups keep.
func nameDigits(h string) bool {
	rs := []rune(h)
	n := 0
	for n < len(rs) && unicode.IsDigit(rs[len(rs)-1-n]) {
		n++
	}
	if n < 4 || n == len(rs) {
		return false
	}
	for _, r := range rs[:len(rs)-n] {
		if !unicode.IsLetter(r) && r != '_' && r != '.' && r != '-' {
			return false
		}
	}
	return true
}

// randomHandle flags handles that look generated: eight or more characters
// of mixed letters and digits with digits scattered through (three or more
// letter/digit alternations, as in x7kq9w2p), or Latin letters with a run of
// five consonants, which human-chosen names rarely have.
func randomHandle(h string) bool {
	rs := []rune(h)
	if len(rs) < 8 {
		return false
	}
	switches := 0
	for i := 1; i < len(rs); i++ {
		if unicode.IsDigit(rs[i]) != unicode.IsDigit(rs[i-1]) && (unicode.IsLetter(rs[i]) || unicode.IsLetter(rs[i-1])) {
			switches++
		}
	}
	if switches >= 3 {
		return true
	}
	run := 0
	for _, r := range rs {
		lr := unicode.ToLower(r)
		if lr >= 'a' && lr <= 'z' && !isVowel(lr) {
			run++
			if run >= 5 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// nameMismatch is 1 minus the share of the display name's letter tokens (of
// two or more runes) that occur inside the lower-cased handle. Names in
// another script than the handle therefore mismatch fully, which is common
// among humans too; the model weighs it.
func nameMismatch(name, handle string) float64 {
	lh := []rune(lowerString(handle))
	total, found := 0, 0
	for _, t := range tokens(name) {
		tr := []rune(t)
		if len(tr) < 2 || unicode.IsDigit(tr[0]) {
			continue
		}
		total++
		if containsRunes(lh, tr) {
			found++
		}
	}
	if total == 0 {
		return 1
	}
	return 1 - float64(found)/float64(total)
}

func lowerString(s string) string {
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = unicode.ToLower(r)
	}
	return string(rs)
}

func containsRunes(hay, needle []rune) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		if slices.Equal(hay[i:i+len(needle)], needle) {
			return true
		}
	}
	return false
}

// charEntropy is the Shannon entropy, in bits, of the rune distribution of
// s (case-folded).
func charEntropy(rs []rune) float64 {
	counts := map[rune]int{}
	for _, r := range rs {
		counts[unicode.ToLower(r)]++
	}
	c := make([]float64, 0, len(counts))
	for _, n := range counts {
		c = append(c, float64(n))
	}
	// Sorted so that the sum, and so the result, does not depend on map order.
	slices.Sort(c)
	return entropy(c)
}

// entropy returns the Shannon entropy in bits of a histogram.
func entropy(counts []float64) float64 {
	total := 0.0
	for _, c := range counts {
		total += c
	}
	if total == 0 {
		return 0
	}
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := c / total
			h -= p * math.Log2(p)
		}
	}
	return h + 0 // +0 turns -0 into 0
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
