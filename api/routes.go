package api

import (
	"net/http"

	"github.com/rampart-tt/rampart"
)

// handlerFunc serves one authenticated route: it returns the status and
// body of a success, or an error that becomes a problem.
type handlerFunc func(r *http.Request, p rampart.Principal, body []byte) (int, any, error)

// Route is one API operation: the ServeMux pattern, who may call it, and
// what the OpenAPI document says about it.
type Route struct {
	Method string
	Path   string // ServeMux path pattern, e.g. /api/v1/cases/{id}
	// Roles may call the route; nil marks a public route (no token).
	Roles   []rampart.Role
	Summary string
	// Idempotent routes honour the Idempotency-Key header.
	Idempotent bool
	// Request and Response name schemas in the OpenAPI document ("" for
	// none); Query lists query parameters.
	Request, Response string
	Query             []string
	Created           bool // success is 201, not 200

	handle handlerFunc
	public http.HandlerFunc
}

// Pattern is the route's ServeMux pattern.
func (rt Route) Pattern() string { return rt.Method + " " + rt.Path }

// Allows reports whether role may call the route.
func (rt Route) Allows(role rampart.Role) bool {
	if rt.Roles == nil {
		return true
	}
	for _, r := range rt.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Role sets, named for who they are.
var (
	everyone = rampart.Roles()
	// readers see casework: everyone but nobody changes anything here.
	readers = []rampart.Role{rampart.RoleAdmin, rampart.RoleAnalyst, rampart.RoleReviewer, rampart.RoleSupervisor,
		rampart.RoleAuditor, rampart.RolePlatformLiaison}
	// tokenHolders make and revoke their own tokens; the auditor changes
	// nothing, so an admin issues theirs.
	tokenHolders = []rampart.Role{rampart.RoleAdmin, rampart.RoleAnalyst, rampart.RoleReviewer, rampart.RoleSupervisor,
		rampart.RolePlatformLiaison}
	adminOnly    = []rampart.Role{rampart.RoleAdmin}
	userReaders  = []rampart.Role{rampart.RoleAdmin, rampart.RoleAuditor}
	caseOpeners  = []rampart.Role{rampart.RoleAdmin, rampart.RoleAnalyst, rampart.RoleSupervisor}
	caseManagers = []rampart.Role{rampart.RoleAdmin, rampart.RoleSupervisor}
	caseMovers   = []rampart.Role{rampart.RoleAdmin, rampart.RoleAnalyst, rampart.RoleSupervisor}
	queueReaders = []rampart.Role{rampart.RoleAdmin, rampart.RoleReviewer, rampart.RoleSupervisor, rampart.RoleAuditor}
	reviewers    = []rampart.Role{rampart.RoleAdmin, rampart.RoleReviewer, rampart.RoleSupervisor}
	// evidenceReaders see what cases rest on; liaisons do not.
	evidenceReaders = []rampart.Role{rampart.RoleAdmin, rampart.RoleAnalyst, rampart.RoleReviewer, rampart.RoleSupervisor,
		rampart.RoleAuditor}
	auditReaders = []rampart.Role{rampart.RoleAdmin, rampart.RoleSupervisor, rampart.RoleAuditor}
	// Requests to platforms (casework/REFERRALS.md): analysts draft and
	// submit, a supervisor approves, the platform's liaison acknowledges
	// and answers; the service also scopes a liaison to its platform.
	requestDrafters   = []rampart.Role{rampart.RoleAdmin, rampart.RoleAnalyst, rampart.RoleSupervisor}
	requestApprovers  = []rampart.Role{rampart.RoleAdmin, rampart.RoleSupervisor}
	platformAnswerers = []rampart.Role{rampart.RoleAdmin, rampart.RolePlatformLiaison}
	// preservationReaders: preservation and disclosure requests name who
	// is investigated, so reviewers, who do not need them, do not see them.
	preservationReaders = []rampart.Role{rampart.RoleAdmin, rampart.RoleAnalyst, rampart.RoleSupervisor, rampart.RoleAuditor,
		rampart.RolePlatformLiaison}
)

// routes is the single table of what the server answers and who may ask.
// Anything not here is 404; any role not listed for a route is 403.
func (s *Server) routes() []Route {
	return append([]Route{
		{Method: "GET", Path: "/healthz", Summary: "Liveness: the process is serving", public: s.healthz},
		{Method: "GET", Path: "/readyz", Summary: "Readiness: the database answers", public: s.readyz},
		{Method: "GET", Path: "/metrics", Summary: "Prometheus metrics (text format 0.0.4)", public: s.metricsHandler},
		{Method: "GET", Path: "/api/v1/openapi.json", Summary: "This API's OpenAPI 3.1 document", public: s.openAPIHandler},

		// Console sign-in. POST /sessions and the OIDC pair are public:
		// they are where a session comes from.
		{Method: "POST", Path: "/api/v1/sessions", Summary: "Sign in to the console with name and password; sets the session cookie",
			Created: true, Request: "Login", Response: "SessionInfo", public: s.login},
		{Method: "GET", Path: "/api/v1/sessions/current", Roles: everyone, Summary: "The console session and its CSRF token",
			Response: "SessionInfo", handle: s.currentSession},
		{Method: "DELETE", Path: "/api/v1/sessions/current", Roles: everyone, Summary: "Sign out: revoke the console session and delete its cookie",
			Response: "LoggedOut", handle: s.logout},
		{Method: "GET", Path: "/api/v1/oidc/login", Summary: "Sign in through the OpenID provider (redirects there)", public: s.oidcLogin},
		{Method: "GET", Path: "/api/v1/oidc/callback", Summary: "Where the OpenID provider returns; opens a session and redirects to /",
			Query: []string{"code", "state"}, public: s.oidcCallback},

		{Method: "GET", Path: "/api/v1/me", Roles: everyone, Summary: "Who the token belongs to", Response: "Principal", handle: s.me},

		{Method: "GET", Path: "/api/v1/users", Roles: userReaders, Summary: "List users", Response: "UserList", handle: s.listUsers},
		{Method: "POST", Path: "/api/v1/users", Roles: adminOnly, Summary: "Create a user", Idempotent: true, Created: true,
			Request: "NewUser", Response: "User", handle: s.createUser},
		{Method: "GET", Path: "/api/v1/users/{id}", Roles: everyone, Summary: "Get a user (your own, or any for admin and auditor)",
			Response: "User", handle: s.getUser},

		{Method: "POST", Path: "/api/v1/users/{id}/password", Roles: tokenHolders,
			Summary: "Set a console password (your own; any user's for admin)", Request: "PasswordChange", Response: "User", handle: s.setPassword},

		{Method: "GET", Path: "/api/v1/tokens", Roles: everyone, Summary: "List your tokens (everyone's for admin and auditor)",
			Response: "TokenList", handle: s.listTokens},
		{Method: "POST", Path: "/api/v1/tokens", Roles: tokenHolders, Summary: "Create a token; the secret is shown once",
			Created: true, Request: "NewToken", Response: "CreatedToken", handle: s.createToken},
		{Method: "DELETE", Path: "/api/v1/tokens/{id}", Roles: tokenHolders, Summary: "Revoke a token", Response: "Token", handle: s.revokeToken},

		{Method: "GET", Path: "/api/v1/findings", Roles: readers, Summary: "List stored findings",
			Query: []string{"platform", "action", "account", "entity", "cluster", "incident", "since", "after", "limit"}, Response: "FindingList", handle: s.listFindings},

		{Method: "GET", Path: "/api/v1/cases", Roles: readers, Summary: "List cases",
			Query: []string{"status", "platform", "assignee", "group_by", "key", "incident", "after", "limit"}, Response: "CaseList", handle: s.listCases},
		{Method: "POST", Path: "/api/v1/cases", Roles: caseOpeners, Summary: "Open a case from the findings of an account, cluster or entity",
			Idempotent: true, Created: true, Request: "NewCase", Response: "Case", handle: s.createCase},
		{Method: "GET", Path: "/api/v1/cases/{id}", Roles: readers, Summary: "Get a case", Response: "Case", handle: s.getCase},
		{Method: "POST", Path: "/api/v1/cases/{id}/assign", Roles: caseManagers, Summary: "Assign a case (assignee 0 unassigns)",
			Request: "Assign", Response: "Case", handle: s.assignCase},
		{Method: "POST", Path: "/api/v1/cases/{id}/transition", Roles: caseMovers, Summary: "Move a case to its next status",
			Request: "Transition", Response: "Case", handle: s.transitionCase},
		{Method: "GET", Path: "/api/v1/cases/{id}/evidence", Roles: evidenceReaders,
			Summary: "The case's evidence bundle and chain of custody; the access is recorded with its purpose",
			Query:   []string{"purpose"}, Response: "EvidenceBundle", handle: s.caseEvidence},
		{Method: "GET", Path: "/api/v1/cases/{id}/evidence/originals/{sha256}", Roles: caseManagers,
			Summary: "Export one media original kept under legal hold (decrypted); recorded with its purpose",
			Query:   []string{"purpose"}, Response: "Original", handle: s.exportOriginal},
		{Method: "POST", Path: "/api/v1/cases/{id}/hold", Roles: caseManagers,
			Summary: "Place or lift a legal hold; placing one seals the media originals", Request: "Hold", Response: "HoldResult",
			handle: s.holdCase},

		{Method: "GET", Path: "/api/v1/reviews", Roles: queueReaders, Summary: "The review queue: threat to life, then priority, then deadline",
			Query: []string{"limit"}, Response: "ReviewList", handle: s.listReviews},
		{Method: "POST", Path: "/api/v1/reviews/{id}/claim", Roles: reviewers, Summary: "Claim a case's review (exclusive lease)",
			Response: "Case", handle: s.claimReview},
		{Method: "POST", Path: "/api/v1/reviews/{id}/release", Roles: reviewers, Summary: "Release a claim", Response: "Case", handle: s.releaseReview},
		{Method: "POST", Path: "/api/v1/reviews/{id}/decide", Roles: reviewers, Summary: "Decide a claimed case (two-person rule for remove and suspend)",
			Request: "Decision", Response: "Case", handle: s.decideReview},
		{Method: "POST", Path: "/api/v1/reviews/{id}/duplicates/preview", Roles: reviewers,
			Summary: "List open findings sharing a media hash or coordination cluster with the case", Response: "DuplicatePreview",
			handle: s.previewDuplicates},
		{Method: "POST", Path: "/api/v1/reviews/{id}/duplicates/apply", Roles: reviewers,
			Summary: "Apply the case's decision to chosen duplicates, each with its own audit record", Request: "ApplyDuplicates",
			Response: "AppliedDuplicates", handle: s.applyDuplicates},

		{Method: "GET", Path: "/api/v1/audit", Roles: auditReaders, Summary: "List audit records from a sequence number",
			Query: []string{"from", "limit"}, Response: "AuditList", handle: s.listAudit},
		{Method: "GET", Path: "/api/v1/audit/verify", Roles: auditReaders, Summary: "Verify the audit chain", Response: "AuditVerification",
			handle: s.verifyAudit},
	}, s.requestRoutes()...)
}
