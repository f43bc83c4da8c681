package api

import (
	"errors"
	"net/http"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/casework"
)

func joinFieldErrors(errs []error) casework.FieldErrors {
	var out casework.FieldErrors
	for _, err := range errs {
		var fe casework.FieldErrors
		if errors.As(err, &fe) {
			out = append(out, fe...)
		}
	}
	return out
}

func (s *Server) me(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	return http.StatusOK, p, nil
}

// UserList is the body of GET /api/v1/users.
type UserList struct {
	Users []rampart.User `json:"users"`
}

func (s *Server) listUsers(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	us, err := s.svc.Users(r.Context(), p)
	return http.StatusOK, UserList{Users: nonNil(us)}, err
}

func (s *Server) createUser(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
	var req casework.NewUser
	if err := Decode(body, &req); err != nil {
		return 0, nil, err
	}
	u, err := s.svc.CreateUser(r.Context(), p, req)
	return http.StatusCreated, u, err
}

func (s *Server) getUser(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	u, err := s.svc.User(r.Context(), p, id)
	return http.StatusOK, u, err
}

// TokenList is the body of GET /api/v1/tokens.
type TokenList struct {
	Tokens []rampart.Token `json:"tokens"`
}

// CreatedToken is the body of POST /api/v1/tokens: the only time the
// secret is shown.
type CreatedToken struct {
	Token  rampart.Token `json:"token"`
	Secret string        `json:"secret"`
}

func (s *Server) listTokens(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	ts, err := s.svc.Tokens(r.Context(), p)
	return http.StatusOK, TokenList{Tokens: nonNil(ts)}, err
}

func (s *Server) createToken(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
	var req casework.NewToken
	if err := Decode(body, &req); err != nil {
		return 0, nil, err
	}
	t, secret, err := s.svc.CreateToken(r.Context(), p, req)
	return http.StatusCreated, CreatedToken{Token: t, Secret: secret}, err
}

func (s *Server) revokeToken(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	t, err := s.svc.RevokeToken(r.Context(), p, id)
	return http.StatusOK, t, err
}

// FindingList is the body of GET /api/v1/findings. NextAfter, when set,
// is the after= value of the next page.
type FindingList struct {
	Findings  []rampart.FindingRecord `json:"findings"`
	NextAfter int64                   `json:"next_after,omitempty"`
}

func (s *Server) listFindings(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	q := newQuery(r)
	f := rampart.FindingRecordFilter{Platform: q.v.Get("platform"), AccountID: q.v.Get("account"), Entity: q.v.Get("entity"),
		Cluster: q.v.Get("cluster"), IncidentID: q.int64("incident"), Since: q.time("since"), AfterID: q.int64("after"), Limit: q.limit()}
	for _, a := range q.v["action"] {
		f.Actions = append(f.Actions, rampart.Action(a))
	}
	if err := q.err(); err != nil {
		return 0, nil, err
	}
	recs, err := s.svc.Findings(r.Context(), p, f)
	if err != nil {
		return 0, nil, err
	}
	out := FindingList{Findings: nonNil(recs)}
	if len(recs) == f.Limit {
		out.NextAfter = recs[len(recs)-1].ID
	}
	return http.StatusOK, out, nil
}

// CaseList is the body of GET /api/v1/cases.
type CaseList struct {
	Cases     []rampart.Case `json:"cases"`
	NextAfter int64          `json:"next_after,omitempty"`
}

func (s *Server) listCases(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	q := newQuery(r)
	f := rampart.CaseFilter{Platform: q.v.Get("platform"), Assignee: q.int64("assignee"), GroupBy: q.v.Get("group_by"),
		Key: q.v.Get("key"), IncidentID: q.int64("incident"), AfterID: q.int64("after"), Limit: q.limit()}
	for _, st := range q.v["status"] {
		f.Statuses = append(f.Statuses, rampart.CaseStatus(st))
	}
	if err := q.err(); err != nil {
		return 0, nil, err
	}
	ks, err := s.svc.Cases(r.Context(), p, f)
	if err != nil {
		return 0, nil, err
	}
	out := CaseList{Cases: nonNil(ks)}
	if len(ks) == f.Limit {
		out.NextAfter = ks[len(ks)-1].ID
	}
	return http.StatusOK, out, nil
}

func (s *Server) createCase(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
	var req casework.NewCase
	if err := Decode(body, &req); err != nil {
		return 0, nil, err
	}
	k, err := s.svc.CreateCase(r.Context(), p, req)
	return http.StatusCreated, k, err
}

func (s *Server) getCase(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	k, err := s.svc.Case(r.Context(), p, id)
	return http.StatusOK, k, err
}

// AssignRequest is the body of POST /api/v1/cases/{id}/assign.
type AssignRequest struct {
	Assignee *int64 `json:"assignee"`
}

func (s *Server) assignCase(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var req AssignRequest
	if err := Decode(body, &req); err != nil {
		return 0, nil, err
	}
	if req.Assignee == nil {
		return 0, nil, invalidField("assignee", "required: the user id to assign, or 0 to unassign")
	}
	k, err := s.svc.Assign(r.Context(), p, id, *req.Assignee)
	return http.StatusOK, k, err
}

// TransitionRequest is the body of POST /api/v1/cases/{id}/transition.
type TransitionRequest struct {
	Status rampart.CaseStatus `json:"status"`
}

func (s *Server) transitionCase(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var req TransitionRequest
	if err := Decode(body, &req); err != nil {
		return 0, nil, err
	}
	k, err := s.svc.Transition(r.Context(), p, id, req.Status)
	return http.StatusOK, k, err
}

// ReviewList is the body of GET /api/v1/reviews.
type ReviewList struct {
	Reviews []rampart.Case `json:"reviews"`
}

func (s *Server) listReviews(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	q := newQuery(r)
	limit := q.limit()
	if err := q.err(); err != nil {
		return 0, nil, err
	}
	ks, err := s.svc.Queue(r.Context(), p, limit)
	return http.StatusOK, ReviewList{Reviews: nonNil(ks)}, err
}

func (s *Server) claimReview(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	k, err := s.svc.Claim(r.Context(), p, id)
	return http.StatusOK, k, err
}

func (s *Server) releaseReview(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	k, err := s.svc.Release(r.Context(), p, id)
	return http.StatusOK, k, err
}

func (s *Server) decideReview(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var req casework.Decision
	if err := Decode(body, &req); err != nil {
		return 0, nil, err
	}
	k, err := s.svc.Decide(r.Context(), p, id, req)
	return http.StatusOK, k, err
}

// AuditList is the body of GET /api/v1/audit.
type AuditList struct {
	Records  []audit.Record `json:"records"`
	NextFrom int64          `json:"next_from,omitempty"`
}

func (s *Server) listAudit(r *http.Request, _ rampart.Principal, _ []byte) (int, any, error) {
	q := newQuery(r)
	from, limit := q.int64("from"), q.limit()
	if err := q.err(); err != nil {
		return 0, nil, err
	}
	if from < 1 {
		from = 1
	}
	out := AuditList{Records: []audit.Record{}}
	for rec, err := range s.opt.Audit.Scan(r.Context(), from) {
		if err != nil {
			return 0, nil, err
		}
		if len(out.Records) == limit {
			out.NextFrom = rec.Seq
			break
		}
		out.Records = append(out.Records, rec)
	}
	return http.StatusOK, out, nil
}

// AuditVerification is the body of GET /api/v1/audit/verify. OK is false
// when the chain is broken, and Break says where.
type AuditVerification struct {
	OK          bool        `json:"ok"`
	Records     int64       `json:"records"`
	HeadSeq     int64       `json:"head_seq"`
	HeadHash    string      `json:"head_hash,omitempty"`
	Checkpoints int         `json:"checkpoints"`
	SignedSeq   int64       `json:"signed_seq"`
	Break       *AuditBreak `json:"break,omitempty"`
}

// AuditBreak is where the chain stops being trustworthy.
type AuditBreak struct {
	Seq    int64  `json:"seq"`
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

func (s *Server) verifyAudit(r *http.Request, _ rampart.Principal, _ []byte) (int, any, error) {
	rep, err := audit.Verify(r.Context(), s.opt.Audit, s.opt.TrustedKeys)
	out := AuditVerification{OK: err == nil, Records: rep.Records, HeadSeq: rep.Head.Seq, HeadHash: rep.Head.Hash,
		Checkpoints: rep.Checkpoints, SignedSeq: rep.Signed.Seq}
	var be *audit.BreakError
	switch {
	case errors.As(err, &be):
		out.Break = &AuditBreak{Seq: be.Seq, Kind: be.Kind, Reason: be.Reason}
	case err != nil:
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

// nonNil makes empty lists encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
