package bank

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart/pdq"
	"github.com/rampart-tt/rampart/urlcanon"
)

// SignalType names what an entry's value is.
type SignalType string

// Signal types a bank holds.
const (
	PDQ    SignalType = "pdq"    // 64 hex digits, PDQ photo hash
	MD5    SignalType = "md5"    // 32 hex digits, MD5 of a file's bytes
	SHA256 SignalType = "sha256" // 64 hex digits, SHA-256 of a file's bytes
	VPDQ   SignalType = "vpdq"   // frame PDQ hashes of a video, comma-separated
	URL    SignalType = "url"    // a URL, a domain ("domain:example.org") or a Telegram channel
)

// SignalTypes lists every signal type, in a fixed order.
var SignalTypes = []SignalType{PDQ, MD5, SHA256, VPDQ, URL}

// ParseSignalType reads a signal type, accepting the names python-threatexchange
// and HMA use ("video_md5" is an MD5 of a video file).
func ParseSignalType(s string) (SignalType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "pdq":
		return PDQ, nil
	case "md5", "video_md5", "photo_md5":
		return MD5, nil
	case "sha256":
		return SHA256, nil
	case "vpdq":
		return VPDQ, nil
	case "url":
		return URL, nil
	}
	return "", fmt.Errorf("unknown signal type %q (want pdq, md5, sha256, vpdq or url)", s)
}

// Opinion is what a bank says about content that matches an entry.
type Opinion string

// Opinions. Only positive feeds the shipped policy's rules; investigate is
// shown to reviewers; negative marks content known not to be violating.
const (
	Positive    Opinion = "positive"
	Investigate Opinion = "investigate"
	Negative    Opinion = "negative"
)

// ParseOpinion reads an opinion; "" means positive, the usual case for a bank
// of known terrorist content.
func ParseOpinion(s string) (Opinion, error) {
	switch o := Opinion(strings.ToLower(strings.TrimSpace(s))); o {
	case "":
		return Positive, nil
	case Positive, Investigate, Negative:
		return o, nil
	}
	return "", fmt.Errorf("unknown opinion %q (want positive, investigate or negative)", s)
}

// Labels describe an entry: the designated group behind the content (a
// registry entity id), the kind of content (claim_poster, logo,
// execution_video, martyr_portrait, ...), where the entry came from (gifct,
// internal, referral, ...) and free tags.
type Labels struct {
	Group  string   `json:"group,omitempty"`
	Kind   string   `json:"kind,omitempty"`
	Source string   `json:"source,omitempty"`
	Tags   []string `json:"tags,omitempty"`
}

// Entry is one value in a bank. ID is stable and unique within the bank: an
// exchange's own id when it has one, otherwise derived from the type and
// value (DefaultID), so that the same hash imported twice is the same entry.
type Entry struct {
	ID         string     `json:"id"`
	Type       SignalType `json:"signal_type"`
	Value      string     `json:"value"`
	Labels     Labels     `json:"labels,omitzero"`
	Opinion    Opinion    `json:"opinion"`
	AddedAt    time.Time  `json:"added_at,omitzero"`
	DisabledAt time.Time  `json:"disabled_at,omitzero"`
}

// Disabled reports whether the entry is switched off.
func (e Entry) Disabled() bool { return !e.DisabledAt.IsZero() }

// DefaultID derives an entry id from its type and normalised value: the
// first 16 hex digits of SHA-256("type:value").
func DefaultID(t SignalType, value string) string {
	// Hashed from a stack buffer and encoded into one: one allocation (the
	// id) per entry instead of three, which counts at a million entries.
	var buf [128]byte
	b := append(append(append(buf[:0], t...), ':'), value...)
	sum := sha256.Sum256(b)
	var id [16]byte
	hex.Encode(id[:], sum[:8])
	return string(id[:])
}

// Limits on what an entry may hold, so a hostile bank file cannot make one
// entry arbitrarily large.
const (
	maxIDLen    = 256
	maxLabelLen = 256
	maxTags     = 32
	maxVPDQ     = 100_000 // frames
)

// Normalize validates e and returns it with its value in canonical form
// (lower-case hex, canonical URL), its opinion defaulted and its id filled.
func Normalize(e Entry) (Entry, error) {
	t, err := ParseSignalType(string(e.Type))
	if err != nil {
		return Entry{}, err
	}
	e.Type = t
	v, err := NormalizeValue(t, e.Value)
	if err != nil {
		return Entry{}, err
	}
	e.Value = v
	if e.Opinion, err = ParseOpinion(string(e.Opinion)); err != nil {
		return Entry{}, err
	}
	e.ID = strings.TrimSpace(e.ID)
	if e.ID == "" {
		e.ID = DefaultID(t, v)
	}
	if len(e.ID) > maxIDLen {
		return Entry{}, fmt.Errorf("id longer than %d bytes", maxIDLen)
	}
	for _, l := range [...]struct{ name, s string }{{"group", e.Labels.Group}, {"kind", e.Labels.Kind}, {"source", e.Labels.Source}} {
		if len(l.s) > maxLabelLen {
			return Entry{}, fmt.Errorf("label %s longer than %d bytes", l.name, maxLabelLen)
		}
	}
	if len(e.Labels.Tags) > maxTags {
		return Entry{}, fmt.Errorf("more than %d tags", maxTags)
	}
	for _, tag := range e.Labels.Tags {
		if tag == "" || len(tag) > maxLabelLen || strings.ContainsAny(tag, " \t\r\n") {
			return Entry{}, fmt.Errorf("tag %q: tags are non-empty words of at most %d bytes", tag, maxLabelLen)
		}
	}
	if len(e.Labels.Tags) == 0 {
		e.Labels.Tags = nil
	}
	return e, nil
}

// NormalizeValue validates a value of type t and returns its canonical form.
// URL values are a URL (canonicalised by urlcanon), "domain:NAME" for every
// URL on a domain and its subdomains, or "telegram:NAME" for a public
// Telegram channel; a t.me channel link with no post path is stored as
// "telegram:NAME" so that links to any of its posts match.
func NormalizeValue(t SignalType, v string) (string, error) {
	v = strings.TrimSpace(v)
	switch t {
	case PDQ:
		h, err := pdq.Parse(v)
		if err != nil {
			return "", fmt.Errorf("pdq value: %w", err)
		}
		if !hasUpperHex(v) {
			return v, nil // already canonical: keep it rather than re-encode
		}
		return h.String(), nil
	case MD5:
		return hexValue(v, 16)
	case SHA256:
		return hexValue(v, 32)
	case VPDQ:
		frames, err := parseVPDQ(v)
		if err != nil {
			return "", err
		}
		s := make([]string, len(frames))
		for i, f := range frames {
			s[i] = pdq.Hash(f).String()
		}
		return strings.Join(s, ","), nil
	case URL:
		return normalizeURL(v)
	}
	return "", fmt.Errorf("unknown signal type %q", t)
}

// hasUpperHex reports whether s holds an upper-case hex digit.
func hasUpperHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'F' {
			return true
		}
	}
	return false
}

func hexValue(v string, n int) (string, error) {
	b, err := hex.DecodeString(v)
	if err != nil || len(b) != n {
		return "", fmt.Errorf("want %d hex digits, got %q", 2*n, truncate(v))
	}
	return hex.EncodeToString(b), nil
}

// parseVPDQ reads comma-separated frame hashes.
func parseVPDQ(v string) ([][32]byte, error) {
	if v == "" {
		return nil, fmt.Errorf("vpdq value: no frame hashes")
	}
	parts := strings.Split(v, ",")
	if len(parts) > maxVPDQ {
		return nil, fmt.Errorf("vpdq value: more than %d frames", maxVPDQ)
	}
	out := make([][32]byte, len(parts))
	for i, p := range parts {
		h, err := pdq.Parse(strings.TrimSpace(p))
		if err != nil {
			return nil, fmt.Errorf("vpdq value: frame %d: %w", i+1, err)
		}
		out[i] = h
	}
	return out, nil
}

const (
	domainPrefix   = "domain:"
	telegramPrefix = "telegram:"
)

func normalizeURL(v string) (string, error) {
	if d, ok := strings.CutPrefix(v, domainPrefix); ok {
		d = strings.TrimSuffix(strings.ToLower(d), ".")
		u, err := urlcanon.Canonical("https://" + d + "/")
		if err != nil || u.Host != d || d == "" {
			return "", fmt.Errorf("url value: %q is not a domain name", truncate(v))
		}
		return domainPrefix + d, nil
	}
	if c, ok := strings.CutPrefix(v, telegramPrefix); ok {
		u, err := urlcanon.Canonical("https://t.me/" + c)
		if err != nil || u.TelegramChannel == "" {
			return "", fmt.Errorf("url value: %q is not a Telegram channel name", truncate(v))
		}
		return telegramPrefix + u.TelegramChannel, nil
	}
	u, err := urlcanon.Canonical(v)
	if err != nil {
		return "", fmt.Errorf("url value: %w", err)
	}
	if u.TelegramChannel != "" && u.Canonical == "https://t.me/"+u.TelegramChannel {
		return telegramPrefix + u.TelegramChannel, nil
	}
	return u.Canonical, nil
}

// urlKeys returns the keys a query URL is looked up under in a URL bank: its
// canonical form, its Telegram channel, and its host and every parent domain.
func urlKeys(raw string) ([]string, urlcanon.URL, error) {
	u, err := urlcanon.Canonical(raw)
	if err != nil {
		return nil, u, err
	}
	keys := []string{u.Canonical}
	if u.TelegramChannel != "" {
		keys = append(keys, telegramPrefix+u.TelegramChannel)
	}
	host := u.Host
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		host = host[:i]
	}
	for d := host; strings.Contains(d, "."); {
		keys = append(keys, domainPrefix+d)
		_, d, _ = strings.Cut(d, ".")
	}
	return slices.Compact(keys), u, nil
}

func truncate(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
