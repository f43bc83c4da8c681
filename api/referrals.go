package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

// This file serves referrals and orders: requests to a platform to act
// on accounts or content. The rules (who may move a request, the state
// machine, platform scoping) live in casework.Referrals; the handlers only
// decode, call and encode. See casework/REFERRALS.md.

// ReferralList is the body of GET /api/v1/referrals. NextAfter, when set,
// is the after= value of the next page.
type ReferralList struct {
	Referrals []rampart.Referral `json:"referrals"`
	NextAfter int64              `json:"next_after,omitempty"`
}

// Answers is the body of POST …/answers: the platform's answer per item.
type Answers struct {
	Answers []casework.ItemAnswer `json:"answers"`
}

// referralsService returns the referral service, or an error a client can
// act on when this server was started without one.
func (s *Server) referralsService() (*casework.Referrals, error) {
	if s.opt.Referrals == nil {
		return nil, rampart.Errorf(rampart.ENOTFOUND, "this server keeps no referrals, orders, appeals or incidents (its store has no referral tables)")
	}
	return s.opt.Referrals, nil
}

// requestFilter reads the list filters shared by referrals, orders and
// preservation requests.
func requestFilter(q *query) rampart.RequestFilter {
	f := rampart.RequestFilter{Platform: q.v.Get("platform"), IncidentID: q.int64("incident"), AfterID: q.int64("after"), Limit: q.limit()}
	for _, st := range q.v["status"] {
		f.Statuses = append(f.Statuses, rampart.RequestStatus(st))
	}
	return f
}

// byID serves a route that applies one service method to the request
// named by {id} and returns the request as it now is; every state change
// of referrals, orders and preservations has this shape.
// create serves a POST that decodes the request body and hands it to one
// of the referral service's create methods; success is 201.
func create[Req, T any](s *Server, fn func(*casework.Referrals, context.Context, rampart.Principal, Req) (T, error)) handlerFunc {
	return func(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
		svc, err := s.referralsService()
		if err != nil {
			return 0, nil, err
		}
		var req Req
		if err := Decode(body, &req); err != nil {
			return 0, nil, err
		}
		v, err := fn(svc, r.Context(), p, req)
		return http.StatusCreated, v, err
	}
}

func byID[T any](s *Server, fn func(*casework.Referrals, context.Context, rampart.Principal, int64) (T, error)) handlerFunc {
	return func(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
		svc, err := s.referralsService()
		if err != nil {
			return 0, nil, err
		}
		id, err := pathID(r)
		if err != nil {
			return 0, nil, err
		}
		v, err := fn(svc, r.Context(), p, id)
		return http.StatusOK, v, err
	}
}

// answer serves POST …/answers for referrals and orders.
func answer[T any](s *Server, fn func(*casework.Referrals, context.Context, rampart.Principal, int64, []casework.ItemAnswer) (T, error)) handlerFunc {
	return func(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
		svc, err := s.referralsService()
		if err != nil {
			return 0, nil, err
		}
		id, err := pathID(r)
		if err != nil {
			return 0, nil, err
		}
		var req Answers
		if err := Decode(body, &req); err != nil {
			return 0, nil, err
		}
		v, err := fn(svc, r.Context(), p, id, req.Answers)
		return http.StatusOK, v, err
	}
}

// notice serves GET …/{id}/items/{item}/notice: the statement of reasons
// for one item of a referral or order (kind).
func (s *Server) notice(kind string) handlerFunc {
	return func(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
		svc, err := s.referralsService()
		if err != nil {
			return 0, nil, err
		}
		id, err := pathID(r)
		if err != nil {
			return 0, nil, err
		}
		// Items are numbered from 0, as in ItemAnswer.Item.
		raw := r.PathValue("item")
		item, err := strconv.Atoi(raw)
		if err != nil || item < 0 {
			return 0, nil, invalidField("item", strconv.Quote(raw)+" is not an item index (0, 1, …)")
		}
		n, err := svc.Notice(r.Context(), p, rampart.RequestRef{Kind: kind, ID: id, Item: item})
		return http.StatusOK, n, err
	}
}

func (s *Server) listReferrals(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	svc, err := s.referralsService()
	if err != nil {
		return 0, nil, err
	}
	q := newQuery(r)
	f := requestFilter(q)
	if err := q.err(); err != nil {
		return 0, nil, err
	}
	rs, err := svc.Referrals(r.Context(), p, f)
	if err != nil {
		return 0, nil, err
	}
	out := ReferralList{Referrals: nonNil(rs)}
	if len(rs) == f.Limit {
		out.NextAfter = rs[len(rs)-1].ID
	}
	return http.StatusOK, out, nil
}
