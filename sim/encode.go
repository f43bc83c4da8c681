package sim

import (
	"fmt"
	"strconv"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/internal/jsonenc"
)

// appendItem appends the native JSON record of an item, byte for byte what
// rampart.Item.MarshalJSON returns, without reflection: the generator writes
// millions of records. Items with Extra fields, which the generator never
// makes, go through MarshalJSON itself.
func appendItem(dst []byte, it rampart.Item) ([]byte, error) {
	switch {
	case it.Account != nil && len(it.Account.Extra) == 0:
		return appendAccount(dst, it.Account)
	case it.Post != nil && it.Account == nil && len(it.Post.Extra) == 0:
		return appendPost(dst, it.Post)
	}
	b, err := it.MarshalJSON()
	if err != nil {
		return dst, err
	}
	return append(dst, b...), nil
}

func appendAccount(dst []byte, a *rampart.Account) ([]byte, error) {
	dst = append(dst, `{"kind":"account","platform":`...)
	dst = appendString(dst, a.Platform)
	dst = append(dst, `,"id":`...)
	dst = appendString(dst, a.ID)
	dst = appendOpt(dst, `,"handle":`, a.Handle)
	dst = appendOpt(dst, `,"name":`, a.Name)
	dst = appendOpt(dst, `,"bio":`, a.Bio)
	var err error
	if dst, err = appendTime(dst, a.CreatedAt); err != nil {
		return dst, fmt.Errorf("account %s: %w", a.ID, err)
	}
	dst = appendCount(dst, `,"followers":`, a.Followers)
	dst = appendCount(dst, `,"following":`, a.Following)
	dst = appendCount(dst, `,"posts_count":`, a.PostsCount)
	if a.Verified {
		dst = append(dst, `,"verified":true`...)
	}
	if av := a.Avatar; av != nil {
		dst = append(dst, `,"avatar":{`...)
		n := len(dst)
		dst = appendOpt(dst, `,"path":`, av.Path)
		dst = appendOpt(dst, `,"url":`, av.URL)
		dst = appendOpt(dst, `,"sha256":`, av.SHA256)
		dst = appendOpt(dst, `,"pdq":`, av.PDQ)
		if av.Default {
			dst = append(dst, `,"default":true`...)
		}
		dst = dropFirstComma(dst, n)
		dst = append(dst, '}')
	}
	dst = appendOpt(dst, `,"url":`, a.URL)
	return append(dst, '}'), nil
}

func appendPost(dst []byte, p *rampart.Post) ([]byte, error) {
	dst = append(dst, `{"kind":"post","platform":`...)
	dst = appendString(dst, p.Platform)
	dst = append(dst, `,"id":`...)
	dst = appendString(dst, p.ID)
	dst = appendOpt(dst, `,"account_id":`, p.AccountID)
	dst = appendOpt(dst, `,"chat":`, p.Chat)
	var err error
	if dst, err = appendTime(dst, p.CreatedAt); err != nil {
		return dst, fmt.Errorf("post %s: %w", p.ID, err)
	}
	dst = appendOpt(dst, `,"text":`, p.Text)
	dst = appendOpt(dst, `,"lang":`, p.Lang)
	dst = appendList(dst, `,"urls":`, p.URLs)
	dst = appendList(dst, `,"hashtags":`, p.Hashtags)
	dst = appendList(dst, `,"mentions":`, p.Mentions)
	dst = appendOpt(dst, `,"reply_to":`, p.ReplyTo)
	dst = appendOpt(dst, `,"repost_of":`, p.RepostOf)
	if len(p.Media) > 0 {
		dst = append(dst, `,"media":[`...)
		for i, m := range p.Media {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '{')
			n := len(dst)
			dst = appendOpt(dst, `,"type":`, m.Type)
			dst = appendOpt(dst, `,"path":`, m.Path)
			dst = appendOpt(dst, `,"url":`, m.URL)
			dst = appendOpt(dst, `,"sha256":`, m.SHA256)
			dst = appendOpt(dst, `,"pdq":`, m.PDQ)
			dst = dropFirstComma(dst, n)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	dst = appendOpt(dst, `,"url":`, p.URL)
	return append(dst, '}'), nil
}

// dropFirstComma removes the comma written at dst[n] by the first field of
// an object, if any field was written.
func dropFirstComma(dst []byte, n int) []byte {
	if len(dst) > n && dst[n] == ',' {
		copy(dst[n:], dst[n+1:])
		dst = dst[:len(dst)-1]
	}
	return dst
}

func appendOpt(dst []byte, key, v string) []byte {
	if v == "" {
		return dst
	}
	dst = append(dst, key...)
	return appendString(dst, v)
}

func appendCount(dst []byte, key string, v *int64) []byte {
	if v == nil {
		return dst
	}
	dst = append(dst, key...)
	return strconv.AppendInt(dst, *v, 10)
}

func appendList(dst []byte, key string, vs []string) []byte {
	if len(vs) == 0 {
		return dst
	}
	dst = append(dst, key...)
	dst = append(dst, '[')
	for i, v := range vs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, v)
	}
	return append(dst, ']')
}

// appendTime writes a created_at field the way encoding/json writes a
// time.Time (RFC 3339 with nanoseconds), omitted when zero.
func appendTime(dst []byte, t time.Time) ([]byte, error) {
	if t.IsZero() {
		return dst, nil
	}
	dst = append(dst, `,"created_at":"`...)
	dst, err := t.AppendText(dst)
	if err != nil {
		return dst, fmt.Errorf("created_at: %w", err)
	}
	return append(dst, '"'), nil
}

// appendString quotes s as encoding/json does (jsonenc.AppendString).
func appendString(dst []byte, s string) []byte { return jsonenc.AppendString(dst, s) }
