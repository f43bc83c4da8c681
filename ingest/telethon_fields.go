package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/rampart-tt/rampart"
)

// peerKind is which of Telegram's three id spaces a peer lives in.
type peerKind uint8

const (
	peerNone peerKind = iota
	peerUser
	peerChat
	peerChannel
)

// tlPeer is a Peer (PeerUser, PeerChat, PeerChannel) reduced to its kind and
// bare id, the number Telegram Desktop exports write as a chat's id.
type tlPeer struct {
	kind peerKind
	id   string
}

// account is the peer as Telegram Desktop's from_id names it.
func (p tlPeer) account() string {
	switch p.kind {
	case peerUser:
		return "user" + p.id
	case peerChat:
		return "chat" + p.id
	case peerChannel:
		return "channel" + p.id
	}
	return ""
}

type tlPeerObject struct {
	Type      string          `json:"_"`
	UserID    json.RawMessage `json:"user_id"`
	ChatID    json.RawMessage `json:"chat_id"`
	ChannelID json.RawMessage `json:"channel_id"`
}

// markedChannelBase is the offset of channel ids in Telegram's "marked" id
// form (-100xxxxxxxxxx), which the Bot API and Telethon's get_peer_id use:
// users are positive, basic groups -id, channels -(10^12 + id).
const markedChannelBase = 1_000_000_000_000

// tlPeerOf reads a peer: a Peer object, or a marked id written as a number,
// which some collectors store instead. null or absent gives the zero peer.
func tlPeerOf(raw json.RawMessage, field string) (tlPeer, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return tlPeer{}, nil
	}
	if raw[0] != '{' {
		s, err := tlID(raw, field)
		if err != nil {
			return tlPeer{}, fmt.Errorf("%w (want a PeerUser, PeerChat or PeerChannel object, or a marked id)", err)
		}
		n, _ := strconv.ParseInt(s, 10, 64) // tlID checked it
		switch {
		case n > 0:
			return tlPeer{peerUser, s}, nil
		case n < -markedChannelBase:
			return tlPeer{peerChannel, strconv.FormatInt(-(n + markedChannelBase), 10)}, nil
		case n < 0 && n > -markedChannelBase:
			return tlPeer{peerChat, strconv.FormatInt(-n, 10)}, nil
		}
		return tlPeer{}, fmt.Errorf("field %s: %s is not a valid marked peer id", field, s)
	}
	var o tlPeerObject
	if err := json.Unmarshal(raw, &o); err != nil {
		return tlPeer{}, fmt.Errorf("field %s: %w", field, describeJSON(err))
	}
	ids := []struct {
		kind      peerKind
		name, typ string
		raw       json.RawMessage
	}{
		{peerUser, "user_id", "PeerUser", o.UserID},
		{peerChat, "chat_id", "PeerChat", o.ChatID},
		{peerChannel, "channel_id", "PeerChannel", o.ChannelID},
	}
	// The type name decides; an object of another type (InputPeerChannel,
	// say) is read by the one id field it carries.
	var found []tlPeer
	for _, c := range ids {
		id, err := tlID(c.raw, field+"."+c.name)
		if err != nil {
			return tlPeer{}, err
		}
		if id == "" {
			continue
		}
		if o.Type == c.typ {
			return tlPeer{c.kind, id}, nil
		}
		found = append(found, tlPeer{c.kind, id})
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return tlPeer{}, fmt.Errorf("field %s: want a PeerUser, PeerChat or PeerChannel with its user_id, chat_id or channel_id, got %s", field, truncate(raw))
}

// tlID reads an integer id written as a JSON number, or as a string of
// digits by tools that quote 64-bit numbers, keeping every digit. null or
// absent gives "".
func tlID(raw json.RawMessage, field string) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	s := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("field %s: %w", field, err)
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return "", fmt.Errorf("field %s: want an integer id, got %s", field, truncate(raw))
	}
	return strconv.FormatInt(n, 10), nil
}

// tlTime reads a date: an ISO 8601 string as Telethon's to_json writes it
// (2026-03-14T09:26:53+00:00), or with a space before the time as
// str(datetime) writes it, or Unix seconds as a number. A time without an
// offset is read as UTC, which Telethon's dates are. null, absent or 0
// gives the zero time, as a Desktop export's date_unixtime of 0 does.
func tlTime(raw json.RawMessage, field string) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, nil
	}
	if raw[0] != '"' {
		f, err := strconv.ParseFloat(string(raw), 64)
		if err != nil || math.IsNaN(f) || math.Abs(f) > 1e11 {
			return time.Time{}, fmt.Errorf("field %s: want Unix seconds or an ISO 8601 time, got %s", field, truncate(raw))
		}
		if f == 0 {
			return time.Time{}, nil
		}
		sec := math.Floor(f)
		return time.Unix(int64(sec), int64(math.Round((f-sec)*1e9))).UTC(), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return time.Time{}, fmt.Errorf("field %s: %w", field, err)
	}
	iso := s
	if len(iso) > 10 && iso[10] == ' ' {
		iso = iso[:10] + "T" + iso[11:]
	}
	if t, err := time.Parse(time.RFC3339Nano, iso); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse("2006-01-02T15:04:05.999999999", iso); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("field %s: want an ISO 8601 time such as 2026-03-14T09:26:53+00:00, got %q", field, s)
}

type tlEntity struct {
	Type   string `json:"_"`
	Offset *int64 `json:"offset"`
	Length *int64 `json:"length"`
	URL    string `json:"url"`
}

// tlEntities takes URLs, hashtags and mentions from the message entities.
// Telegram gives offsets and lengths in UTF-16 code units (the MTProto
// "Entity length" rules, core.telegram.org/api/entities), so the text is
// indexed as UTF-16: an emoji outside the BMP counts two, an Urdu letter
// one, whatever their UTF-8 length.
func tlEntities(p *rampart.Post, raws []json.RawMessage) error {
	var u16 []uint16
	for i, raw := range raws {
		var e tlEntity
		if err := json.Unmarshal(raw, &e); err != nil {
			return fmt.Errorf("field entities: entity %d: %w", i, describeJSON(err))
		}
		switch e.Type {
		case "MessageEntityTextUrl":
			if e.URL != "" {
				p.URLs = append(p.URLs, e.URL)
			}
			continue
		case "MessageEntityUrl", "MessageEntityHashtag", "MessageEntityMention":
		default:
			continue // formatting, commands, cashtags...: nothing to index
		}
		if u16 == nil {
			u16 = utf16.Encode([]rune(p.Text))
		}
		if e.Offset == nil || e.Length == nil {
			return fmt.Errorf("field entities: entity %d (%s) needs offset and length", i, e.Type)
		}
		off, n := *e.Offset, *e.Length
		if off < 0 || n < 0 || off > int64(len(u16)) || n > int64(len(u16))-off {
			return fmt.Errorf("field entities: entity %d (%s) at offset %d, length %d falls outside the message, which is %d UTF-16 units long", i, e.Type, off, n, len(u16))
		}
		s := string(utf16.Decode(u16[off : off+n]))
		switch e.Type {
		case "MessageEntityUrl":
			p.URLs = append(p.URLs, s)
		case "MessageEntityHashtag":
			if tag := strings.TrimPrefix(s, "#"); tag != "" {
				p.Hashtags = append(p.Hashtags, tag)
			}
		case "MessageEntityMention":
			if name := strings.TrimPrefix(s, "@"); name != "" {
				p.Mentions = append(p.Mentions, name)
			}
		}
	}
	return nil
}

type tlMedia struct {
	Type     string      `json:"_"`
	Document *tlDocument `json:"document"`
	Webpage  *struct {
		URL string `json:"url"`
	} `json:"webpage"`
}

type tlDocument struct {
	MimeType   string `json:"mime_type"`
	Attributes []struct {
		Type         string `json:"_"`
		RoundMessage bool   `json:"round_message"`
		Voice        bool   `json:"voice"`
	} `json:"attributes"`
}

// tlMediaOf records the attachment. A Telethon dump holds no files, so
// every photo and document is marked extra.media_not_included, as Desktop
// exports mark files they left out. A link preview adds its URL; other
// media (polls, locations, contacts...) are named in extra.media_type.
func tlMediaOf(p *rampart.Post, m *tlMedia, extra map[string]any) {
	if m == nil {
		return
	}
	switch m.Type {
	case "", "MessageMediaEmpty", "MessageMediaUnsupported":
	case "MessageMediaPhoto":
		p.Media = append(p.Media, rampart.Media{Type: "photo"})
		extra["media_not_included"] = true
	case "MessageMediaDocument":
		var mime string
		var kind string
		if d := m.Document; d != nil {
			mime = d.MimeType
			kind = tlDocumentKind(d)
		}
		p.Media = append(p.Media, rampart.Media{Type: telegramMediaType(kind, mime)})
		extra["media_not_included"] = true
	case "MessageMediaWebPage":
		if m.Webpage != nil && m.Webpage.URL != "" && !slices.Contains(p.URLs, m.Webpage.URL) {
			p.URLs = append(p.URLs, m.Webpage.URL)
		}
	default:
		extra["media_type"] = m.Type
	}
}

// tlDocumentKind maps a document's attributes to the media_type names of
// Desktop exports, so both readers share telegramMediaType. A video sticker
// is a sticker and a GIF (an mp4 marked animated) an animation before either
// is a video.
func tlDocumentKind(d *tlDocument) string {
	var sticker, animated, video, round, audio, voice bool
	for _, a := range d.Attributes {
		switch a.Type {
		case "DocumentAttributeSticker", "DocumentAttributeCustomEmoji":
			sticker = true
		case "DocumentAttributeAnimated":
			animated = true
		case "DocumentAttributeVideo":
			video, round = true, round || a.RoundMessage
		case "DocumentAttributeAudio":
			audio, voice = true, voice || a.Voice
		}
	}
	switch {
	case sticker:
		return "sticker"
	case animated:
		return "animation"
	case round:
		return "video_message"
	case video:
		return "video_file"
	case voice:
		return "voice_message"
	case audio:
		return "audio_file"
	}
	return ""
}
