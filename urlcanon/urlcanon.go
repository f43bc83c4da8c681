// Package urlcanon canonicalises URLs so that the same resource shared in
// different spellings (tracking parameters, mobile hosts, short youtu.be
// links, x.com versus twitter.com) compares equal. It is used to find
// accounts that share the same link (coordination) and to key URL hash banks.
//
// Canonical never fetches anything: a shortened link stays itself and is
// only flagged, because following it would contact the shortener and leak
// that the link is being investigated.
package urlcanon

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// URL is a canonicalised URL and what is known about it without fetching.
type URL struct {
	// Canonical is the canonical form: lower-case scheme and host, no default
	// port, no fragment, no tracking parameters, sorted query, no trailing
	// slash except for the root path.
	Canonical string `json:"canonical"`
	// Host is the canonical host (lower case, no port unless non-default).
	Host string `json:"host"`
	// Domain is Host without a leading "www.", "m." or "mobile." label: a
	// registrable-ish name for grouping (not a public-suffix computation).
	Domain string `json:"domain"`
	// Shortener marks a known link shortener: the target is unknown.
	Shortener bool `json:"shortener,omitempty"`
	// TelegramInvite marks a private Telegram invite link (t.me/+HASH,
	// t.me/joinchat/HASH).
	TelegramInvite bool `json:"telegram_invite,omitempty"`
	// TelegramChannel is the public channel or user a t.me link points at,
	// in lower case ("" when none).
	TelegramChannel string `json:"telegram_channel,omitempty"`
}

// ErrInvalid is wrapped by every error Canonical returns.
var ErrInvalid = errors.New("invalid url")

// maxLen bounds the input so that hostile input cannot make canonicalisation
// expensive; real shared links are far shorter.
const maxLen = 8192

// Canonical canonicalises raw. A missing scheme is read as https ("bit.ly/x"
// and "www.example.com/a" are common in posts). Only http and https URLs are
// accepted, and http is written as https.
func Canonical(raw string) (URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return URL{}, fmt.Errorf("%w: empty", ErrInvalid)
	}
	if len(s) > maxLen {
		return URL{}, fmt.Errorf("%w: longer than %d bytes", ErrInvalid, maxLen)
	}
	if !strings.Contains(s, "://") {
		if schemeLike(s) {
			return URL{}, fmt.Errorf("%w: %q: scheme is not http or https", ErrInvalid, truncate(raw))
		}
		s = "https://" + strings.TrimPrefix(s, "//")
	}
	u, err := url.Parse(s)
	if err != nil {
		return URL{}, fmt.Errorf("%w: %q: %v", ErrInvalid, truncate(raw), unwrapURLError(err))
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return URL{}, fmt.Errorf("%w: %q: scheme %q is not http or https", ErrInvalid, truncate(raw), u.Scheme)
	}
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" || host[0] == '.' || strings.Contains(host, "..") {
		return URL{}, fmt.Errorf("%w: %q: no host", ErrInvalid, truncate(raw))
	}
	if !utf8.ValidString(host) || strings.ContainsFunc(host, badHostRune) {
		return URL{}, fmt.Errorf("%w: %q: bad host %q", ErrInvalid, truncate(raw), host)
	}
	port := u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	path := u.EscapedPath()
	query := u.Query()

	host = unifyHost(host)
	switch host {
	case "youtu.be":
		// youtu.be/ID?t=5 is youtube.com/watch?v=ID&t=5.
		id := strings.Trim(path, "/")
		if id != "" && !strings.Contains(id, "/") {
			host, path = "youtube.com", "/watch"
			query.Set("v", id)
		}
	case "youtube.com":
		// /shorts/ID and /embed/ID play the same video as /watch?v=ID.
		for _, p := range []string{"/shorts/", "/embed/", "/live/"} {
			if id, ok := strings.CutPrefix(path, p); ok && id != "" && !strings.Contains(id, "/") {
				path = "/watch"
				query.Set("v", id)
			}
		}
	}
	stripTracking(host, query)

	if path == "" {
		path = "/"
	}
	if len(path) > 1 {
		path = strings.TrimRight(path, "/")
		if path == "" {
			path = "/"
		}
	}
	// http and https serve the same resource on nearly every site; keeping
	// them apart would split one link's shares in two.
	if scheme == "http" {
		scheme = "https"
	}
	hostPort := host
	if port != "" {
		hostPort = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		hostPort = "[" + host + "]" // IPv6 literal
	}
	out := URL{Host: hostPort, Domain: registrable(host)}
	out.Shortener = shorteners[out.Domain]
	if host == "t.me" {
		out.TelegramInvite, out.TelegramChannel, path = telegram(path)
	}
	var b strings.Builder
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(hostPort)
	b.WriteString(path)
	if q := encodeSorted(query); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	out.Canonical = b.String()
	if len(out.Canonical) > maxLen {
		// Escaping can lengthen; a bound on the output keeps Canonical
		// idempotent (its output is always acceptable input).
		return URL{}, fmt.Errorf("%w: canonical form longer than %d bytes", ErrInvalid, maxLen)
	}
	return out, nil
}

// unifyHost maps hosts that serve the same content to one name.
func unifyHost(host string) string {
	switch host {
	case "twitter.com", "www.twitter.com", "mobile.twitter.com", "m.twitter.com",
		"www.x.com", "mobile.x.com", "m.x.com":
		return "x.com"
	case "telegram.me", "www.telegram.me", "www.t.me", "telegram.dog":
		return "t.me"
	case "www.youtube.com", "m.youtube.com", "music.youtube.com":
		return "youtube.com"
	case "www.youtu.be":
		return "youtu.be"
	}
	return host
}

// registrable strips one leading www., m. or mobile. label.
func registrable(host string) string {
	for _, p := range []string{"www.", "m.", "mobile."} {
		if d, ok := strings.CutPrefix(host, p); ok && strings.Contains(d, ".") {
			return d
		}
	}
	return host
}

// telegram reads a t.me path: /+HASH and /joinchat/HASH are private invites
// (the hash is case-sensitive and kept as is); /s/NAME/123 and /NAME/123 are
// posts of a public channel; /NAME is the channel or user. Channel names are
// case-insensitive on Telegram, so they are lower-cased.
func telegram(path string) (invite bool, channel, canon string) {
	p := strings.Trim(path, "/")
	if p == "" {
		return false, "", "/"
	}
	parts := strings.Split(p, "/")
	switch {
	case strings.HasPrefix(parts[0], "+") || strings.HasPrefix(parts[0], "%2B"):
		return true, "", "/" + p
	case parts[0] == "joinchat" && len(parts) > 1:
		// Both spellings open the same invite; use the newer one.
		return true, "", "/+" + parts[1]
	case parts[0] == "s" && len(parts) > 1:
		parts = parts[1:] // the web preview of a channel is the channel
	case parts[0] == "c" || parts[0] == "addstickers" || parts[0] == "share" || parts[0] == "proxy":
		return false, "", "/" + p
	}
	name := strings.ToLower(parts[0])
	if !validTelegramName(name) {
		return false, "", "/" + p
	}
	parts[0] = name
	return false, name, "/" + strings.Join(parts, "/")
}

// validTelegramName reports whether s can be a public username: letters,
// digits and underscores (Telegram requires 5–32, but older and
// special names are shorter, so only the alphabet is checked).
func validTelegramName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// encodeSorted encodes the query with keys and, within a key, values
// sorted, so that parameter order does not matter.
func encodeSorted(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			if v != "" {
				b.WriteByte('=')
				b.WriteString(url.QueryEscape(v))
			}
		}
	}
	return b.String()
}

func badHostRune(r rune) bool {
	return r <= ' ' || r == 0x7f || r == '/' || r == '\\' || r == '@' || r == utf8.RuneError
}

// schemeLike reports whether s starts with "name:" where what follows the
// colon is not a port number (so "mailto:x" and "javascript:x" are schemes,
// "example.com:8080/a" is not).
func schemeLike(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 || strings.ContainsAny(s[:i], "/.?#") {
		return false
	}
	rest := s[i+1:]
	return rest == "" || rest[0] < '0' || rest[0] > '9'
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func truncate(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
