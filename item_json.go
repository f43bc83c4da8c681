package rampart

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// MarshalJSON writes the item as one native JSON Lines record: the account or
// post object with a "kind" field first (see docs/format.md).
func (it Item) MarshalJSON() ([]byte, error) {
	var body []byte
	var err error
	switch {
	case it.Account != nil:
		body, err = json.Marshal(it.Account)
	case it.Post != nil:
		body, err = json.Marshal(it.Post)
	default:
		return nil, fmt.Errorf("marshal item: neither account nor post is set")
	}
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(body) + 20)
	buf.WriteString(`{"kind":"`)
	buf.WriteString(it.Kind())
	buf.WriteByte('"')
	if len(body) > 2 {
		buf.WriteByte(',')
		buf.Write(body[1:])
	} else {
		buf.WriteByte('}')
	}
	return buf.Bytes(), nil
}

// nativeFields lists the keys the native format knows, per kind; anything
// else in a record is kept in Extra.
var nativeFields = map[string]map[string]bool{
	KindAccount: setOf("kind", "platform", "id", "handle", "name", "bio", "created_at", "followers",
		"following", "posts_count", "verified", "avatar", "url", "extra"),
	KindPost: setOf("kind", "platform", "id", "account_id", "chat", "created_at", "text", "lang",
		"urls", "hashtags", "mentions", "reply_to", "repost_of", "media", "url", "extra"),
}

func setOf(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// UnmarshalJSON reads one native record. Unknown top-level fields are moved
// into Extra rather than dropped; ids must be JSON strings so that they are
// echoed exactly (a number would lose digits past 2^53).
func (it *Item) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	var kind string
	if k, ok := raw["kind"]; ok {
		if err := json.Unmarshal(k, &kind); err != nil {
			return fmt.Errorf("field kind: %w", err)
		}
	}
	known, ok := nativeFields[kind]
	if !ok {
		return fmt.Errorf("field kind: want \"account\" or \"post\", got %q", kind)
	}
	for _, f := range []string{"id", "account_id", "reply_to", "repost_of"} {
		if v, ok := raw[f]; ok && len(v) > 0 && v[0] != '"' && string(v) != "null" {
			return fmt.Errorf("field %s: must be a string (ids are echoed exactly), got %s", f, truncateForError(v))
		}
	}
	if v, ok := raw["created_at"]; ok && string(v) != "null" {
		var ts string
		if err := json.Unmarshal(v, &ts); err != nil {
			return fmt.Errorf("field created_at: want an RFC 3339 time string, got %s", truncateForError(v))
		}
		if _, err := time.Parse(time.RFC3339Nano, ts); err != nil {
			return fmt.Errorf("field created_at: want an RFC 3339 time such as 2026-01-02T15:04:05Z, got %q", ts)
		}
	}
	extra := map[string]any{}
	for k, v := range raw {
		if !known[k] {
			var x any
			if err := json.Unmarshal(v, &x); err != nil {
				return fmt.Errorf("field %s: %w", k, err)
			}
			extra[k] = x
		}
	}
	switch kind {
	case KindAccount:
		var a Account
		if err := json.Unmarshal(data, &a); err != nil {
			return err
		}
		a.Extra = mergeExtra(a.Extra, extra)
		*it = Item{Account: &a, Origin: it.Origin, Flags: it.Flags}
	case KindPost:
		var p Post
		if err := json.Unmarshal(data, &p); err != nil {
			return err
		}
		p.Extra = mergeExtra(p.Extra, extra)
		*it = Item{Post: &p, Origin: it.Origin, Flags: it.Flags}
	}
	return nil
}

func mergeExtra(have, add map[string]any) map[string]any {
	if len(add) == 0 {
		return have
	}
	if have == nil {
		return add
	}
	for k, v := range add {
		if _, dup := have[k]; !dup {
			have[k] = v
		}
	}
	return have
}

func truncateForError(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}
