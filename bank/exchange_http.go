package bank

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// DefaultHTTPTimeout bounds one page request of an HTTPExchange.
const DefaultHTTPTimeout = 30 * time.Second

// maxPage bounds one page of an HTTP feed.
const maxPage = 64 << 20

// maxPages stops a feed that keeps answering "more" with the same
// checkpoint, which would otherwise loop for ever.
const maxPages = 100_000

// HTTPExchange pulls a JSON feed: GET URL?checkpoint=C answers
// {"deltas":[...],"checkpoint":"...","more":bool}; the client asks again
// with the new checkpoint while more is true. Each page ends with an
// OpCheckpoint delta, so a page is committed whole or not at all.
type HTTPExchange struct {
	URL     string
	Client  *http.Client  // nil: a client with Timeout
	Timeout time.Duration // per page; 0: DefaultHTTPTimeout
}

type httpPage struct {
	Deltas     []Delta `json:"deltas"`
	Checkpoint string  `json:"checkpoint"`
	More       bool    `json:"more"`
}

// Name returns the feed URL.
func (h HTTPExchange) Name() string { return h.URL }

// Fetch yields the feed's deltas after checkpoint, page by page.
func (h HTTPExchange) Fetch(ctx context.Context, checkpoint string) iter.Seq2[Delta, error] {
	return func(yield func(Delta, error) bool) {
		for range maxPages {
			page, err := h.get(ctx, checkpoint)
			if err != nil {
				yield(Delta{}, err)
				return
			}
			for _, d := range page.Deltas {
				if d.Op == OpCheckpoint {
					yield(Delta{}, fmt.Errorf("GET %s: checkpoint deltas are not allowed inside a page", h.URL))
					return
				}
				if !yield(d, nil) {
					return
				}
			}
			if page.Checkpoint == "" {
				yield(Delta{}, fmt.Errorf("GET %s: page has no checkpoint", h.URL))
				return
			}
			if !yield(Delta{Op: OpCheckpoint, Checkpoint: page.Checkpoint}, nil) {
				return
			}
			if !page.More {
				return
			}
			if page.Checkpoint == checkpoint && len(page.Deltas) == 0 {
				yield(Delta{}, fmt.Errorf("GET %s: feed says more but its checkpoint %q did not advance", h.URL, checkpoint))
				return
			}
			checkpoint = page.Checkpoint
		}
		yield(Delta{}, fmt.Errorf("GET %s: more than %d pages", h.URL, maxPages))
	}
}

func (h HTTPExchange) get(ctx context.Context, checkpoint string) (httpPage, error) {
	u, err := url.Parse(h.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return httpPage{}, fmt.Errorf("feed URL %q: want an http or https URL", h.URL)
	}
	q := u.Query()
	q.Set("checkpoint", checkpoint)
	u.RawQuery = q.Encode()
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = DefaultHTTPTimeout
	}
	client := h.Client
	if client == nil {
		client = &http.Client{Timeout: timeout}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return httpPage{}, fmt.Errorf("GET %s: %w", h.URL, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return httpPage{}, fmt.Errorf("GET %s: %w", h.URL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		return httpPage{}, fmt.Errorf("GET %s: %s", h.URL, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxPage+1))
	if err != nil {
		return httpPage{}, fmt.Errorf("GET %s: read body: %w", h.URL, err)
	}
	if len(b) > maxPage {
		return httpPage{}, fmt.Errorf("GET %s: page larger than %d bytes", h.URL, maxPage)
	}
	var p httpPage
	if err := json.Unmarshal(b, &p); err != nil {
		return httpPage{}, fmt.Errorf("GET %s: page is not the feed's JSON: %w", h.URL, err)
	}
	return p, nil
}
