package api

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/casework"
)

// EvidenceResponse is the body of GET /api/v1/cases/{id}/evidence: the
// bundle and its chain of custody, the audit records of every hold,
// access, export and kept original of the case (this access included).
type EvidenceResponse struct {
	casework.EvidenceBundle
	Custody []audit.Record `json:"custody"`
}

// custodyActions are the audit actions that make up a case's chain of
// custody.
var custodyActions = map[string]bool{
	"case.create": true, "case.hold": true, "case.hold_release": true,
	"evidence.access": true, "evidence.export": true, "evidence.original_kept": true,
}

func (s *Server) caseEvidence(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	b, err := s.svc.Evidence(r.Context(), p, id, r.URL.Query().Get("purpose"))
	if err != nil {
		return 0, nil, err
	}
	out := EvidenceResponse{EvidenceBundle: b, Custody: []audit.Record{}}
	subject := fmt.Sprintf("case/%d", id)
	prefix := fmt.Sprintf("evidence/%d/", id)
	// The log is read whole: custody is asked for rarely, and the log has
	// no index by subject (see README, "Not yet").
	for rec, err := range s.opt.Audit.Scan(r.Context(), 1) {
		if err != nil {
			return 0, nil, fmt.Errorf("read chain of custody: %w", err)
		}
		if custodyActions[rec.Action] && (rec.Subject == subject || strings.HasPrefix(rec.Subject, prefix)) {
			out.Custody = append(out.Custody, rec)
		}
	}
	return http.StatusOK, out, nil
}

var hexSHA256 = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (s *Server) exportOriginal(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	sha := r.PathValue("sha256")
	if !hexSHA256.MatchString(sha) {
		return 0, nil, invalidField("sha256", "want 64 lowercase hex digits")
	}
	o, err := s.svc.ExportOriginal(r.Context(), p, id, sha, r.URL.Query().Get("purpose"))
	return http.StatusOK, o, err
}

func (s *Server) holdCase(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var req casework.HoldRequest
	if err := Decode(body, &req); err != nil {
		return 0, nil, err
	}
	res, err := s.svc.SetHold(r.Context(), p, id, req)
	return http.StatusOK, res, err
}
