package rampart

import (
	"time"
)

// Kinds of subject. A Subject is anything a finding can be about.
const (
	KindAccount = "account"
	KindPost    = "post"
	KindCluster = "cluster" // a coordinated network found by an analyzer
)

// Platforms as written in the native format. Readers set one of these; other
// values are allowed (the native format echoes whatever it is given).
const (
	PlatformX         = "x"
	PlatformTelegram  = "telegram"
	PlatformWhatsApp  = "whatsapp"
	PlatformFacebook  = "facebook"
	PlatformInstagram = "instagram"
	PlatformMastodon  = "mastodon"
)

// Subject names one thing on one platform. (Platform, Kind, ID) is the
// identity used for idempotent ingest and for findings.
type Subject struct {
	Platform string `json:"platform"`
	Kind     string `json:"kind"`
	ID       string `json:"id"`
}

// String renders a subject as platform/kind/id, for logs and messages.
func (s Subject) String() string { return s.Platform + "/" + s.Kind + "/" + s.ID }

// Avatar is an account's profile image. Default marks the platform's default
// image, itself a weak fake-account signal.
type Avatar struct {
	Path    string `json:"path,omitempty"`
	URL     string `json:"url,omitempty"`
	SHA256  string `json:"sha256,omitempty"`
	PDQ     string `json:"pdq,omitempty"`
	Default bool   `json:"default,omitempty"`
}

// Media is one attachment of a post. Path is relative to the input file when
// the export ships the file; hashes are kept when the export already has them.
type Media struct {
	Type   string `json:"type,omitempty"` // photo, video, animated_gif, document, audio, sticker
	Path   string `json:"path,omitempty"`
	URL    string `json:"url,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	PDQ    string `json:"pdq,omitempty"`
}

// Account is a profile on a platform. Counts are pointers so that "not in the
// export" (nil) differs from zero: scoring must know which features it lacks.
type Account struct {
	Platform   string    `json:"platform"`
	ID         string    `json:"id"`
	Handle     string    `json:"handle,omitempty"`
	Name       string    `json:"name,omitempty"`
	Bio        string    `json:"bio,omitempty"`
	CreatedAt  time.Time `json:"created_at,omitzero"`
	Followers  *int64    `json:"followers,omitempty"`
	Following  *int64    `json:"following,omitempty"`
	PostsCount *int64    `json:"posts_count,omitempty"`
	Verified   bool      `json:"verified,omitempty"`
	Avatar     *Avatar   `json:"avatar,omitempty"`
	URL        string    `json:"url,omitempty"`
	// Extra keeps fields the native format does not name, so nothing given is
	// dropped. Readers of other formats put format-specific facts here.
	Extra map[string]any `json:"extra,omitempty"`
}

// Post is one message: a tweet, a Telegram message, a WhatsApp line, a
// Facebook post. Chat names where it was posted when the platform has rooms
// (a Telegram chat or channel, a WhatsApp group, a Facebook page or group).
type Post struct {
	Platform  string         `json:"platform"`
	ID        string         `json:"id"`
	AccountID string         `json:"account_id,omitempty"`
	Chat      string         `json:"chat,omitempty"`
	CreatedAt time.Time      `json:"created_at,omitzero"`
	Text      string         `json:"text,omitempty"`
	Lang      string         `json:"lang,omitempty"`
	URLs      []string       `json:"urls,omitempty"`
	Hashtags  []string       `json:"hashtags,omitempty"`
	Mentions  []string       `json:"mentions,omitempty"`
	ReplyTo   string         `json:"reply_to,omitempty"`
	RepostOf  string         `json:"repost_of,omitempty"`
	Media     []Media        `json:"media,omitempty"`
	URL       string         `json:"url,omitempty"`
	Extra     map[string]any `json:"extra,omitempty"`
}

// Origin says where an item was read: for error messages and chain of custody.
type Origin struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"` // 1-based; 0 when the format has no lines
	Path   string `json:"path,omitempty"` // JSON path within the record, e.g. "$.messages[12]"
	Format string `json:"format,omitempty"`
}

// Item is one unit read from an input: exactly one of Account and Post is set.
// Flags record repairs made while reading (for example "invalid_utf8").
type Item struct {
	Account *Account
	Post    *Post
	Origin  Origin
	Flags   []string
}

// Flags set by readers.
const (
	FlagInvalidUTF8 = "invalid_utf8" // invalid bytes were replaced by U+FFFD
	FlagTruncated   = "truncated"    // a field was cut to a size limit
)

// Kind reports "account" or "post" ("" for an empty item).
func (it Item) Kind() string {
	switch {
	case it.Account != nil:
		return KindAccount
	case it.Post != nil:
		return KindPost
	}
	return ""
}

// Subject returns the identity of the item.
func (it Item) Subject() Subject {
	switch {
	case it.Account != nil:
		return Subject{Platform: it.Account.Platform, Kind: KindAccount, ID: it.Account.ID}
	case it.Post != nil:
		return Subject{Platform: it.Post.Platform, Kind: KindPost, ID: it.Post.ID}
	}
	return Subject{}
}

// AccountID returns the account an item belongs to: the account itself, or
// the author of a post.
func (it Item) AccountID() string {
	switch {
	case it.Account != nil:
		return it.Account.ID
	case it.Post != nil:
		return it.Post.AccountID
	}
	return ""
}
