package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

// ProblemTypePrefix starts the type URI of every problem; the error code
// follows ("urn:rampart:problem:conflict").
const ProblemTypePrefix = "urn:rampart:problem:"

// Problem is an RFC 9457 problem details object. Errors lists field-level
// problems of a request that failed validation.
type Problem struct {
	Type   string                `json:"type"`
	Title  string                `json:"title"`
	Status int                   `json:"status"`
	Detail string                `json:"detail,omitempty"`
	Code   string                `json:"code"`
	Errors []casework.FieldError `json:"errors,omitempty"`
}

// Status maps an error code to its HTTP status.
func Status(code string) int {
	switch code {
	case rampart.EINVALID:
		return http.StatusBadRequest
	case rampart.EUNAUTHENTICATED:
		return http.StatusUnauthorized
	case rampart.EUNAUTHORIZED, rampart.EFORBIDDEN:
		return http.StatusForbidden
	case rampart.ENOTFOUND:
		return http.StatusNotFound
	case rampart.ECONFLICT:
		return http.StatusConflict
	case rampart.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// problemFor turns an error into the problem a client sees. Internal
// errors say nothing about their cause, which is logged instead.
func problemFor(err error) Problem {
	code := rampart.ErrorCode(err)
	status := Status(code)
	p := Problem{Type: ProblemTypePrefix + code, Title: http.StatusText(status), Status: status, Code: code}
	if status == http.StatusInternalServerError {
		p.Detail = "the server failed; the error is logged"
		return p
	}
	var re *rampart.Error
	if errors.As(err, &re) {
		p.Detail = re.Message
	}
	var fe casework.FieldErrors
	if errors.As(err, &fe) {
		p.Errors = fe
	}
	return p
}

func writeProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
