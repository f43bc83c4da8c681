package bank

import (
	"fmt"
	"hash/fnv"
	"math"
	"regexp"
	"time"
)

// DefaultPDQThreshold is the PDQ distance (bits of 256) at or below which a
// bank matches by default: the threshold ThreatExchange recommends for PDQ.
const DefaultPDQThreshold = 31

// DefaultVPDQMatchPercent is how many frames (percent) of both videos must
// match for a vPDQ match, the reference matcher's default.
const DefaultVPDQMatchPercent = 80

// Bank holds a bank's settings.
type Bank struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Threshold is the largest PDQ distance that matches (also applied to
	// each vPDQ frame); exact types ignore it.
	Threshold int  `json:"threshold"`
	Enabled   bool `json:"enabled"`
	// Ratio (0..1) rolls a bank out gradually: an entry is live when
	// InRollout(entry id, Ratio) holds. 1 makes every entry live.
	Ratio float64 `json:"ratio"`
	// Suppress marks a bank of known false positives: its matches cancel
	// the other banks' matches for the same query.
	Suppress  bool      `json:"suppress,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// NewBank returns the default settings for a bank called name: enabled,
// fully rolled out, threshold DefaultPDQThreshold.
func NewBank(name string) Bank {
	return Bank{Name: name, Threshold: DefaultPDQThreshold, Enabled: true, Ratio: 1}
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// Validate reports a bad name, threshold or ratio.
func (b Bank) Validate() error {
	if !nameRE.MatchString(b.Name) {
		return fmt.Errorf("bank name %q: use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit", b.Name)
	}
	if b.Threshold < 0 || b.Threshold > 256 {
		return fmt.Errorf("bank %s: threshold %d outside 0..256", b.Name, b.Threshold)
	}
	if math.IsNaN(b.Ratio) || b.Ratio < 0 || b.Ratio > 1 {
		return fmt.Errorf("bank %s: ratio %v outside 0..1", b.Name, b.Ratio)
	}
	return nil
}

// InRollout reports whether an entry is live in a bank rolled out at ratio r.
// The entry id is hashed with 64-bit FNV-1a and the splitmix64 finaliser
// (to spread FNV's weak low bits), and the result read as a fraction of 2^64:
// the same id is always in or always out at a given ratio, raising the ratio
// only adds entries, and about r of all entries are live.
func InRollout(entryID string, r float64) bool {
	if r >= 1 {
		return true
	}
	if !(r > 0) {
		return false
	}
	h := fnv.New64a()
	h.Write([]byte(entryID))
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x>>11)/(1<<53) < r
}
