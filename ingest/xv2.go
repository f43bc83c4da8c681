package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// xv2Reader reads X (Twitter) API v2 responses: pages of {data, includes}
// one per line as twarc writes them (search and timeline pages, where data
// holds tweets, and user lookup pages, where data holds users), single
// {"data": {...}} responses, and bare tweet or user objects one per line.
// Users and tweets in includes are yielded too, once per page.
type xv2Reader struct {
	src source
	skipCounts
}

func (r *xv2Reader) Format() string { return FormatXv2 }

type xPage struct {
	Data     json.RawMessage `json:"data"`
	Includes struct {
		Users  []json.RawMessage `json:"users"`
		Tweets []json.RawMessage `json:"tweets"`
		Media  []xMedia          `json:"media"`
	} `json:"includes"`
	Errors []struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
	} `json:"errors"`
}

type xMedia struct {
	Key     string `json:"media_key"`
	Type    string `json:"type"`
	URL     string `json:"url"`
	Preview string `json:"preview_image_url"`
}

// xObject holds the fields of a v2 tweet and of a v2 user: the two are told
// apart by username, which only users have.
type xObject struct {
	ID string `json:"id"`

	Text      string `json:"text"`
	AuthorID  string `json:"author_id"`
	CreatedAt string `json:"created_at"`
	Lang      string `json:"lang"`
	NoteTweet *struct {
		Text string `json:"text"`
	} `json:"note_tweet"`
	Entities struct {
		URLs []struct {
			URL         string `json:"url"`
			ExpandedURL string `json:"expanded_url"`
		} `json:"urls"`
		Hashtags []struct {
			Tag string `json:"tag"`
		} `json:"hashtags"`
		Mentions []struct {
			Username string `json:"username"`
		} `json:"mentions"`
	} `json:"entities"`
	ReferencedTweets []struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"referenced_tweets"`
	Attachments struct {
		MediaKeys []string `json:"media_keys"`
	} `json:"attachments"`
	ConversationID      string   `json:"conversation_id"`
	InReplyToUserID     string   `json:"in_reply_to_user_id"`
	Source              string   `json:"source"`
	PossiblySensitive   *bool    `json:"possibly_sensitive"`
	EditHistoryTweetIDs []string `json:"edit_history_tweet_ids"`

	Username        string `json:"username"`
	Name            string `json:"name"`
	Description     string `json:"description"`
	Verified        bool   `json:"verified"`
	ProfileImageURL string `json:"profile_image_url"`
	Location        string `json:"location"`
	Protected       *bool  `json:"protected"`
	PinnedTweetID   string `json:"pinned_tweet_id"`
	Website         string `json:"url"`

	PublicMetrics *struct {
		Followers  *int64 `json:"followers_count"`
		Following  *int64 `json:"following_count"`
		Tweets     *int64 `json:"tweet_count"`
		Listed     *int64 `json:"listed_count"`
		Retweets   *int64 `json:"retweet_count"`
		Replies    *int64 `json:"reply_count"`
		Likes      *int64 `json:"like_count"`
		Quotes     *int64 `json:"quote_count"`
		Impression *int64 `json:"impression_count"`
	} `json:"public_metrics"`
}

func (r *xv2Reader) Items(ctx context.Context) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		for v, err := range jsonValues(ctx, r.src) {
			if err != nil {
				if !yield(rampart.Item{}, err) {
					return
				}
				continue
			}
			if !r.value(v, yield) {
				return
			}
		}
	}
}

// xElem is one tweet or user of a page, with where it was found.
type xElem struct {
	raw  json.RawMessage
	path string
}

// value maps one page or object; it returns false once the consumer stops.
func (r *xv2Reader) value(v jsonValue, yield func(rampart.Item, error) bool) bool {
	var page xPage
	if err := json.Unmarshal(v.raw, &page); err != nil {
		return yield(rampart.Item{}, r.src.recordErr(v.line, v.path, "not an X API v2 page or object: %v", describeJSON(err)))
	}
	var elems []xElem
	data := bytes.TrimSpace(page.Data)
	switch {
	case len(data) == 0 || string(data) == "null":
		if len(page.Errors) > 0 {
			e := page.Errors[0]
			return yield(rampart.Item{}, r.src.recordErr(v.line, v.path, "API error response with no data: %s: %s", e.Title, e.Detail))
		}
		elems = append(elems, xElem{raw: v.raw, path: v.path})
	case data[0] == '[':
		var list []json.RawMessage
		if err := json.Unmarshal(data, &list); err != nil {
			return yield(rampart.Item{}, r.src.recordErr(v.line, v.path+".data", "%v", err))
		}
		for i, e := range list {
			elems = append(elems, xElem{raw: e, path: fmt.Sprintf("%s.data[%d]", v.path, i)})
		}
	default:
		elems = append(elems, xElem{raw: data, path: v.path + ".data"})
	}
	// Included users go first: they are the authors of the page's tweets,
	// and the pipeline gives a post its author only when the author's
	// account came before it in the input.
	users := make([]xElem, 0, len(page.Includes.Users)+len(elems))
	for i, u := range page.Includes.Users {
		users = append(users, xElem{raw: u, path: fmt.Sprintf("%s.includes.users[%d]", v.path, i)})
	}
	elems = append(users, elems...)
	for i, t := range page.Includes.Tweets {
		elems = append(elems, xElem{raw: t, path: fmt.Sprintf("%s.includes.tweets[%d]", v.path, i)})
	}

	media := make(map[string]xMedia, len(page.Includes.Media))
	for _, m := range page.Includes.Media {
		media[m.Key] = m
	}
	objs := make([]xObject, len(elems))
	errs := make([]error, len(elems))
	usernames := map[string]string{}
	for i, e := range elems {
		if err := json.Unmarshal(e.raw, &objs[i]); err != nil {
			errs[i] = r.src.recordErr(v.line, e.path, "%v", describeJSON(err))
			continue
		}
		if objs[i].Username != "" {
			usernames[objs[i].ID] = objs[i].Username
		}
	}
	var seen seenSet
	for i, e := range elems {
		if errs[i] != nil {
			if !yield(rampart.Item{}, errs[i]) {
				return false
			}
			continue
		}
		o := &objs[i]
		var it rampart.Item
		var err error
		// An object without an id is not a repeat of another: it goes on
		// to be reported as a record error, each time.
		if o.Username != "" {
			if o.ID != "" && !seen.add("u:"+o.ID) {
				r.add(SkipRepeatedInPage)
				continue
			}
			it.Account, err = xAccount(o)
		} else {
			if o.ID != "" && !seen.add("t:"+o.ID) {
				r.add(SkipRepeatedInPage)
				continue
			}
			it.Post, err = xPost(o, media, usernames)
		}
		if err != nil {
			if !yield(rampart.Item{}, r.src.recordErr(v.line, e.path, "%v", err)) {
				return false
			}
			continue
		}
		it.Origin = r.src.origin(FormatXv2, v.line, e.path)
		it.Flags = flags(v.invalidUTF8 && !utf8.Valid(e.raw))
		if !yield(it, nil) {
			return false
		}
	}
	return true
}

func xPost(o *xObject, media map[string]xMedia, usernames map[string]string) (*rampart.Post, error) {
	if o.ID == "" {
		return nil, fmt.Errorf("tweet has no id")
	}
	p := &rampart.Post{Platform: rampart.PlatformX, ID: o.ID, AccountID: o.AuthorID, Text: o.Text, Lang: o.Lang}
	if o.NoteTweet != nil && o.NoteTweet.Text != "" {
		p.Text = o.NoteTweet.Text // long posts: text is cut, note_tweet has it all
	}
	if o.CreatedAt != "" {
		t, err := time.Parse(time.RFC3339Nano, o.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("created_at: %w", err)
		}
		p.CreatedAt = t.UTC()
	}
	for _, u := range o.Entities.URLs {
		if u.ExpandedURL != "" {
			p.URLs = append(p.URLs, u.ExpandedURL)
		} else if u.URL != "" {
			p.URLs = append(p.URLs, u.URL)
		}
	}
	for _, h := range o.Entities.Hashtags {
		p.Hashtags = append(p.Hashtags, h.Tag)
	}
	for _, m := range o.Entities.Mentions {
		p.Mentions = append(p.Mentions, m.Username)
	}
	extra := map[string]any{}
	for _, ref := range o.ReferencedTweets {
		switch ref.Type {
		case "replied_to":
			p.ReplyTo = ref.ID
		case "retweeted":
			p.RepostOf = ref.ID
		case "quoted":
			extra["quote_of"] = ref.ID
		}
	}
	for _, k := range o.Attachments.MediaKeys {
		m, ok := media[k]
		if !ok {
			continue // not expanded in this page: nothing to hash
		}
		url := m.URL
		if url == "" {
			url = m.Preview // videos and GIFs only have a preview image
		}
		p.Media = append(p.Media, rampart.Media{Type: m.Type, URL: url})
	}
	if name := usernames[o.AuthorID]; name != "" {
		p.URL = "https://x.com/" + name + "/status/" + o.ID
	} else {
		p.URL = "https://x.com/i/status/" + o.ID
	}
	if o.ConversationID != "" && o.ConversationID != o.ID {
		extra["conversation_id"] = o.ConversationID
	}
	if o.InReplyToUserID != "" {
		extra["in_reply_to_user_id"] = o.InReplyToUserID
	}
	if o.Source != "" {
		extra["source"] = o.Source
	}
	if o.PossiblySensitive != nil && *o.PossiblySensitive {
		extra["possibly_sensitive"] = true
	}
	if len(o.EditHistoryTweetIDs) > 1 {
		extra["edit_history_tweet_ids"] = o.EditHistoryTweetIDs
	}
	if pm := o.PublicMetrics; pm != nil {
		metrics := map[string]int64{}
		for k, v := range map[string]*int64{"retweet_count": pm.Retweets, "reply_count": pm.Replies,
			"like_count": pm.Likes, "quote_count": pm.Quotes, "impression_count": pm.Impression} {
			if v != nil {
				metrics[k] = *v
			}
		}
		if len(metrics) > 0 {
			extra["public_metrics"] = metrics
		}
	}
	if len(extra) > 0 {
		p.Extra = extra
	}
	return p, nil
}

func xAccount(o *xObject) (*rampart.Account, error) {
	if o.ID == "" {
		return nil, fmt.Errorf("user has no id")
	}
	a := &rampart.Account{
		Platform: rampart.PlatformX, ID: o.ID, Handle: o.Username, Name: o.Name, Bio: o.Description,
		Verified: o.Verified, URL: "https://x.com/" + o.Username,
	}
	if o.CreatedAt != "" {
		t, err := time.Parse(time.RFC3339Nano, o.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("created_at: %w", err)
		}
		a.CreatedAt = t.UTC()
	}
	extra := map[string]any{}
	if pm := o.PublicMetrics; pm != nil {
		a.Followers, a.Following, a.PostsCount = pm.Followers, pm.Following, pm.Tweets
		if pm.Listed != nil {
			extra["listed_count"] = *pm.Listed
		}
	}
	if o.ProfileImageURL != "" {
		a.Avatar = &rampart.Avatar{URL: o.ProfileImageURL, Default: isDefaultXAvatar(o.ProfileImageURL)}
	}
	if o.Location != "" {
		extra["location"] = o.Location
	}
	if o.Protected != nil && *o.Protected {
		extra["protected"] = true
	}
	if o.PinnedTweetID != "" {
		extra["pinned_tweet_id"] = o.PinnedTweetID
	}
	if o.Website != "" {
		extra["website"] = o.Website
	}
	if len(extra) > 0 {
		a.Extra = extra
	}
	return a, nil
}

// isDefaultXAvatar reports the egg/silhouette image X gives accounts that
// never set one (served from /sticky/default_profile_images/).
func isDefaultXAvatar(url string) bool {
	return strings.Contains(url, "/default_profile_images/")
}
