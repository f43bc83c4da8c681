package api

import (
	"net/http"
	"strings"
)

// OpenAPI returns the OpenAPI 3.1 document, built from the route table so
// that it cannot list a route the server lacks or miss one it has.
func (s *Server) OpenAPI() map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range s.table {
		op := map[string]any{
			"summary":     rt.Summary,
			"operationId": operationID(rt),
			"responses":   responses(rt),
		}
		if rt.Roles == nil {
			op["security"] = []any{}
		} else {
			roles := make([]string, len(rt.Roles))
			for i, r := range rt.Roles {
				roles[i] = string(r)
			}
			op["x-rampart-roles"] = roles
		}
		var params []any
		for _, name := range pathParams(rt.Path) {
			// Ids start at 1; item indexes into a request start at 0; a
			// media original is named by its SHA-256.
			schema := map[string]any{"type": "integer", "minimum": 1}
			switch name {
			case "item":
				schema["minimum"] = 0
			case "sha256":
				schema = map[string]any{"type": "string", "pattern": "^[0-9a-f]{64}$"}
			}
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": schema})
		}
		for _, q := range rt.Query {
			params = append(params, map[string]any{"name": q, "in": "query", "required": false,
				"schema": map[string]any{"type": "string"}})
		}
		if rt.Idempotent {
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
				"description": "Retrying with the same key and body returns the first response",
				"schema":      map[string]any{"type": "string", "maxLength": 255}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Request != "" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": ref(rt.Request)}}}
		}
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		paths[rt.Path][strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Rampart API", "version": s.opt.Version,
			"description": "Casework, review and audit for trust-and-safety teams. Errors are RFC 9457 problem details."},
		"paths":    paths,
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": SessionCookie,
					"description": "Console session; state-changing requests also need the X-CSRF-Token header"}},
			"schemas": allSchemas(),
		},
	}
}

func (s *Server) openAPIHandler(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.OpenAPI())
}

func operationID(rt Route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.Method))
	for _, part := range strings.Split(rt.Path, "/") {
		part = strings.Trim(part, "{}")
		part = strings.ReplaceAll(part, ".", "_")
		if part == "" || part == "api" || part == "v1" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func pathParams(p string) []string {
	var out []string
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			out = append(out, strings.Trim(part, "{}"))
		}
	}
	return out
}

// allSchemas joins the casework schemas and those of requests to platforms.
func allSchemas() map[string]any {
	out := make(map[string]any, len(schemas)+len(requestSchemas))
	for k, v := range schemas {
		out[k] = v
	}
	for k, v := range requestSchemas {
		out[k] = v
	}
	return out
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

func responses(rt Route) map[string]any {
	ok := "200"
	if rt.Created {
		ok = "201"
	}
	success := map[string]any{"description": "success"}
	if rt.Response != "" {
		success["content"] = map[string]any{"application/json": map[string]any{"schema": ref(rt.Response)}}
	}
	out := map[string]any{ok: success}
	problem := map[string]any{"application/problem+json": map[string]any{"schema": ref("Problem")}}
	codes := map[string]string{"400": "invalid request", "404": "not found", "409": "conflict with the current state", "413": "body too large"}
	if rt.Roles != nil {
		codes["401"] = "missing, unknown, expired or revoked token"
		codes["403"] = "the token's role may not do this, or a cookie-authenticated change lacks X-CSRF-Token"
	}
	if rt.Path == "/api/v1/inbox" {
		codes["401"] = "bad or missing signature, unknown key, or a timestamp outside the allowed skew (a replay)"
	} else if rt.public != nil && rt.Method == http.MethodPost {
		codes["401"] = "wrong name or password"
		codes["429"] = "too many failed sign-ins; see Retry-After"
	}
	for c, d := range codes {
		out[c] = map[string]any{"description": d, "content": problem}
	}
	return out
}

// Schema helpers.
func obj(required []string, props map[string]any) map[string]any {
	m := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		m["required"] = required
	}
	return m
}

func arr(items any) map[string]any { return map[string]any{"type": "array", "items": items} }

var (
	str      = map[string]any{"type": "string"}
	integer  = map[string]any{"type": "integer"}
	number   = map[string]any{"type": "number"}
	boolean  = map[string]any{"type": "boolean"}
	when     = map[string]any{"type": "string", "format": "date-time"}
	roleEnum = map[string]any{"type": "string",
		"enum": []string{"admin", "analyst", "reviewer", "supervisor", "auditor", "platform_liaison"}}
	statusEnum = map[string]any{"type": "string", "enum": []string{"open", "in_review", "decided", "closed"}}
	decision   = obj([]string{"reviewer", "action", "reason", "basis", "at"}, map[string]any{
		"reviewer": integer, "action": str, "reason": str, "basis": str, "notes": str, "at": when})
)

var schemas = map[string]any{
	"Problem": obj([]string{"type", "title", "status", "code"}, map[string]any{
		"type": str, "title": str, "status": integer, "detail": str, "code": str,
		"errors": arr(obj([]string{"field", "detail"}, map[string]any{"field": str, "detail": str}))}),
	"Principal": obj([]string{"user_id", "name", "role"}, map[string]any{
		"user_id": integer, "name": str, "role": roleEnum, "platform": str, "token_id": integer, "session_id": integer}),
	"Login":          obj([]string{"name", "password"}, map[string]any{"name": str, "password": str}),
	"PasswordChange": obj([]string{"password"}, map[string]any{"password": map[string]any{"type": "string", "minLength": 12}}),
	"Session": obj([]string{"id", "user_id", "role", "method", "created_at", "expires_at"}, map[string]any{
		"id": integer, "user_id": integer, "role": roleEnum, "method": map[string]any{"type": "string", "enum": []string{"password", "oidc"}},
		"ip": str, "created_at": when, "last_seen_at": when, "idle_timeout": map[string]any{"type": "integer", "description": "nanoseconds"},
		"expires_at": when, "revoked_at": when}),
	"SessionInfo": obj([]string{"session", "user", "csrf_token"}, map[string]any{"session": ref("Session"), "user": str, "csrf_token": str}),
	"LoggedOut":   obj([]string{"session"}, map[string]any{"session": ref("Session")}),
	"User": obj([]string{"id", "name", "role", "created_at"}, map[string]any{
		"id": integer, "name": str, "role": roleEnum, "platform": str, "created_by": integer, "created_at": when}),
	"UserList": obj([]string{"users"}, map[string]any{"users": arr(ref("User"))}),
	"NewUser":  obj([]string{"name", "role"}, map[string]any{"name": str, "role": roleEnum, "platform": str}),
	"Token": obj([]string{"id", "user_id", "role", "created_at", "expires_at"}, map[string]any{
		"id": integer, "user_id": integer, "name": str, "role": roleEnum, "created_at": when, "expires_at": when, "revoked_at": when}),
	"TokenList":    obj([]string{"tokens"}, map[string]any{"tokens": arr(ref("Token"))}),
	"NewToken":     obj(nil, map[string]any{"user_id": integer, "name": str, "ttl": map[string]any{"type": "string", "examples": []string{"720h"}}}),
	"CreatedToken": obj([]string{"token", "secret"}, map[string]any{"token": ref("Token"), "secret": str}),
	"Finding": map[string]any{"type": "object", "description": "A stored finding (the output of rampart scan): finding_id is its number in the store, id the platform's item id",
		"required": []string{"finding_id", "id", "platform", "kind", "action"}, "properties": map[string]any{
			"finding_id": integer, "id": str, "platform": str, "kind": str, "account_id": str, "action": str, "score": number, "rule": str,
			"reason": str, "basis": str, "signals": arr(map[string]any{"type": "object"}), "created_at": when,
			"incidents": arr(integer), "priority": integer}},
	"FindingList": obj([]string{"findings"}, map[string]any{"findings": arr(ref("Finding")), "next_after": integer}),
	"Case": obj([]string{"id", "title", "group_by", "key", "status", "priority", "findings", "deadline"}, map[string]any{
		"id": integer, "title": str, "group_by": str, "key": str, "platform": str, "status": statusEnum,
		"threat_to_life": boolean, "legal_hold": boolean, "priority": integer, "confidence": number, "action": str, "findings": arr(integer),
		"assignee": integer, "deadline": when, "incident_id": integer, "incidents": arr(integer),
		"claim":   obj([]string{"reviewer", "until"}, map[string]any{"reviewer": integer, "until": when}),
		"pending": decision, "decision": decision, "created_by": integer, "created_at": when, "updated_at": when}),
	"CaseList": obj([]string{"cases"}, map[string]any{"cases": arr(ref("Case")), "next_after": integer}),
	"NewCase": obj([]string{"group_by", "key"}, map[string]any{
		"title": str, "group_by": map[string]any{"type": "string", "enum": []string{"account", "cluster", "entity"}},
		"key": str, "platform": str, "findings": arr(integer), "threat_to_life": boolean}),
	"Assign":     obj([]string{"assignee"}, map[string]any{"assignee": integer}),
	"Transition": obj([]string{"status"}, map[string]any{"status": statusEnum}),
	"ReviewList": obj([]string{"reviews"}, map[string]any{"reviews": arr(ref("Case"))}),
	"Decision": obj([]string{"action", "reason", "basis"}, map[string]any{
		"action": str, "reason": str, "basis": str, "notes": str}),
	"EvidenceBundle": obj([]string{"case", "purpose", "items", "originals", "custody"}, map[string]any{
		"case": ref("Case"), "purpose": str, "accessed_by": str, "accessed_at": when,
		"items": arr(obj([]string{"platform", "kind", "id", "content", "sha256", "intact", "collected_at", "collector"}, map[string]any{
			"platform": str, "kind": str, "id": str, "account_id": str, "content": map[string]any{"type": "object"},
			"sha256": str, "intact": boolean, "collected_at": when,
			"media":     arr(obj(nil, map[string]any{"type": str, "sha256": str, "pdq": str})),
			"collector": obj(nil, map[string]any{"file": str, "line": integer, "path": str, "format": str})})),
		"originals": arr(ref("OriginalRef")), "custody": arr(ref("AuditRecord"))}),
	"OriginalRef": obj([]string{"sha256", "size", "key_id", "stored_at"}, map[string]any{
		"sha256": str, "type": str, "size": integer, "key_id": str, "stored_at": when}),
	"Original": obj([]string{"sha256", "size", "content"}, map[string]any{
		"sha256": str, "type": str, "size": integer, "key_id": str, "stored_at": when,
		"content": map[string]any{"type": "string", "contentEncoding": "base64"}}),
	"Hold": obj([]string{"hold", "reason"}, map[string]any{"hold": boolean, "reason": str}),
	"HoldResult": obj([]string{"case", "kept", "not_kept"}, map[string]any{"case": ref("Case"),
		"kept":     arr(ref("OriginalRef")),
		"not_kept": arr(obj([]string{"item", "media", "reason"}, map[string]any{"item": str, "media": integer, "reason": str}))}),
	"DuplicatePreview": obj([]string{"case_id", "duplicates"}, map[string]any{"case_id": integer, "decision": decision,
		"duplicates": arr(map[string]any{"allOf": []any{ref("Finding"), obj([]string{"match"}, map[string]any{"match": arr(str)})}})}),
	"ApplyDuplicates": obj([]string{"findings"}, map[string]any{"findings": arr(integer)}),
	"FindingDecision": obj([]string{"finding_id", "case_id", "match", "decision"}, map[string]any{
		"finding_id": integer, "case_id": integer, "match": str, "decision": decision, "decided_by": integer, "decided_at": when}),
	"AppliedDuplicates": obj([]string{"applied", "failed"}, map[string]any{"applied": arr(ref("FindingDecision")),
		"failed": arr(obj([]string{"finding_id", "code", "detail"}, map[string]any{"finding_id": integer, "code": str, "detail": str}))}),
	"AuditRecord": obj([]string{"seq", "time", "actor", "action", "subject", "prev", "hash"}, map[string]any{
		"seq": integer, "time": when, "actor": str, "action": str, "subject": str, "data": map[string]any{}, "prev": str, "hash": str}),
	"AuditList": obj([]string{"records"}, map[string]any{"records": arr(ref("AuditRecord")), "next_from": integer}),
	"AuditVerification": obj([]string{"ok", "records"}, map[string]any{
		"ok": boolean, "records": integer, "head_seq": integer, "head_hash": str, "checkpoints": integer, "signed_seq": integer,
		"break": obj(nil, map[string]any{"seq": integer, "kind": str, "reason": str})}),
}
