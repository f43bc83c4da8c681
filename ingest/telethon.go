package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"time"

	"github.com/rampart-tt/rampart"
)

// telethonReader reads Telegram messages collected through the MTProto API
// with Telethon: Message.to_dict() / to_json() objects written one per line
// (JSON Lines) or as a top-level JSON array. There is no standard Telethon
// export; the mapping follows the Message object's own field names and is
// kept consistent with the Telegram Desktop reader, so that a channel read
// from both gets the same chat, post and account ids (see FORMATS.md).
type telethonReader struct {
	src source
	skipCounts
}

func (r *telethonReader) Format() string { return FormatTelethon }

func (r *telethonReader) Items(ctx context.Context) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		var senders seenSet
		for v, err := range jsonValues(ctx, r.src) {
			if err != nil {
				if !yield(rampart.Item{}, err) {
					return
				}
				continue
			}
			items, skip, err := telethonMessage(v.raw)
			if err != nil {
				if !yield(rampart.Item{}, r.src.recordErr(v.line, v.path, "%v", err)) {
					return
				}
				continue
			}
			if skip != "" {
				r.add(skip)
				continue
			}
			fl := flags(v.invalidUTF8)
			for _, it := range items {
				if it.Account != nil && !senders.add(it.Account.ID) {
					continue
				}
				it.Origin = r.src.origin(FormatTelethon, v.line, v.path)
				it.Flags = fl
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// tlMessage is the part of Telethon's Message.to_dict() that Rampart uses.
// Ids and peers stay raw so that errors can name the field and so that
// 64-bit ids (grouped_id passes 2^53) keep every digit.
type tlMessage struct {
	Type              string            `json:"_"`
	ID                json.RawMessage   `json:"id"`
	PeerID            json.RawMessage   `json:"peer_id"`
	FromID            json.RawMessage   `json:"from_id"`
	Date              json.RawMessage   `json:"date"`
	Message           *string           `json:"message"`
	Out               bool              `json:"out"`
	FwdFrom           *tlForward        `json:"fwd_from"`
	ReplyTo           *tlReply          `json:"reply_to"`
	Media             *tlMedia          `json:"media"`
	Entities          []json.RawMessage `json:"entities"`
	Views             *int64            `json:"views"`
	Forwards          *int64            `json:"forwards"`
	Replies           *tlReplies        `json:"replies"`
	EditDate          json.RawMessage   `json:"edit_date"`
	GroupedID         json.RawMessage   `json:"grouped_id"`
	PostAuthor        *string           `json:"post_author"`
	ViaBotID          json.RawMessage   `json:"via_bot_id"`
	RestrictionReason []tlRestriction   `json:"restriction_reason"`
}

// tlForward is MessageFwdHeader.
type tlForward struct {
	FromID      json.RawMessage `json:"from_id"`
	FromName    *string         `json:"from_name"`
	Date        json.RawMessage `json:"date"`
	ChannelPost json.RawMessage `json:"channel_post"`
	PostAuthor  *string         `json:"post_author"`
}

// tlReply is MessageReplyHeader; reply_to_peer_id is set when the message
// replies to one in another chat.
type tlReply struct {
	MsgID  json.RawMessage `json:"reply_to_msg_id"`
	PeerID json.RawMessage `json:"reply_to_peer_id"`
	TopID  json.RawMessage `json:"reply_to_top_id"`
}

type tlReplies struct {
	Replies *int64 `json:"replies"`
}

// tlRestriction is RestrictionReason: why Telegram withholds the message on
// some platforms, itself a fact reviewers want.
type tlRestriction struct {
	Platform string `json:"platform"`
	Reason   string `json:"reason"`
	Text     string `json:"text"`
}

// telethonMessage maps one Message to its sender's account (first, when
// known) and the post. MessageService (joins, pins, title changes) and
// MessageEmpty (a deleted message's placeholder) map to nothing, as the
// Telegram Desktop reader skips service messages, and return the reason
// they are skipped instead, for the reader to count.
func telethonMessage(raw []byte) (items []rampart.Item, skip string, err error) {
	var m tlMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, "", fmt.Errorf("not a Telethon message: %w", describeJSON(err))
	}
	switch m.Type {
	case "Message":
	case "MessageService":
		return nil, SkipServiceMessage, nil
	case "MessageEmpty":
		return nil, SkipEmptyMessage, nil
	case "":
		return nil, "", fmt.Errorf(`field _: missing; want "Message" (a Telethon Message.to_dict() object)`)
	default:
		return nil, "", fmt.Errorf(`field _: want "Message", got %q`, m.Type)
	}
	id, err := tlID(m.ID, "id")
	if err != nil {
		return nil, "", err
	}
	if id == "" {
		return nil, "", fmt.Errorf("field id: missing")
	}
	chat, err := tlPeerOf(m.PeerID, "peer_id")
	if err != nil {
		return nil, "", err
	}
	if chat.id == "" {
		return nil, "", fmt.Errorf("field peer_id: missing; a message's chat is needed for its post id")
	}
	p := &rampart.Post{
		Platform: rampart.PlatformTelegram,
		ID:       chat.id + ":" + id,
		Chat:     chat.id,
	}
	if p.CreatedAt, err = tlTime(m.Date, "date"); err != nil {
		return nil, "", err
	}
	if m.Message != nil {
		p.Text = *m.Message
	}
	extra := map[string]any{}
	if p.AccountID, err = tlSender(m, chat, extra); err != nil {
		return nil, "", err
	}
	if err := tlEntities(p, m.Entities); err != nil {
		return nil, "", err
	}
	if err := tlReplyTo(p, m.ReplyTo, chat, extra); err != nil {
		return nil, "", err
	}
	if err := tlForwarded(p, m.FwdFrom, extra); err != nil {
		return nil, "", err
	}
	tlMediaOf(p, m.Media, extra)
	if err := tlExtra(m, extra); err != nil {
		return nil, "", err
	}
	if len(extra) > 0 {
		p.Extra = extra
	}
	if p.AccountID != "" {
		items = append(items, rampart.Item{Account: &rampart.Account{Platform: rampart.PlatformTelegram, ID: p.AccountID}})
	}
	return append(items, rampart.Item{Post: p}), "", nil
}

// tlSender names the author the way Telegram Desktop's from_id does:
// "user<id>", "chat<id>" or "channel<id>". A channel post has no from_id and
// is the channel's own; an incoming private message has none either and is
// the chat partner's; an outgoing one is the collecting account's, whose id
// the message does not carry.
func tlSender(m tlMessage, chat tlPeer, extra map[string]any) (string, error) {
	from, err := tlPeerOf(m.FromID, "from_id")
	if err != nil {
		return "", err
	}
	switch {
	case from.id != "":
		return from.account(), nil
	case chat.kind == peerChannel, chat.kind == peerUser && !m.Out:
		return chat.account(), nil
	}
	if m.Out {
		extra["out"] = true
	}
	return "", nil
}

func tlReplyTo(p *rampart.Post, r *tlReply, chat tlPeer, extra map[string]any) error {
	if r == nil {
		return nil
	}
	msg, err := tlID(r.MsgID, "reply_to.reply_to_msg_id")
	if err != nil {
		return err
	}
	in, err := tlPeerOf(r.PeerID, "reply_to.reply_to_peer_id")
	if err != nil {
		return err
	}
	if in.id == "" {
		in = chat
	}
	if msg != "" {
		p.ReplyTo = in.id + ":" + msg
	}
	top, err := tlID(r.TopID, "reply_to.reply_to_top_id")
	if err != nil {
		return err
	}
	if top != "" {
		// The thread's first message: channel comments and forum topics.
		extra["reply_to_top"] = in.id + ":" + top
	}
	return nil
}

// tlForwarded records a forward the way the Telegram Desktop reader does
// (extra.forwarded_from holds the name when one is given) and, because the
// API gives what Desktop exports lack, the source: extra.forwarded_from_id
// and, for a channel post, repost_of "<channel id>:<channel_post>".
func tlForwarded(p *rampart.Post, f *tlForward, extra map[string]any) error {
	if f == nil {
		return nil
	}
	src, err := tlPeerOf(f.FromID, "fwd_from.from_id")
	if err != nil {
		return err
	}
	post, err := tlID(f.ChannelPost, "fwd_from.channel_post")
	if err != nil {
		return err
	}
	if src.id != "" {
		extra["forwarded_from_id"] = src.account()
		if post != "" && src.kind == peerChannel {
			p.RepostOf = src.id + ":" + post
		}
	}
	if f.FromName != nil {
		// A sender who hides their account on forwards leaves only this.
		extra["forwarded_from"] = *f.FromName
	}
	if f.PostAuthor != nil && *f.PostAuthor != "" {
		extra["forwarded_author"] = *f.PostAuthor
	}
	when, err := tlTime(f.Date, "fwd_from.date")
	if err != nil {
		return err
	}
	if !when.IsZero() {
		extra["forwarded_date"] = when.Format(time.RFC3339)
	}
	return nil
}

// tlExtra keeps the counters and facts a reviewer or an analyzer may want.
// post_author goes to extra.author, the key Desktop exports use for the
// same signature.
func tlExtra(m tlMessage, extra map[string]any) error {
	if m.Views != nil {
		extra["views"] = *m.Views
	}
	if m.Forwards != nil {
		extra["forwards"] = *m.Forwards
	}
	if m.Replies != nil && m.Replies.Replies != nil {
		extra["replies"] = *m.Replies.Replies
	}
	if m.PostAuthor != nil && *m.PostAuthor != "" {
		extra["author"] = *m.PostAuthor
	}
	// grouped_id joins the messages of an album; it is a 64-bit number, so
	// it is kept as a string.
	g, err := tlID(m.GroupedID, "grouped_id")
	if err != nil {
		return err
	}
	if g != "" {
		extra["grouped_id"] = g
	}
	bot, err := tlID(m.ViaBotID, "via_bot_id")
	if err != nil {
		return err
	}
	if bot != "" {
		extra["via_bot_id"] = "user" + bot
	}
	edited, err := tlTime(m.EditDate, "edit_date")
	if err != nil {
		return err
	}
	if !edited.IsZero() {
		extra["edit_date"] = edited.Format(time.RFC3339)
	}
	if len(m.RestrictionReason) > 0 {
		rs := make([]any, 0, len(m.RestrictionReason))
		for _, r := range m.RestrictionReason {
			rs = append(rs, map[string]any{"platform": r.Platform, "reason": r.Reason, "text": r.Text})
		}
		extra["restriction_reason"] = rs
	}
	return nil
}
