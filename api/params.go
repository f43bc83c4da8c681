package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/rampart-tt/rampart"
)

// Paging limits for list routes.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// query reads query parameters, collecting every problem.
type query struct {
	v    url.Values
	errs []error
}

func newQuery(r *http.Request) *query { return &query{v: r.URL.Query()} }

func (q *query) bad(name, detail string) { q.errs = append(q.errs, invalidField(name, detail)) }

func (q *query) int64(name string) int64 {
	s := q.v.Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		q.bad(name, fmt.Sprintf("%q is not a non-negative integer", s))
	}
	return n
}

func (q *query) limit() int {
	s := q.v.Get("limit")
	if s == "" {
		return DefaultLimit
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxLimit {
		q.bad("limit", fmt.Sprintf("%q: want 1 to %d", s, MaxLimit))
		return DefaultLimit
	}
	return n
}

func (q *query) time(name string) time.Time {
	s := q.v.Get(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		q.bad(name, fmt.Sprintf("%q is not an RFC 3339 time such as 2025-01-02T15:04:05Z", s))
	}
	return t
}

// err joins the problems into one EINVALID error.
func (q *query) err() error {
	if len(q.errs) == 0 {
		return nil
	}
	if len(q.errs) == 1 {
		return q.errs[0]
	}
	e := &rampart.Error{Code: rampart.EINVALID, Message: "invalid query parameters"}
	fe := joinFieldErrors(q.errs)
	e.Message += ": " + fe.Error()
	e.Err = fe
	return e
}

// pathID reads the {id} path value.
func pathID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 0, invalidField("id", fmt.Sprintf("%q is not a positive integer id", s))
	}
	return n, nil
}
