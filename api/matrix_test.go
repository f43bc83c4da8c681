package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
)

// routeTable is the API's route table, from a server that is not started.
func routeTable(t *testing.T) []api.Route {
	t.Helper()
	svc, err := casework.New(nil, nil, casework.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := api.New(api.Options{Service: svc, Audit: nopAudit{}})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Routes()
}

// wantAllowed is the permission matrix, written out by hand so that a
// change to the route table has to be made twice, on purpose.
var wantAllowed = map[string]string{
	"GET /api/v1/me":                                     "admin analyst reviewer supervisor auditor platform_liaison",
	"GET /api/v1/users":                                  "admin auditor",
	"POST /api/v1/users":                                 "admin",
	"GET /api/v1/users/{id}":                             "admin analyst reviewer supervisor auditor platform_liaison",
	"POST /api/v1/users/{id}/password":                   "admin analyst reviewer supervisor platform_liaison",
	"GET /api/v1/sessions/current":                       "admin analyst reviewer supervisor auditor platform_liaison",
	"DELETE /api/v1/sessions/current":                    "admin analyst reviewer supervisor auditor platform_liaison",
	"GET /api/v1/tokens":                                 "admin analyst reviewer supervisor auditor platform_liaison",
	"POST /api/v1/tokens":                                "admin analyst reviewer supervisor platform_liaison",
	"DELETE /api/v1/tokens/{id}":                         "admin analyst reviewer supervisor platform_liaison",
	"GET /api/v1/findings":                               "admin analyst reviewer supervisor auditor platform_liaison",
	"GET /api/v1/cases":                                  "admin analyst reviewer supervisor auditor platform_liaison",
	"POST /api/v1/cases":                                 "admin analyst supervisor",
	"GET /api/v1/cases/{id}":                             "admin analyst reviewer supervisor auditor platform_liaison",
	"POST /api/v1/cases/{id}/assign":                     "admin supervisor",
	"POST /api/v1/cases/{id}/transition":                 "admin analyst supervisor",
	"GET /api/v1/reviews":                                "admin reviewer supervisor auditor",
	"POST /api/v1/reviews/{id}/claim":                    "admin reviewer supervisor",
	"POST /api/v1/reviews/{id}/release":                  "admin reviewer supervisor",
	"POST /api/v1/reviews/{id}/decide":                   "admin reviewer supervisor",
	"GET /api/v1/cases/{id}/evidence":                    "admin analyst reviewer supervisor auditor",
	"GET /api/v1/cases/{id}/evidence/originals/{sha256}": "admin supervisor",
	"POST /api/v1/cases/{id}/hold":                       "admin supervisor",
	"POST /api/v1/reviews/{id}/duplicates/preview":       "admin reviewer supervisor",
	"POST /api/v1/reviews/{id}/duplicates/apply":         "admin reviewer supervisor",
	"GET /api/v1/audit":                                  "admin supervisor auditor",
	"GET /api/v1/audit/verify":                           "admin supervisor auditor",

	"POST /api/v1/referrals":                         "admin analyst supervisor",
	"GET /api/v1/referrals":                          "admin analyst reviewer supervisor auditor platform_liaison",
	"GET /api/v1/referrals/{id}":                     "admin analyst reviewer supervisor auditor platform_liaison",
	"POST /api/v1/referrals/{id}/approve":            "admin supervisor",
	"POST /api/v1/referrals/{id}/submit":             "admin analyst supervisor",
	"POST /api/v1/referrals/{id}/acknowledge":        "admin platform_liaison",
	"POST /api/v1/referrals/{id}/answers":            "admin platform_liaison",
	"GET /api/v1/referrals/{id}/items/{item}/notice": "admin analyst reviewer supervisor auditor platform_liaison",
	"POST /api/v1/orders":                            "admin analyst supervisor",
	"GET /api/v1/orders":                             "admin analyst reviewer supervisor auditor platform_liaison",
	"GET /api/v1/orders/{id}":                        "admin analyst reviewer supervisor auditor platform_liaison",
	"POST /api/v1/orders/{id}/approve":               "admin supervisor",
	"POST /api/v1/orders/{id}/submit":                "admin analyst supervisor",
	"POST /api/v1/orders/{id}/acknowledge":           "admin platform_liaison",
	"POST /api/v1/orders/{id}/answers":               "admin platform_liaison",
	"GET /api/v1/orders/{id}/items/{item}/notice":    "admin analyst reviewer supervisor auditor platform_liaison",
	"POST /api/v1/preservations":                     "admin analyst supervisor",
	"GET /api/v1/preservations":                      "admin analyst supervisor auditor platform_liaison",
	"GET /api/v1/preservations/{id}":                 "admin analyst supervisor auditor platform_liaison",
	"POST /api/v1/preservations/{id}/approve":        "admin supervisor",
	"POST /api/v1/preservations/{id}/submit":         "admin analyst supervisor",
	"POST /api/v1/preservations/{id}/acknowledge":    "admin platform_liaison",
	"POST /api/v1/preservations/{id}/response":       "admin platform_liaison",
	"POST /api/v1/appeals":                           "admin platform_liaison",
	"GET /api/v1/appeals":                            "admin analyst reviewer supervisor auditor platform_liaison",
	"GET /api/v1/appeals/reversal-rates":             "admin analyst reviewer supervisor auditor platform_liaison",
	"GET /api/v1/appeals/{id}":                       "admin analyst reviewer supervisor auditor platform_liaison",
	"POST /api/v1/appeals/{id}/decision":             "admin reviewer supervisor",
	"GET /api/v1/compliance":                         "admin analyst reviewer supervisor auditor platform_liaison",
	"POST /api/v1/incidents":                         "admin supervisor",
	"GET /api/v1/incidents":                          "admin supervisor analyst reviewer auditor platform_liaison",
	"GET /api/v1/incidents/{id}":                     "admin supervisor analyst reviewer auditor platform_liaison",
	"POST /api/v1/incidents/{id}/close":              "admin supervisor",
}

// requestPrefixes are the routes whose {id} names a referral, order,
// preservation request, appeal or incident; the matrix and OpenAPI tests
// call them with an id no such record has, so a 404 that says the record
// is missing (not that the route is) shows the call got past routing and
// the role check.
var requestPrefixes = []string{"/api/v1/referrals/", "/api/v1/orders/", "/api/v1/preservations/", "/api/v1/appeals/",
	"/api/v1/incidents/"}

// missingRecord reports whether a response is the service's 404 for an
// absent record on one of requestPrefixes, rather than the mux's 404.
func missingRecord(t *testing.T, path string, status int, body []byte) bool {
	t.Helper()
	if status != http.StatusNotFound || !slices.ContainsFunc(requestPrefixes, func(p string) bool { return strings.HasPrefix(path, p) }) {
		return false
	}
	return !strings.HasPrefix(problemOf(t, body).Detail, "no route")
}

// requestPath fills a path's {id} and {item} with an id no request has.
func requestPath(path string) string {
	return strings.NewReplacer("{id}", "999999", "{item}", "0").Replace(path)
}

// TestRouteRoleMatrix calls every authenticated route with a token of
// every role and checks that exactly the roles in wantAllowed get past
// the role check (anything but 403).
func TestRouteRoleMatrix(t *testing.T) { forEachStore(t, testRouteRoleMatrix) }

func testRouteRoleMatrix(t *testing.T, b backend) {
	e := start(t, b, casework.Options{})
	ctx := t.Context()
	// Case 1 is on x, the liaison's platform, so that object scoping does
	// not answer 403 where the role is allowed.
	k := must(e.admin.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: account}, ""))(t)
	if k.Platform != "x" {
		t.Fatalf("case platform %q, want x", k.Platform)
	}
	type who struct {
		secret string
		user   rampart.User
	}
	users := map[rampart.Role]who{}
	for _, role := range rampart.Roles() {
		platform := ""
		if role == rampart.RolePlatformLiaison {
			platform = "x"
		}
		_, u, secret := e.userSecret(t, "m-"+string(role), role, platform)
		users[role] = who{secret, u}
	}
	seen := map[string]bool{}
	for _, rt := range routeTable(t) {
		if rt.Roles == nil {
			continue
		}
		seen[rt.Pattern()] = true
		want, ok := wantAllowed[rt.Pattern()]
		if !ok {
			t.Errorf("route %s is not in the permission matrix", rt.Pattern())
			continue
		}
		for _, role := range rampart.Roles() {
			w := users[role]
			path := rt.Path
			switch {
			case strings.HasPrefix(path, "/api/v1/users/"):
				path = strings.Replace(path, "{id}", strconv.FormatInt(w.user.ID, 10), 1)
			case strings.HasPrefix(path, "/api/v1/tokens/"):
				// A spare token of the caller's own, so that revoking
				// it leaves the caller's token working.
				spare := must(e.admin.CreateToken(ctx, casework.NewToken{UserID: w.user.ID}))(t)
				path = strings.Replace(path, "{id}", strconv.FormatInt(spare.Token.ID, 10), 1)
			case slices.ContainsFunc(requestPrefixes, func(p string) bool { return strings.HasPrefix(path, p) }):
				path = requestPath(path)
			default:
				path = strings.Replace(path, "{id}", strconv.FormatInt(k.ID, 10), 1)
			}
			body := ""
			if rt.Method != "GET" {
				body = "{}"
			}
			status, _, b := raw(t, rt.Method, e.url+path, w.secret, body, nil)
			if missingRecord(t, path, status, b) {
				status = 0 // past routing and the role check
			}
			allowed := strings.Contains(" "+want+" ", " "+string(role)+" ")
			if got := status != http.StatusForbidden; got != allowed {
				t.Errorf("%s as %s: %d %s; want allowed=%v", rt.Pattern(), role, status, b, allowed)
			}
			if status == http.StatusUnauthorized || status == http.StatusNotFound || status >= 500 {
				t.Errorf("%s as %s: %d %s", rt.Pattern(), role, status, b)
			}
			if rt.Allows(role) != allowed {
				t.Errorf("%s: Route.Allows(%s) = %v, want %v", rt.Pattern(), role, rt.Allows(role), allowed)
			}
		}
	}
	for p := range wantAllowed {
		if !seen[p] {
			t.Errorf("matrix lists %s, which the server does not route", p)
		}
	}
}

// TestOpenAPI checks that the document lists exactly the routes the
// server has, and that none of them is unimplemented.
func TestOpenAPI(t *testing.T) { forEachStore(t, testOpenAPI) }

func testOpenAPI(t *testing.T, be backend) {
	e := start(t, be, casework.Options{})
	ctx := t.Context()
	k := must(e.admin.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: account}, ""))(t)
	me := must(e.admin.Me(ctx))(t)
	spare := must(e.admin.CreateToken(ctx, casework.NewToken{}))(t)

	status, _, b := raw(t, "GET", e.url+"/api/v1/openapi.json", "", "", nil)
	if status != http.StatusOK {
		t.Fatalf("openapi.json: %d", status)
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	routed := map[string]bool{}
	for _, rt := range routeTable(t) {
		routed[rt.Pattern()] = true
		if !documented[rt.Pattern()] {
			t.Errorf("route %s is not documented", rt.Pattern())
		}
	}
	for p := range documented {
		if !routed[p] {
			t.Errorf("documented %s is not routed", p)
			continue
		}
		method, path, _ := strings.Cut(p, " ")
		if strings.HasPrefix(path, "/api/v1/oidc/") {
			continue // off without a provider; oidc_test.go runs them against one
		}
		if path == "/api/v1/inbox" {
			continue // off without authority keys; inbox_test.go runs it with one
		}
		switch {
		case strings.HasPrefix(path, "/api/v1/users/"):
			path = strings.Replace(path, "{id}", strconv.FormatInt(me.UserID, 10), 1)
		case strings.HasPrefix(path, "/api/v1/tokens/"):
			path = strings.Replace(path, "{id}", strconv.FormatInt(spare.Token.ID, 10), 1)
		case slices.ContainsFunc(requestPrefixes, func(p string) bool { return strings.HasPrefix(path, p) }):
			path = requestPath(path)
		default:
			path = strings.Replace(path, "{id}", strconv.FormatInt(k.ID, 10), 1)
		}
		body := ""
		if method != "GET" {
			body = "{}"
		}
		status, _, b := raw(t, method, e.url+path, e.secret, body, nil)
		if missingRecord(t, path, status, b) {
			continue
		}
		if status == http.StatusNotFound || status == http.StatusNotImplemented || status == http.StatusMethodNotAllowed {
			t.Errorf("%s (%s): %d %s", p, path, status, b)
		}
	}
}
