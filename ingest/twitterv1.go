package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"time"

	"github.com/rampart-tt/rampart"
)

// twitterV1Reader reads Twitter API v1.1 statuses: one object, an array (as
// the REST API returns), or one object per line (as the streaming API and
// most collectors write). A retweet's original and a quote's quoted status
// are yielded too, each once per stream.
type twitterV1Reader struct {
	src source
	skipCounts
}

func (r *twitterV1Reader) Format() string { return FormatTwitterV1 }

type v1Entities struct {
	URLs []struct {
		URL         string `json:"url"`
		ExpandedURL string `json:"expanded_url"`
	} `json:"urls"`
	Hashtags []struct {
		Text string `json:"text"`
	} `json:"hashtags"`
	UserMentions []struct {
		ScreenName string `json:"screen_name"`
	} `json:"user_mentions"`
	Media []v1Media `json:"media"`
}

type v1Media struct {
	Type          string `json:"type"`
	MediaURLHTTPS string `json:"media_url_https"`
	MediaURL      string `json:"media_url"`
}

type v1Tweet struct {
	IDStr         string      `json:"id_str"`
	ID            json.Number `json:"id"`
	CreatedAt     string      `json:"created_at"`
	Text          string      `json:"text"`
	FullText      string      `json:"full_text"`
	ExtendedTweet *struct {
		FullText         string     `json:"full_text"`
		Entities         v1Entities `json:"entities"`
		ExtendedEntities *struct {
			Media []v1Media `json:"media"`
		} `json:"extended_entities"`
	} `json:"extended_tweet"`
	Lang             string     `json:"lang"`
	User             *v1User    `json:"user"`
	Entities         v1Entities `json:"entities"`
	ExtendedEntities *struct {
		Media []v1Media `json:"media"`
	} `json:"extended_entities"`
	InReplyToStatusIDStr string   `json:"in_reply_to_status_id_str"`
	InReplyToUserIDStr   string   `json:"in_reply_to_user_id_str"`
	RetweetedStatus      *v1Tweet `json:"retweeted_status"`
	QuotedStatusIDStr    string   `json:"quoted_status_id_str"`
	QuotedStatus         *v1Tweet `json:"quoted_status"`
	Source               string   `json:"source"`
	RetweetCount         *int64   `json:"retweet_count"`
	FavoriteCount        *int64   `json:"favorite_count"`
	PossiblySensitive    bool     `json:"possibly_sensitive"`
}

type v1User struct {
	IDStr                string      `json:"id_str"`
	ID                   json.Number `json:"id"`
	Name                 string      `json:"name"`
	ScreenName           string      `json:"screen_name"`
	Description          string      `json:"description"`
	CreatedAt            string      `json:"created_at"`
	Followers            *int64      `json:"followers_count"`
	Friends              *int64      `json:"friends_count"`
	Statuses             *int64      `json:"statuses_count"`
	Listed               *int64      `json:"listed_count"`
	Favourites           *int64      `json:"favourites_count"`
	Verified             bool        `json:"verified"`
	Protected            bool        `json:"protected"`
	Location             string      `json:"location"`
	ProfileImageURL      string      `json:"profile_image_url"`
	ProfileImageURLHTTPS string      `json:"profile_image_url_https"`
	DefaultProfileImage  bool        `json:"default_profile_image"`
	DefaultProfile       bool        `json:"default_profile"`
}

// rubyDate is v1.1's created_at layout: "Thu Dec 03 14:19:01 +0000 2015".
const rubyDate = time.RubyDate

func (r *twitterV1Reader) Items(ctx context.Context) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		var accounts, embedded seenSet
		for v, err := range jsonValues(ctx, r.src) {
			if err != nil {
				if !yield(rampart.Item{}, err) {
					return
				}
				continue
			}
			var t v1Tweet
			if err := json.Unmarshal(v.raw, &t); err != nil {
				if !yield(rampart.Item{}, r.src.recordErr(v.line, v.path, "not a Twitter v1.1 status: %v", describeJSON(err))) {
					return
				}
				continue
			}
			e := v1Emitter{r: r, v: v, yield: yield, accounts: &accounts, embedded: &embedded}
			if !e.tweet(&t, v.path, false) {
				return
			}
		}
	}
}

// v1Emitter yields the items of one status and the statuses inside it.
type v1Emitter struct {
	r        *twitterV1Reader
	v        jsonValue
	yield    func(rampart.Item, error) bool
	accounts *seenSet
	embedded *seenSet
}

func (e v1Emitter) tweet(t *v1Tweet, path string, isEmbedded bool) bool {
	src := e.r.src
	p, err := v1Post(t)
	if err != nil {
		return e.yield(rampart.Item{}, src.recordErr(e.v.line, path, "%v", err))
	}
	if isEmbedded && !e.embedded.add(p.ID) {
		e.r.add(SkipRepeatedEmbedded)
		return true
	}
	fl := flags(e.v.invalidUTF8)
	if t.User != nil {
		a, err := v1Account(t.User)
		if err != nil {
			if !e.yield(rampart.Item{}, src.recordErr(e.v.line, path+".user", "%v", err)) {
				return false
			}
		} else if e.accounts.add(a.ID) {
			if !e.yield(rampart.Item{Account: a, Origin: src.origin(FormatTwitterV1, e.v.line, path+".user"), Flags: fl}, nil) {
				return false
			}
		}
	}
	if !e.yield(rampart.Item{Post: p, Origin: src.origin(FormatTwitterV1, e.v.line, path), Flags: fl}, nil) {
		return false
	}
	if t.RetweetedStatus != nil && !e.tweet(t.RetweetedStatus, path+".retweeted_status", true) {
		return false
	}
	if t.QuotedStatus != nil && !e.tweet(t.QuotedStatus, path+".quoted_status", true) {
		return false
	}
	return true
}

// v1ID prefers the string form: numeric ids past 2^53 lose digits in
// JavaScript-based tools, which is why id_str exists. json.Number keeps the
// literal, so a file with only numeric ids is still read exactly.
func v1ID(s string, n json.Number) string {
	if s != "" {
		return s
	}
	return n.String()
}

func v1Post(t *v1Tweet) (*rampart.Post, error) {
	id := v1ID(t.IDStr, t.ID)
	if id == "" {
		return nil, fmt.Errorf("status has neither id_str nor id")
	}
	p := &rampart.Post{Platform: rampart.PlatformX, ID: id, Lang: t.Lang, ReplyTo: t.InReplyToStatusIDStr}
	ents := t.Entities
	media := t.Entities.Media
	if t.ExtendedEntities != nil && len(t.ExtendedEntities.Media) > 0 {
		media = t.ExtendedEntities.Media
	}
	switch {
	case t.ExtendedTweet != nil && t.ExtendedTweet.FullText != "":
		// Streaming API: text is cut at 140 characters and the rest is here.
		p.Text = t.ExtendedTweet.FullText
		ents = t.ExtendedTweet.Entities
		media = ents.Media
		if t.ExtendedTweet.ExtendedEntities != nil && len(t.ExtendedTweet.ExtendedEntities.Media) > 0 {
			media = t.ExtendedTweet.ExtendedEntities.Media
		}
	case t.FullText != "":
		p.Text = t.FullText // REST API with tweet_mode=extended
	default:
		p.Text = t.Text
	}
	if t.User != nil {
		p.AccountID = v1ID(t.User.IDStr, t.User.ID)
		if t.User.ScreenName != "" {
			p.URL = "https://x.com/" + t.User.ScreenName + "/status/" + id
		}
	}
	if p.URL == "" {
		p.URL = "https://x.com/i/status/" + id
	}
	if t.CreatedAt != "" {
		ct, err := time.Parse(rubyDate, t.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("created_at: %w", err)
		}
		p.CreatedAt = ct.UTC()
	}
	for _, u := range ents.URLs {
		if u.ExpandedURL != "" {
			p.URLs = append(p.URLs, u.ExpandedURL)
		} else if u.URL != "" {
			p.URLs = append(p.URLs, u.URL)
		}
	}
	for _, h := range ents.Hashtags {
		p.Hashtags = append(p.Hashtags, h.Text)
	}
	for _, m := range ents.UserMentions {
		p.Mentions = append(p.Mentions, m.ScreenName)
	}
	for _, m := range media {
		url := m.MediaURLHTTPS
		if url == "" {
			url = m.MediaURL
		}
		p.Media = append(p.Media, rampart.Media{Type: m.Type, URL: url})
	}
	if t.RetweetedStatus != nil {
		p.RepostOf = v1ID(t.RetweetedStatus.IDStr, t.RetweetedStatus.ID)
	}
	extra := map[string]any{}
	if q := t.QuotedStatusIDStr; q != "" {
		extra["quote_of"] = q
	} else if t.QuotedStatus != nil {
		extra["quote_of"] = v1ID(t.QuotedStatus.IDStr, t.QuotedStatus.ID)
	}
	if t.InReplyToUserIDStr != "" {
		extra["in_reply_to_user_id"] = t.InReplyToUserIDStr
	}
	if t.Source != "" {
		extra["source"] = t.Source
	}
	if t.PossiblySensitive {
		extra["possibly_sensitive"] = true
	}
	if t.RetweetCount != nil {
		extra["retweet_count"] = *t.RetweetCount
	}
	if t.FavoriteCount != nil {
		extra["favorite_count"] = *t.FavoriteCount
	}
	if len(extra) > 0 {
		p.Extra = extra
	}
	return p, nil
}

func v1Account(u *v1User) (*rampart.Account, error) {
	id := v1ID(u.IDStr, u.ID)
	if id == "" {
		return nil, fmt.Errorf("user has neither id_str nor id")
	}
	a := &rampart.Account{
		Platform: rampart.PlatformX, ID: id, Handle: u.ScreenName, Name: u.Name, Bio: u.Description,
		Followers: u.Followers, Following: u.Friends, PostsCount: u.Statuses, Verified: u.Verified,
	}
	if u.ScreenName != "" {
		a.URL = "https://x.com/" + u.ScreenName
	}
	if u.CreatedAt != "" {
		ct, err := time.Parse(rubyDate, u.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("created_at: %w", err)
		}
		a.CreatedAt = ct.UTC()
	}
	img := u.ProfileImageURLHTTPS
	if img == "" {
		img = u.ProfileImageURL
	}
	if img != "" || u.DefaultProfileImage {
		a.Avatar = &rampart.Avatar{URL: img, Default: u.DefaultProfileImage || isDefaultXAvatar(img)}
	}
	extra := map[string]any{}
	if u.Location != "" {
		extra["location"] = u.Location
	}
	if u.Protected {
		extra["protected"] = true
	}
	if u.Listed != nil {
		extra["listed_count"] = *u.Listed
	}
	if u.Favourites != nil {
		extra["favourites_count"] = *u.Favourites
	}
	if u.DefaultProfile {
		extra["default_profile"] = true // untouched theme: a weak fake-account signal
	}
	if len(extra) > 0 {
		a.Extra = extra
	}
	return a, nil
}
