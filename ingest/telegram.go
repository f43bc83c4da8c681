package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// telegramReader reads a Telegram Desktop JSON export (result.json): one chat
// ({name, type, id, messages}) or a full account export ({chats: {list},
// left_chats: {list}, ...}). It walks the document with a token decoder and
// decodes one message at a time, so a multi-gigabyte export is never held in
// memory; sections it does not use (contacts, sessions...) are skipped token
// by token.
type telegramReader struct {
	src source
	skipCounts
}

func (r *telegramReader) Format() string { return FormatTelegram }

// errStop unwinds the walk when the consumer stops ranging.
var errStop = errors.New("consumer stopped")

type tgWalk struct {
	ctx     context.Context
	src     source
	pr      *posReader
	dec     *json.Decoder
	yield   func(rampart.Item, error) bool
	senders seenSet
	skips   *skipCounts
}

func (r *telegramReader) Items(ctx context.Context) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		pr := newPosReader(r.src.br)
		w := &tgWalk{ctx: ctx, src: r.src, pr: pr, dec: json.NewDecoder(pr), yield: yield, skips: &r.skipCounts}
		err := w.document()
		switch {
		case err == nil, errors.Is(err, errStop):
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			yield(rampart.Item{}, err)
		default:
			yield(rampart.Item{}, r.src.fatal(fmt.Errorf("line %d: %w", pr.lineAt(w.dec.InputOffset()), err)))
		}
	}
}

// tgChat is what is known of the chat whose messages are being read. The
// export writes name, type and id before messages.
type tgChat struct {
	name, typ, id string
}

// key is the chat's identity for post ids: its numeric id, or its name when
// the export gave no id, or the file name.
func (c tgChat) key(file string) string {
	switch {
	case c.id != "":
		return c.id
	case c.name != "":
		return c.name
	}
	return whatsAppChat(file)
}

func (w *tgWalk) delim(want json.Delim, what string) error {
	w.pr.mark = w.dec.InputOffset()
	tok, err := w.dec.Token()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("%s: want %q, got %v", what, want, tok)
	}
	return nil
}

func (w *tgWalk) key() (string, error) {
	w.pr.mark = w.dec.InputOffset()
	tok, err := w.dec.Token()
	if err != nil {
		return "", err
	}
	k, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("want an object key, got %v", tok)
	}
	return k, nil
}

func (w *tgWalk) document() error {
	if err := w.delim('{', "Telegram export must be a JSON object"); err != nil {
		return err
	}
	var chat tgChat
	for w.dec.More() {
		k, err := w.key()
		if err != nil {
			return err
		}
		switch k {
		case "chats", "left_chats":
			err = w.section("$." + k)
		case "messages":
			err = w.messages(chat, "$.messages")
		case "name", "type", "id":
			err = w.chatField(&chat, k)
		default:
			err = w.skip()
		}
		if err != nil {
			return err
		}
	}
	if err := w.delim('}', "end of export"); err != nil {
		return err
	}
	w.pr.mark = w.dec.InputOffset()
	if _, err := w.dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("unexpected data after the end of the export")
	}
	return nil
}

// section reads {"about": ..., "list": [chat, ...]}.
func (w *tgWalk) section(p string) error {
	if err := w.delim('{', p); err != nil {
		return err
	}
	for w.dec.More() {
		k, err := w.key()
		if err != nil {
			return err
		}
		if k != "list" {
			if err := w.skip(); err != nil {
				return err
			}
			continue
		}
		if err := w.delim('[', p+".list"); err != nil {
			return err
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.chat(fmt.Sprintf("%s.list[%d]", p, i)); err != nil {
				return err
			}
		}
		if err := w.delim(']', p+".list"); err != nil {
			return err
		}
	}
	return w.delim('}', p)
}

func (w *tgWalk) chat(p string) error {
	if err := w.delim('{', p); err != nil {
		return err
	}
	var chat tgChat
	for w.dec.More() {
		k, err := w.key()
		if err != nil {
			return err
		}
		switch k {
		case "messages":
			err = w.messages(chat, p+".messages")
		case "name", "type", "id":
			err = w.chatField(&chat, k)
		default:
			err = w.skip()
		}
		if err != nil {
			return err
		}
	}
	return w.delim('}', p)
}

func (w *tgWalk) chatField(c *tgChat, k string) error {
	w.pr.mark = w.dec.InputOffset()
	var v flexID
	if err := w.dec.Decode(&v); err != nil {
		return fmt.Errorf("chat %s: %w", k, err)
	}
	switch k {
	case "name":
		c.name = string(v)
	case "type":
		c.typ = string(v)
	case "id":
		c.id = string(v)
	}
	return nil
}

// skip passes over one value token by token, so that a large section costs
// no memory.
func (w *tgWalk) skip() error {
	depth := 0
	for {
		w.pr.mark = w.dec.InputOffset()
		w.pr.lineAt(w.dec.InputOffset())
		tok, err := w.dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

func (w *tgWalk) messages(chat tgChat, p string) error {
	if err := w.delim('[', p); err != nil {
		return err
	}
	key := chat.key(w.src.name)
	for i := 0; w.dec.More(); i++ {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		w.pr.mark = w.dec.InputOffset()
		var raw json.RawMessage
		if err := w.dec.Decode(&raw); err != nil {
			return err
		}
		line := w.pr.lineAt(w.dec.InputOffset() - int64(len(raw)))
		mp := fmt.Sprintf("%s[%d]", p, i)
		items, skip, err := telegramMessage(raw, chat, key)
		if err != nil {
			if !w.yield(rampart.Item{}, w.src.recordErr(line, mp, "%v", err)) {
				return errStop
			}
			continue
		}
		if skip != "" {
			w.skips.add(skip)
			continue
		}
		fl := flags(!utf8Valid(raw))
		for _, it := range items {
			if it.Account != nil && !w.senders.add(it.Account.ID) {
				continue
			}
			it.Origin = w.src.origin(FormatTelegram, line, mp)
			it.Flags = fl
			if !w.yield(it, nil) {
				return errStop
			}
		}
	}
	return w.delim(']', p)
}

// flexID accepts a string or a number: exports write chat and message ids as
// numbers and sender ids as strings ("user123"), and older exports differ.
type flexID string

func (t *flexID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = flexID(s)
	case string(b) == "null":
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("want a string or number id, got %s", truncate(b))
		}
		*t = flexID(n.String())
	}
	return nil
}

type tgEntity struct {
	Type string `json:"type"`
	Text string `json:"text"`
	Href string `json:"href"`
}

type tgMessage struct {
	ID               flexID          `json:"id"`
	Type             string          `json:"type"`
	Date             string          `json:"date"`
	DateUnix         flexID          `json:"date_unixtime"`
	From             *string         `json:"from"`
	FromID           flexID          `json:"from_id"`
	Text             json.RawMessage `json:"text"`
	TextEntities     []tgEntity      `json:"text_entities"`
	ForwardedFrom    *string         `json:"forwarded_from"`
	SavedFrom        string          `json:"saved_from"`
	ReplyToMessageID flexID          `json:"reply_to_message_id"`
	ViaBot           string          `json:"via_bot"`
	Author           string          `json:"author"`
	Photo            string          `json:"photo"`
	File             string          `json:"file"`
	Thumbnail        string          `json:"thumbnail"`
	MediaType        string          `json:"media_type"`
	MimeType         string          `json:"mime_type"`
	StickerEmoji     string          `json:"sticker_emoji"`
}

// telegramLocalDate is the "date" layout: local time of the exporting
// machine, without a zone. It is read as UTC when date_unixtime is missing.
const telegramLocalDate = "2006-01-02T15:04:05"

// telegramMessage maps one message to its sender's account (first) and the
// post. Service messages (joins, pins, calls) map to nothing and return the
// reason they are skipped instead, for the reader to count.
func telegramMessage(raw []byte, chat tgChat, chatKey string) (items []rampart.Item, skip string, err error) {
	var m tgMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, "", fmt.Errorf("not a Telegram message: %w", describeJSON(err))
	}
	if m.Type == "service" {
		return nil, SkipServiceMessage, nil
	}
	if m.ID == "" {
		return nil, "", fmt.Errorf("message has no id")
	}
	p := &rampart.Post{
		Platform:  rampart.PlatformTelegram,
		ID:        chatKey + ":" + string(m.ID),
		AccountID: string(m.FromID),
		Chat:      chatKey,
	}
	if p.CreatedAt, err = telegramTime(m); err != nil {
		return nil, "", err
	}
	if m.ReplyToMessageID != "" {
		p.ReplyTo = chatKey + ":" + string(m.ReplyToMessageID)
	}
	if err := telegramText(p, m); err != nil {
		return nil, "", err
	}
	extra := map[string]any{}
	if chat.name != "" {
		extra["chat_name"] = chat.name
	}
	if m.ForwardedFrom != nil {
		// Desktop exports name the source but not its message id, so
		// repost_of cannot be formed; the name is kept for reviewers.
		extra["forwarded_from"] = *m.ForwardedFrom
	}
	for k, v := range map[string]string{"saved_from": m.SavedFrom, "via_bot": m.ViaBot, "author": m.Author, "sticker_emoji": m.StickerEmoji} {
		if v != "" {
			extra[k] = v
		}
	}
	if m.Photo != "" {
		p.Media = append(p.Media, rampart.Media{Type: "photo", Path: telegramPath(m.Photo)})
	}
	if m.File != "" {
		f := telegramPath(m.File)
		if f == "" {
			f = telegramPath(m.Thumbnail) // a preview image is better than nothing to hash
		}
		p.Media = append(p.Media, rampart.Media{Type: telegramMediaType(m.MediaType, m.MimeType), Path: f})
	}
	for _, md := range p.Media {
		if md.Path == "" {
			extra["media_not_included"] = true
		}
	}
	if len(extra) > 0 {
		p.Extra = extra
	}
	if m.FromID != "" {
		a := &rampart.Account{Platform: rampart.PlatformTelegram, ID: string(m.FromID)}
		if m.From != nil {
			a.Name = *m.From
		}
		items = append(items, rampart.Item{Account: a})
	}
	return append(items, rampart.Item{Post: p}), "", nil
}

func telegramTime(m tgMessage) (time.Time, error) {
	if m.DateUnix != "" {
		n, err := strconv.ParseInt(string(m.DateUnix), 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("date_unixtime %q: not a number of seconds", string(m.DateUnix))
		}
		// Zero is what hand-edited and anonymised exports write; the local
		// date is then the better source.
		if n > 0 {
			return time.Unix(n, 0).UTC(), nil
		}
	}
	if m.Date == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(telegramLocalDate, m.Date)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DDTHH:MM:SS", m.Date)
	}
	return t, nil
}

// telegramText fills text, URLs, hashtags and mentions. text is a string or
// an array of strings and entity objects; text_entities (newer exports)
// repeats the array form and is used for entities when text is a string.
func telegramText(p *rampart.Post, m tgMessage) error {
	raw := bytes.TrimSpace(m.Text)
	entities := m.TextEntities
	switch {
	case len(raw) == 0 || string(raw) == "null":
	case raw[0] == '"':
		if err := json.Unmarshal(raw, &p.Text); err != nil {
			return fmt.Errorf("text: %w", err)
		}
	case raw[0] == '[':
		var parts []json.RawMessage
		if err := json.Unmarshal(raw, &parts); err != nil {
			return fmt.Errorf("text: %w", err)
		}
		var b strings.Builder
		entities = nil
		for i, part := range parts {
			if len(part) > 0 && part[0] == '"' {
				var s string
				if err := json.Unmarshal(part, &s); err != nil {
					return fmt.Errorf("text[%d]: %w", i, err)
				}
				b.WriteString(s)
				continue
			}
			var e tgEntity
			if err := json.Unmarshal(part, &e); err != nil {
				return fmt.Errorf("text[%d]: want a string or an entity object: %w", i, err)
			}
			b.WriteString(e.Text)
			entities = append(entities, e)
		}
		p.Text = b.String()
	default:
		return fmt.Errorf("text: want a string or an array, got %s", truncate(raw))
	}
	for _, e := range entities {
		switch e.Type {
		case "text_link":
			if e.Href != "" {
				p.URLs = append(p.URLs, e.Href)
			}
		case "link":
			p.URLs = append(p.URLs, e.Text)
		case "hashtag":
			p.Hashtags = append(p.Hashtags, strings.TrimPrefix(e.Text, "#"))
		case "mention":
			p.Mentions = append(p.Mentions, strings.TrimPrefix(e.Text, "@"))
		}
	}
	return nil
}

// telegramPath returns a media path relative to the export, or "" when the
// file was not exported ("(File not included. ...)") or the path would
// leave the export folder.
func telegramPath(s string) string {
	if s == "" || strings.HasPrefix(s, "(") {
		return ""
	}
	c := path.Clean(strings.ReplaceAll(s, `\`, "/"))
	if path.IsAbs(c) || c == ".." || strings.HasPrefix(c, "../") {
		return ""
	}
	return c
}

func telegramMediaType(mediaType, mime string) string {
	switch mediaType {
	case "sticker":
		return "sticker"
	case "video_file", "video_message":
		return "video"
	case "animation":
		return "animated_gif"
	case "voice_message", "audio_file":
		return "audio"
	}
	switch {
	case strings.HasPrefix(mime, "image/"):
		return "photo"
	case strings.HasPrefix(mime, "video/"):
		return "video"
	case strings.HasPrefix(mime, "audio/"):
		return "audio"
	}
	return "document"
}

func truncate(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}
