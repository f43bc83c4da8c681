// Package client is a Go client for Rampart's REST API (package api). The
// CLI and the API's tests use it; every method maps one route.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
)

// Client calls one Rampart server with one token.
type Client struct {
	base  string
	token string
	http  *http.Client
}

// New returns a client for the server at baseURL ("http://127.0.0.1:8080")
// using token; hc nil means http.DefaultClient.
func New(baseURL, token string, hc *http.Client) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("server URL %q: want http(s)://host:port", baseURL)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: strings.TrimSuffix(baseURL, "/"), token: token, http: hc}, nil
}

// Error is a problem the server answered with.
type Error struct {
	api.Problem
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("server answered %d %s", e.Status, e.Title)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Header adds request headers to one call.
type Header map[string]string

// Do sends a request with a JSON body (nil for none) and decodes a success
// into out (nil to discard). A problem comes back as *Error.
func (c *Client) Do(ctx context.Context, method, path string, h Header, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("%s %s: encode request: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("%s %s: read response: %w", method, path, err)
	}
	if resp.StatusCode >= 400 {
		e := &Error{}
		if json.Unmarshal(b, &e.Problem) != nil || e.Status == 0 {
			e.Status, e.Title, e.Detail = resp.StatusCode, http.StatusText(resp.StatusCode), strings.TrimSpace(string(b))
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s: decode response: %w", method, path, err)
	}
	return nil
}

// Me returns who the token belongs to.
func (c *Client) Me(ctx context.Context) (rampart.Principal, error) {
	var p rampart.Principal
	return p, c.Do(ctx, "GET", "/api/v1/me", nil, nil, &p)
}

// CreateUser creates a user; idemKey "" sends no Idempotency-Key.
func (c *Client) CreateUser(ctx context.Context, r casework.NewUser, idemKey string) (rampart.User, error) {
	var u rampart.User
	return u, c.Do(ctx, "POST", "/api/v1/users", idem(idemKey), r, &u)
}

// Users lists users.
func (c *Client) Users(ctx context.Context) ([]rampart.User, error) {
	var out api.UserList
	return out.Users, c.Do(ctx, "GET", "/api/v1/users", nil, nil, &out)
}

// User returns one user.
func (c *Client) User(ctx context.Context, id int64) (rampart.User, error) {
	var u rampart.User
	return u, c.Do(ctx, "GET", "/api/v1/users/"+strconv.FormatInt(id, 10), nil, nil, &u)
}

// CreateToken makes a token and returns it with its secret.
func (c *Client) CreateToken(ctx context.Context, r casework.NewToken) (api.CreatedToken, error) {
	var out api.CreatedToken
	return out, c.Do(ctx, "POST", "/api/v1/tokens", nil, r, &out)
}

// Tokens lists tokens.
func (c *Client) Tokens(ctx context.Context) ([]rampart.Token, error) {
	var out api.TokenList
	return out.Tokens, c.Do(ctx, "GET", "/api/v1/tokens", nil, nil, &out)
}

// RevokeToken revokes a token.
func (c *Client) RevokeToken(ctx context.Context, id int64) (rampart.Token, error) {
	var t rampart.Token
	return t, c.Do(ctx, "DELETE", "/api/v1/tokens/"+strconv.FormatInt(id, 10), nil, nil, &t)
}

// Findings lists stored findings; q holds query parameters (platform,
// action, account, entity, cluster, since, after, limit).
func (c *Client) Findings(ctx context.Context, q url.Values) (api.FindingList, error) {
	var out api.FindingList
	return out, c.Do(ctx, "GET", "/api/v1/findings"+encode(q), nil, nil, &out)
}

// CreateCase opens a case; idemKey "" sends no Idempotency-Key.
func (c *Client) CreateCase(ctx context.Context, r casework.NewCase, idemKey string) (rampart.Case, error) {
	var k rampart.Case
	return k, c.Do(ctx, "POST", "/api/v1/cases", idem(idemKey), r, &k)
}

// Cases lists cases; q holds query parameters (status, platform,
// assignee, group_by, key, after, limit).
func (c *Client) Cases(ctx context.Context, q url.Values) (api.CaseList, error) {
	var out api.CaseList
	return out, c.Do(ctx, "GET", "/api/v1/cases"+encode(q), nil, nil, &out)
}

// Case returns one case.
func (c *Client) Case(ctx context.Context, id int64) (rampart.Case, error) {
	var k rampart.Case
	return k, c.Do(ctx, "GET", casePath(id, ""), nil, nil, &k)
}

// Assign gives a case to a user (0 unassigns).
func (c *Client) Assign(ctx context.Context, id, assignee int64) (rampart.Case, error) {
	var k rampart.Case
	return k, c.Do(ctx, "POST", casePath(id, "/assign"), nil, api.AssignRequest{Assignee: &assignee}, &k)
}

// Transition moves a case to a status.
func (c *Client) Transition(ctx context.Context, id int64, to rampart.CaseStatus) (rampart.Case, error) {
	var k rampart.Case
	return k, c.Do(ctx, "POST", casePath(id, "/transition"), nil, api.TransitionRequest{Status: to}, &k)
}

// Reviews returns the review queue.
func (c *Client) Reviews(ctx context.Context, limit int) ([]rampart.Case, error) {
	var out api.ReviewList
	q := url.Values{}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	return out.Reviews, c.Do(ctx, "GET", "/api/v1/reviews"+encode(q), nil, nil, &out)
}

// Claim takes the review lease on a case.
func (c *Client) Claim(ctx context.Context, id int64) (rampart.Case, error) {
	var k rampart.Case
	return k, c.Do(ctx, "POST", reviewPath(id, "/claim"), nil, nil, &k)
}

// Release gives the lease up.
func (c *Client) Release(ctx context.Context, id int64) (rampart.Case, error) {
	var k rampart.Case
	return k, c.Do(ctx, "POST", reviewPath(id, "/release"), nil, nil, &k)
}

// Decide records a decision on a claimed case.
func (c *Client) Decide(ctx context.Context, id int64, d casework.Decision) (rampart.Case, error) {
	var k rampart.Case
	return k, c.Do(ctx, "POST", reviewPath(id, "/decide"), nil, d, &k)
}

// Evidence returns case id's evidence bundle and chain of custody; the
// server records the access with purpose.
func (c *Client) Evidence(ctx context.Context, id int64, purpose string) (api.EvidenceResponse, error) {
	var out api.EvidenceResponse
	return out, c.Do(ctx, "GET", casePath(id, "/evidence")+encode(url.Values{"purpose": {purpose}}), nil, nil, &out)
}

// Hold places (hold true) or lifts a legal hold on case id.
func (c *Client) Hold(ctx context.Context, id int64, hold bool, reason string) (casework.HoldResult, error) {
	var out casework.HoldResult
	return out, c.Do(ctx, "POST", casePath(id, "/hold"), nil, casework.HoldRequest{Hold: hold, Reason: reason}, &out)
}

// PreviewDuplicates lists the open findings that share a media hash or a
// coordination cluster with case id.
func (c *Client) PreviewDuplicates(ctx context.Context, id int64) (casework.DuplicatePreview, error) {
	var out casework.DuplicatePreview
	return out, c.Do(ctx, "POST", reviewPath(id, "/duplicates/preview"), nil, nil, &out)
}

// ApplyDuplicates applies case id's decision to the chosen duplicates.
func (c *Client) ApplyDuplicates(ctx context.Context, id int64, findings []int64) (casework.AppliedDuplicates, error) {
	var out casework.AppliedDuplicates
	return out, c.Do(ctx, "POST", reviewPath(id, "/duplicates/apply"), nil, casework.ApplyDuplicates{Findings: findings}, &out)
}

// Audit lists audit records from seq from.
func (c *Client) Audit(ctx context.Context, from int64, limit int) (api.AuditList, error) {
	var out api.AuditList
	q := url.Values{}
	if from > 0 {
		q.Set("from", strconv.FormatInt(from, 10))
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	return out, c.Do(ctx, "GET", "/api/v1/audit"+encode(q), nil, nil, &out)
}

// VerifyAudit verifies the audit chain on the server.
func (c *Client) VerifyAudit(ctx context.Context) (api.AuditVerification, error) {
	var out api.AuditVerification
	return out, c.Do(ctx, "GET", "/api/v1/audit/verify", nil, nil, &out)
}

func idem(key string) Header {
	if key == "" {
		return nil
	}
	return Header{"Idempotency-Key": key}
}

func encode(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

func casePath(id int64, tail string) string {
	return "/api/v1/cases/" + strconv.FormatInt(id, 10) + tail
}
func reviewPath(id int64, tail string) string {
	return "/api/v1/reviews/" + strconv.FormatInt(id, 10) + tail
}
