package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
)

func TestProblems(t *testing.T) {
	e := start(t, sqliteBackend, casework.Options{})
	big := `{"group_by":"account","key":"` + strings.Repeat("a", 70<<10) + `"}`
	tests := []struct {
		name, method, path, body string
		want                     api.Problem
	}{
		{"malformed JSON", "POST", "/api/v1/cases", `{"group_by": "account",`, api.Problem{Status: 400, Code: "invalid",
			Errors: []casework.FieldError{{Field: "", Detail: "malformed JSON: the body ends inside a value"}}}},
		{"unknown field", "POST", "/api/v1/cases", `{"group_by":"account","key":"k","colour":"red"}`, api.Problem{Status: 400, Code: "invalid",
			Errors: []casework.FieldError{{Field: "colour", Detail: "unknown field; see the OpenAPI document for the fields this request takes"}}}},
		{"wrong type", "POST", "/api/v1/cases", `{"group_by":"account","key":"k","findings":["one"]}`, api.Problem{Status: 400, Code: "invalid",
			Errors: []casework.FieldError{{Field: "findings", Detail: "got a JSON string, want a number"}}}},
		{"every validation problem", "POST", "/api/v1/cases", `{"group_by":"person","key":"","findings":[0]}`, api.Problem{Status: 400, Code: "invalid",
			Errors: []casework.FieldError{
				{Field: "group_by", Detail: `"person": want account, cluster or entity`},
				{Field: "key", Detail: "name the account id, cluster id or entity id the case is about"},
				{Field: "findings[0]", Detail: "finding ids are positive"},
			}}},
		{"trailing data", "POST", "/api/v1/users", `{"name":"a","role":"admin"} {}`, api.Problem{Status: 400, Code: "invalid",
			Errors: []casework.FieldError{{Field: "", Detail: "unexpected data after the JSON object, which ends at byte 27"}}}},
		{"too large", "POST", "/api/v1/cases", big, api.Problem{Status: 413, Code: "too_large"}},
		{"bad query", "GET", "/api/v1/findings?limit=0&after=x", "", api.Problem{Status: 400, Code: "invalid",
			Errors: []casework.FieldError{
				{Field: "after", Detail: `"x" is not a non-negative integer`},
				{Field: "limit", Detail: `"0": want 1 to 1000`},
			}}},
		{"missing case", "GET", "/api/v1/cases/99", "", api.Problem{Status: 404, Code: "not_found"}},
		{"unknown route", "GET", "/api/v1/nothing", "", api.Problem{Status: 404, Code: "not_found"}},
		{"bad id", "GET", "/api/v1/cases/abc", "", api.Problem{Status: 400, Code: "invalid",
			Errors: []casework.FieldError{{Field: "id", Detail: `"abc" is not a positive integer id`}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, h, b := raw(t, tc.method, e.url+tc.path, e.secret, tc.body, nil)
			if ct := h.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q, want application/problem+json", ct)
			}
			got := problemOf(t, b)
			if status != tc.want.Status {
				t.Errorf("status %d, want %d", status, tc.want.Status)
			}
			if got.Detail == "" {
				t.Errorf("problem without detail: %s", b)
			}
			tc.want.Type = api.ProblemTypePrefix + tc.want.Code
			tc.want.Title = http.StatusText(tc.want.Status)
			got.Detail = ""
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problem (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPublicEndpoints(t *testing.T) {
	e := start(t, sqliteBackend, casework.Options{})
	for _, path := range []string{"/healthz", "/readyz", "/api/v1/openapi.json", "/metrics"} {
		status, _, b := raw(t, "GET", e.url+path, "", "", nil)
		if status != http.StatusOK {
			t.Errorf("%s: %d %s", path, status, b)
		}
	}
	_, _, b := raw(t, "GET", e.url+"/metrics", "", "", nil)
	if !strings.Contains(string(b), `rampart_http_requests_total{route="GET /healthz",status="200"} 1`) {
		t.Errorf("metrics do not count /healthz:\n%s", b)
	}
}
