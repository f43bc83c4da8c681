package api

import (
	"net/http"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

// This file serves binding removal orders and preservation or disclosure
// requests. Their transitions share byID with referrals.

// OrderList is the body of GET /api/v1/orders.
type OrderList struct {
	Orders    []rampart.Order `json:"orders"`
	NextAfter int64           `json:"next_after,omitempty"`
}

// PreservationList is the body of GET /api/v1/preservations.
type PreservationList struct {
	Preservations []rampart.Preservation `json:"preservations"`
	NextAfter     int64                  `json:"next_after,omitempty"`
}

func (s *Server) listOrders(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	svc, err := s.referralsService()
	if err != nil {
		return 0, nil, err
	}
	q := newQuery(r)
	f := requestFilter(q)
	if err := q.err(); err != nil {
		return 0, nil, err
	}
	os, err := svc.Orders(r.Context(), p, f)
	if err != nil {
		return 0, nil, err
	}
	out := OrderList{Orders: nonNil(os)}
	if len(os) == f.Limit {
		out.NextAfter = os[len(os)-1].ID
	}
	return http.StatusOK, out, nil
}

// listPreservations lists requests; purpose is required because every
// read of who is being investigated is logged with its reason.
func (s *Server) listPreservations(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	svc, err := s.referralsService()
	if err != nil {
		return 0, nil, err
	}
	q := newQuery(r)
	f := requestFilter(q)
	if err := q.err(); err != nil {
		return 0, nil, err
	}
	ps, err := svc.Preservations(r.Context(), p, f, q.v.Get("purpose"))
	if err != nil {
		return 0, nil, err
	}
	out := PreservationList{Preservations: nonNil(ps)}
	if len(ps) == f.Limit {
		out.NextAfter = ps[len(ps)-1].ID
	}
	return http.StatusOK, out, nil
}

func (s *Server) getPreservation(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	svc, err := s.referralsService()
	if err != nil {
		return 0, nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	v, err := svc.Preservation(r.Context(), p, id, r.URL.Query().Get("purpose"))
	return http.StatusOK, v, err
}

func (s *Server) respondPreservation(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
	svc, err := s.referralsService()
	if err != nil {
		return 0, nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var req casework.PreservationResponse
	if err := Decode(body, &req); err != nil {
		return 0, nil, err
	}
	v, err := svc.RespondPreservation(r.Context(), p, id, req)
	return http.StatusOK, v, err
}
