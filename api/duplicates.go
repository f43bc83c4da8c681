package api

import (
	"net/http"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

func (s *Server) previewDuplicates(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	pre, err := s.svc.PreviewDuplicates(r.Context(), p, id)
	return http.StatusOK, pre, err
}

func (s *Server) applyDuplicates(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var req casework.ApplyDuplicates
	if err := Decode(body, &req); err != nil {
		return 0, nil, err
	}
	out, err := s.svc.ApplyDuplicates(r.Context(), p, id, req)
	return http.StatusOK, out, err
}
