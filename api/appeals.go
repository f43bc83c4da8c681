package api

import (
	"net/http"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

// This file serves appeals, crisis incidents and the compliance report.

// AppealList is the body of GET /api/v1/appeals.
type AppealList struct {
	Appeals []rampart.Appeal `json:"appeals"`
}

// ReversalRateList is the body of GET /api/v1/appeals/reversal-rates.
type ReversalRateList struct {
	Rates []casework.ReversalRate `json:"rates"`
}

// IncidentList is the body of GET /api/v1/incidents: those in force now.
type IncidentList struct {
	Incidents []rampart.Incident `json:"incidents"`
}

func (s *Server) listAppeals(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	svc, err := s.referralsService()
	if err != nil {
		return 0, nil, err
	}
	q := newQuery(r)
	f := rampart.AppealFilter{Platform: q.v.Get("platform"), Limit: q.limit()}
	for _, st := range q.v["status"] {
		f.Statuses = append(f.Statuses, rampart.AppealStatus(st))
	}
	if err := q.err(); err != nil {
		return 0, nil, err
	}
	as, err := svc.Appeals(r.Context(), p, f)
	return http.StatusOK, AppealList{Appeals: nonNil(as)}, err
}

func (s *Server) decideAppeal(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
	svc, err := s.referralsService()
	if err != nil {
		return 0, nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var req casework.AppealDecision
	if err := Decode(body, &req); err != nil {
		return 0, nil, err
	}
	v, err := svc.DecideAppeal(r.Context(), p, id, req)
	return http.StatusOK, v, err
}

func (s *Server) reversalRates(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	svc, err := s.referralsService()
	if err != nil {
		return 0, nil, err
	}
	rs, err := svc.ReversalRates(r.Context(), p)
	return http.StatusOK, ReversalRateList{Rates: nonNil(rs)}, err
}

func (s *Server) compliance(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	svc, err := s.referralsService()
	if err != nil {
		return 0, nil, err
	}
	rep, err := svc.Compliance(r.Context(), p)
	rep.Platforms, rep.Regimes = nonNil(rep.Platforms), nonNil(rep.Regimes)
	return http.StatusOK, rep, err
}

func (s *Server) incidentReport(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	refs, err := s.referralsService()
	if err != nil {
		return 0, nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	rep, err := s.svc.IncidentReport(r.Context(), p, refs, id)
	return http.StatusOK, rep, err
}

func (s *Server) listIncidents(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	svc, err := s.referralsService()
	if err != nil {
		return 0, nil, err
	}
	is, err := svc.ActiveIncidents(r.Context())
	return http.StatusOK, IncidentList{Incidents: nonNil(is)}, err
}
