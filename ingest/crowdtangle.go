package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// crowdTangleReader reads CrowdTangle (Meta, shut down in 2024) exports: the
// link-share CSV that CooRnet-style tools build from the /links API, and the
// API's post objects (a JSON array, {"result": {"posts": [...]}} pages, or
// one post per line). Account fields come nested (account: {...}) or
// flattened ("account.platformId"), as such tools write them.
type crowdTangleReader struct{ src source }

func (r *crowdTangleReader) Format() string { return FormatCrowdTangle }

// ctPost is a post in either layout, after reading.
type ctPost struct {
	ID, PlatformID, Platform, Date       string
	Message, Description, Title, Caption string
	Expanded, Link, PostURL, Type        string
	ExpandedLinks                        []string
	Media                                []rampart.Media
	IsOrig                               *bool
	Score                                *float64
	Account                              ctAccount
}

type ctAccount struct {
	ID, PlatformID, Platform, Name, Handle, URL, ProfileImage string
	Subscribers                                               *int64
	Verified                                                  *bool
}

// ctDate is CrowdTangle's date layout; it carries no zone and is read as UTC.
const ctDate = "2006-01-02 15:04:05"

func (r *crowdTangleReader) Items(ctx context.Context) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		head, _ := r.src.br.Peek(readBufferSize)
		head = bytes.TrimLeft(head, " \t\r\n")
		var accounts seenSet
		emit := func(p ctPost, line int, path string, invalid bool) bool {
			items, err := ctItems(p)
			if err != nil {
				return yield(rampart.Item{}, r.src.recordErr(line, path, "%v", err))
			}
			for _, it := range items {
				if it.Account != nil && !accounts.add(it.Account.Platform+"/"+it.Account.ID) {
					continue
				}
				it.Origin = r.src.origin(FormatCrowdTangle, line, path)
				it.Flags = flags(invalid)
				if !yield(it, nil) {
					return false
				}
			}
			return true
		}
		if len(head) > 0 && (head[0] == '{' || head[0] == '[') {
			r.readJSON(ctx, yield, emit)
			return
		}
		r.readCSV(ctx, yield, emit)
	}
}

type ctEmit func(p ctPost, line int, path string, invalid bool) bool

// ctColumns are the CSV columns read; others are ignored.
var ctColumns = []string{"id", "platformId", "platform", "date", "message", "description", "title", "caption",
	"expanded", "link", "postUrl", "type", "is_orig", "score",
	"account.id", "account.platformId", "account.platform", "account.name", "account.handle", "account.url",
	"account.profileImage", "account.subscriberCount", "account.verified"}

func (r *crowdTangleReader) readCSV(ctx context.Context, yield func(rampart.Item, error) bool, emit ctEmit) {
	pr := newPosReader(r.src.br)
	cr := csv.NewReader(pr)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		yield(rampart.Item{}, r.src.fatal(fmt.Errorf("CrowdTangle CSV header: %w", err)))
		return
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	_, hasID := col["id"]
	_, hasPID := col["platformId"]
	_, hasAcc := col["account.platformId"]
	_, hasAccID := col["account.id"]
	if !(hasID || hasPID) || !(hasAcc || hasAccID) {
		yield(rampart.Item{}, r.src.fatal(fmt.Errorf("CrowdTangle CSV header must name id (or platformId) and account.platformId (or account.id); got %s", strings.Join(header, ","))))
		return
	}
	for n := 0; ; n++ {
		if err := ctx.Err(); err != nil {
			yield(rampart.Item{}, err)
			return
		}
		pr.mark = cr.InputOffset()
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if !yield(rampart.Item{}, r.src.recordErr(pe.Line, "", "CSV: %v", pe.Err)) {
				return
			}
			continue
		}
		if err != nil {
			yield(rampart.Item{}, r.src.fatal(fmt.Errorf("line %d: %w", pr.lineAt(cr.InputOffset()), err)))
			return
		}
		line, _ := cr.FieldPos(0)
		var invalid bool
		get := func(name string) string {
			i, ok := col[name]
			if !ok || i >= len(rec) {
				return ""
			}
			v, bad := fixUTF8(strings.TrimSpace(rec[i]))
			invalid = invalid || bad
			if v == "NA" {
				return "" // R writes missing values as NA
			}
			return v
		}
		p := ctPost{
			ID: get("id"), PlatformID: get("platformId"), Platform: get("platform"), Date: get("date"),
			Message: get("message"), Description: get("description"), Title: get("title"), Caption: get("caption"),
			Expanded: get("expanded"), Link: get("link"), PostURL: get("postUrl"), Type: get("type"),
			Account: ctAccount{
				ID: get("account.id"), PlatformID: get("account.platformId"), Platform: get("account.platform"),
				Name: get("account.name"), Handle: get("account.handle"), URL: get("account.url"),
				ProfileImage: get("account.profileImage"),
			},
		}
		var bad []string
		if v := get("is_orig"); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				bad = append(bad, fmt.Sprintf("is_orig %q is not TRUE or FALSE", v))
			}
			p.IsOrig = &b
		}
		if v := get("account.verified"); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				bad = append(bad, fmt.Sprintf("account.verified %q is not TRUE or FALSE", v))
			}
			p.Account.Verified = &b
		}
		if v := get("account.subscriberCount"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				bad = append(bad, fmt.Sprintf("account.subscriberCount %q is not a whole number", v))
			}
			p.Account.Subscribers = &n
		}
		if v := get("score"); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				bad = append(bad, fmt.Sprintf("score %q is not a number", v))
			}
			p.Score = &f
		}
		if len(bad) > 0 {
			if !yield(rampart.Item{}, r.src.recordErr(line, "", "%s", strings.Join(bad, "; "))) {
				return
			}
			continue
		}
		if !emit(p, line, "", invalid) {
			return
		}
	}
}

// ctJSONPost is an API post object; both nested and flattened account
// fields are accepted.
type ctJSONPost struct {
	ID            flexID   `json:"id"`
	PlatformID    flexID   `json:"platformId"`
	Platform      string   `json:"platform"`
	Date          string   `json:"date"`
	Message       string   `json:"message"`
	Description   string   `json:"description"`
	Title         string   `json:"title"`
	Caption       string   `json:"caption"`
	Expanded      string   `json:"expanded"`
	Link          string   `json:"link"`
	PostURL       string   `json:"postUrl"`
	Type          string   `json:"type"`
	Score         *float64 `json:"score"`
	IsOrig        *bool    `json:"is_orig"`
	ExpandedLinks []struct {
		Expanded string `json:"expanded"`
	} `json:"expandedLinks"`
	Media []struct {
		Type string `json:"type"`
		URL  string `json:"url"`
		Full string `json:"full"`
	} `json:"media"`
	Account *struct {
		ID              flexID `json:"id"`
		PlatformID      flexID `json:"platformId"`
		Platform        string `json:"platform"`
		Name            string `json:"name"`
		Handle          string `json:"handle"`
		URL             string `json:"url"`
		ProfileImage    string `json:"profileImage"`
		SubscriberCount *int64 `json:"subscriberCount"`
		Verified        *bool  `json:"verified"`
	} `json:"account"`
	AccID           flexID `json:"account.id"`
	AccPlatformID   flexID `json:"account.platformId"`
	AccPlatform     string `json:"account.platform"`
	AccName         string `json:"account.name"`
	AccHandle       string `json:"account.handle"`
	AccURL          string `json:"account.url"`
	AccProfileImage string `json:"account.profileImage"`
	AccSubscribers  *int64 `json:"account.subscriberCount"`
	AccVerified     *bool  `json:"account.verified"`
}

func (r *crowdTangleReader) readJSON(ctx context.Context, yield func(rampart.Item, error) bool, emit ctEmit) {
	for v, err := range jsonValues(ctx, r.src) {
		if err != nil {
			if !yield(rampart.Item{}, err) {
				return
			}
			continue
		}
		var page struct {
			Result *struct {
				Posts []json.RawMessage `json:"posts"`
			} `json:"result"`
		}
		if err := json.Unmarshal(v.raw, &page); err != nil {
			if !yield(rampart.Item{}, r.src.recordErr(v.line, v.path, "not a CrowdTangle post or page: %v", describeJSON(err))) {
				return
			}
			continue
		}
		type elem struct {
			raw  []byte
			path string
		}
		elems := []elem{{v.raw, v.path}}
		if page.Result != nil {
			elems = elems[:0]
			for i, p := range page.Result.Posts {
				elems = append(elems, elem{p, fmt.Sprintf("%s.result.posts[%d]", v.path, i)})
			}
		}
		for _, e := range elems {
			var j ctJSONPost
			if err := json.Unmarshal(e.raw, &j); err != nil {
				if !yield(rampart.Item{}, r.src.recordErr(v.line, e.path, "not a CrowdTangle post: %v", describeJSON(err))) {
					return
				}
				continue
			}
			if !emit(j.post(), v.line, e.path, v.invalidUTF8 && !utf8Valid(e.raw)) {
				return
			}
		}
	}
}

func (j ctJSONPost) post() ctPost {
	p := ctPost{
		ID: string(j.ID), PlatformID: string(j.PlatformID), Platform: j.Platform, Date: j.Date,
		Message: j.Message, Description: j.Description, Title: j.Title, Caption: j.Caption,
		Expanded: j.Expanded, Link: j.Link, PostURL: j.PostURL, Type: j.Type, IsOrig: j.IsOrig, Score: j.Score,
		Account: ctAccount{
			ID: string(j.AccID), PlatformID: string(j.AccPlatformID), Platform: j.AccPlatform, Name: j.AccName,
			Handle: j.AccHandle, URL: j.AccURL, ProfileImage: j.AccProfileImage, Subscribers: j.AccSubscribers,
			Verified: j.AccVerified,
		},
	}
	if a := j.Account; a != nil {
		p.Account = ctAccount{
			ID: string(a.ID), PlatformID: string(a.PlatformID), Platform: a.Platform, Name: a.Name,
			Handle: a.Handle, URL: a.URL, ProfileImage: a.ProfileImage, Subscribers: a.SubscriberCount,
			Verified: a.Verified,
		}
	}
	for _, l := range j.ExpandedLinks {
		p.ExpandedLinks = append(p.ExpandedLinks, l.Expanded)
	}
	for _, m := range j.Media {
		p.Media = append(p.Media, rampart.Media{Type: m.Type, URL: m.URL})
	}
	return p
}

// ctPlatform maps CrowdTangle's platform names to Rampart's.
func ctPlatform(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// ctItems maps one post to its account (first) and the post.
func ctItems(c ctPost) ([]rampart.Item, error) {
	platform := ctPlatform(c.Account.Platform)
	if platform == "" {
		platform = ctPlatform(c.Platform)
	}
	if platform == "" {
		return nil, fmt.Errorf("no platform: neither account.platform nor platform is set")
	}
	id := c.PlatformID
	if id == "" {
		id = c.ID
	}
	if id == "" {
		return nil, fmt.Errorf("post has neither platformId nor id")
	}
	accID := c.Account.PlatformID
	if accID == "" {
		accID = c.Account.ID
	}
	p := &rampart.Post{Platform: platform, ID: id, AccountID: accID, URL: c.PostURL, Media: c.Media}
	if c.Date != "" {
		t, err := time.Parse(ctDate, c.Date)
		if err != nil {
			return nil, fmt.Errorf("date %q: want YYYY-MM-DD HH:MM:SS", c.Date)
		}
		p.CreatedAt = t
	}
	p.Text = c.Message
	if p.Text == "" {
		p.Text = c.Description
	}
	for _, u := range append([]string{c.Expanded}, c.ExpandedLinks...) {
		if u != "" && !slices.Contains(p.URLs, u) {
			p.URLs = append(p.URLs, u)
		}
	}
	extra := map[string]any{}
	if c.PlatformID != "" && c.ID != "" {
		extra["crowdtangle_id"] = c.ID
	}
	for k, v := range map[string]string{"type": c.Type, "title": c.Title, "caption": c.Caption, "link": c.Link} {
		if v != "" {
			extra[k] = v
		}
	}
	if c.IsOrig != nil {
		extra["is_orig"] = *c.IsOrig
	}
	if c.Score != nil {
		extra["score"] = *c.Score
	}
	if len(extra) > 0 {
		p.Extra = extra
	}
	var items []rampart.Item
	if accID != "" {
		a := &rampart.Account{
			Platform: platform, ID: accID, Handle: c.Account.Handle, Name: c.Account.Name, URL: c.Account.URL,
			Followers: c.Account.Subscribers,
		}
		if c.Account.Verified != nil {
			a.Verified = *c.Account.Verified
		}
		if c.Account.ProfileImage != "" {
			a.Avatar = &rampart.Avatar{URL: c.Account.ProfileImage}
		}
		if c.Account.PlatformID != "" && c.Account.ID != "" {
			a.Extra = map[string]any{"crowdtangle_account_id": c.Account.ID}
		}
		items = append(items, rampart.Item{Account: a})
	}
	return append(items, rampart.Item{Post: p}), nil
}
