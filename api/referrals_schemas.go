package api

// OpenAPI schemas of referrals, orders, preservation requests, appeals,
// incidents and compliance; merged into the document's components.

var (
	subject       = obj([]string{"platform", "kind", "id"}, map[string]any{"platform": str, "kind": str, "id": str})
	requestStatus = map[string]any{"type": "string", "enum": []string{"draft", "approved", "submitted", "acknowledged",
		"actioned", "partially_actioned", "rejected", "expired"}}
	itemOutcome = map[string]any{"type": "string", "enum": []string{"", "actioned", "rejected", "reversed"}}
	newItem     = obj([]string{"subject", "action"}, map[string]any{
		"subject": subject, "url": str, "finding_id": integer, "case_id": integer, "rule": str, "detector": str,
		"model_version": str, "action": str, "content_type": str})
	requestItem = obj([]string{"subject", "action"}, map[string]any{
		"subject": subject, "url": str, "finding_id": integer, "case_id": integer, "rule": str, "detector": str,
		"model_version": str, "action": str, "content_type": str, "outcome": itemOutcome, "reason": str,
		"answered_by": integer, "answered_at": when})
	// requestState holds the fields every request shares; each kind adds
	// its own through allOf.
	requestState = obj([]string{"id", "platform", "status", "items", "created_by", "created_at", "updated_at"}, map[string]any{
		"id": integer, "platform": str, "status": requestStatus, "items": arr(requestItem), "incident_id": integer,
		"created_by": integer, "created_at": when, "approved_by": integer, "approved_at": when, "submitted_by": integer,
		"submitted_at": when, "acknowledged_at": when, "closed_at": when, "reject_reason": str, "updated_at": when,
		"source": obj([]string{"sender", "key_id", "idempotency_key", "sent_at", "received_at"}, map[string]any{
			"sender": str, "key_id": str, "idempotency_key": str, "remote_id": integer, "sent_at": when, "received_at": when})})
	requestRef    = obj([]string{"kind", "id", "item"}, map[string]any{"kind": map[string]any{"type": "string", "enum": []string{"referral", "order"}}, "id": integer, "item": integer})
	itemAnswer    = obj([]string{"item", "outcome"}, map[string]any{"item": integer, "outcome": map[string]any{"type": "string", "enum": []string{"actioned", "rejected"}}, "reason": str})
	appealStatus  = map[string]any{"type": "string", "enum": []string{"open", "upheld", "reversed"}}
	duration      = map[string]any{"type": "string", "description": "Go duration, e.g. 5h0m0s"}
	complianceRow = obj([]string{"key", "requests", "items", "actioned", "rejected", "pending", "share_actioned",
		"median_to_action", "p90_to_action", "deadlines_missed", "rejections_by_reason"}, map[string]any{
		"key": str, "requests": integer, "items": integer, "actioned": integer, "rejected": integer, "pending": integer,
		"share_actioned": number, "median_to_action": duration, "p90_to_action": duration, "deadlines_missed": integer,
		"rejections_by_reason": map[string]any{"type": "object", "additionalProperties": integer}})
)

var requestSchemas = map[string]any{
	"NewReferral": obj([]string{"platform", "terms", "items"}, map[string]any{
		"platform": str, "terms": str, "notes": str, "incident_id": integer, "items": arr(newItem)}),
	"Referral":     map[string]any{"allOf": []any{requestState, obj([]string{"terms"}, map[string]any{"terms": str, "notes": str})}},
	"ReferralList": obj([]string{"referrals"}, map[string]any{"referrals": arr(ref("Referral")), "next_after": integer}),
	"NewOrder": obj([]string{"platform", "reference_number", "issuing_authority", "legal_basis", "reasons", "regime",
		"deadline_class", "redress", "items"}, map[string]any{
		"platform": str, "reference_number": str, "issuing_authority": str, "legal_basis": str, "reasons": str,
		"regime": str, "deadline_class": str, "emergency_reasons": str, "redress": str, "user_may_be_told": boolean,
		"incident_id": integer, "items": arr(newItem)}),
	"Order": map[string]any{"allOf": []any{requestState, obj([]string{"reference_number", "issuing_authority", "legal_basis",
		"reasons", "regime", "deadline_class", "redress", "user_may_be_told"}, map[string]any{
		"reference_number": str, "issuing_authority": str, "legal_basis": str, "reasons": str, "regime": str,
		"deadline_class": str, "deadline": when, "emergency_reasons": str, "redress": str, "user_may_be_told": boolean,
		"preserve_until": when})}},
	"OrderList": obj([]string{"orders"}, map[string]any{"orders": arr(ref("Order")), "next_after": integer}),
	"NewPreservation": obj([]string{"platform", "kind", "process", "reference", "authority", "subjects"}, map[string]any{
		"platform": str, "kind": map[string]any{"type": "string", "enum": []string{"preserve", "disclose"}},
		"process":   map[string]any{"type": "string", "enum": []string{"court_order", "emergency_request", "mlat"}},
		"reference": str, "authority": str, "preserve": map[string]any{"type": "string", "examples": []string{"90d", "2160h"}},
		"incident_id": integer, "subjects": arr(subject)}),
	"Preservation": map[string]any{"allOf": []any{requestState, obj([]string{"kind", "process", "reference", "authority"}, map[string]any{
		"kind": str, "process": str, "reference": str, "authority": str, "preserve_until": when, "response": str})}},
	"PreservationList":     obj([]string{"preservations"}, map[string]any{"preservations": arr(ref("Preservation")), "next_after": integer}),
	"PreservationResponse": obj([]string{"answers", "response"}, map[string]any{"answers": arr(itemAnswer), "response": str}),
	"Answers":              obj([]string{"answers"}, map[string]any{"answers": arr(itemAnswer)}),
	"StatementOfReasons": map[string]any{"type": "object", "additionalProperties": true,
		"description": "Fields of the DSA Transparency Database statement of reasons (decision_ground, decision_facts, puid, redress, …)",
		"required":    []string{"decision_ground", "decision_facts", "automated_detection", "automated_decision", "territorial_scope", "source_type", "content_type", "category", "application_date", "puid", "redress"}},
	"NewAppeal": obj([]string{"ref", "grounds"}, map[string]any{"ref": requestRef, "grounds": str}),
	"Appeal": obj([]string{"id", "platform", "ref", "subject", "status", "grounds", "filed_by", "filed_at"}, map[string]any{
		"id": integer, "platform": str, "ref": requestRef, "subject": subject, "status": appealStatus, "grounds": str,
		"rule": str, "detector": str, "model_version": str, "acted_by": integer, "filed_by": integer, "filed_at": when,
		"reviewer": integer, "reason": str, "decided_at": when, "propagated": arr(requestRef)}),
	"AppealList":     obj([]string{"appeals"}, map[string]any{"appeals": arr(ref("Appeal"))}),
	"AppealDecision": obj([]string{"outcome", "reason"}, map[string]any{"outcome": map[string]any{"type": "string", "enum": []string{"upheld", "reversed"}}, "reason": str}),
	"ReversalRateList": obj([]string{"rates"}, map[string]any{"rates": arr(obj([]string{"by", "key", "decided", "reversed", "rate"},
		map[string]any{"by": map[string]any{"type": "string", "enum": []string{"rule", "detector", "model"}}, "key": str,
			"decided": integer, "reversed": integer, "rate": number}))}),
	"ComplianceReport": obj([]string{"platforms", "regimes"}, map[string]any{"platforms": arr(complianceRow), "regimes": arr(complianceRow)}),
	"NewIncident": obj([]string{"title", "length"}, map[string]any{"title": str, "hashes": arr(str), "terms": arr(str),
		"length": map[string]any{"type": "string", "examples": []string{"72h", "3d"}}, "boost": integer, "deadline_factor": number}),
	"Incident": obj([]string{"id", "title", "boost", "deadline_factor", "opened_by", "opened_at", "ends_at"}, map[string]any{
		"id": integer, "title": str, "hashes": arr(str), "terms": arr(str), "boost": integer, "deadline_factor": number,
		"opened_by": integer, "opened_at": when, "ends_at": when, "closed_by": integer, "closed_at": when}),
	"IncidentList": obj([]string{"incidents"}, map[string]any{"incidents": arr(ref("Incident"))}),
	"IncidentReport": obj([]string{"incident", "active", "cases", "open_cases", "findings", "case_findings", "referrals", "orders"}, map[string]any{
		"incident": ref("Incident"), "active": boolean, "cases": integer, "open_cases": integer, "findings": integer,
		"case_findings": integer, "referrals": integer, "orders": integer}),
	"Delivery": obj([]string{"format", "sender", "kind", "sent_at"}, map[string]any{
		"format": map[string]any{"type": "string", "enum": []string{"rampart-delivery/1"}}, "sender": str,
		"kind": map[string]any{"type": "string", "enum": []string{"referral", "order", "preservation"}}, "sent_at": when,
		"referral": ref("Referral"), "order": ref("Order"), "preservation": ref("Preservation")}),
	"Received": obj([]string{"kind", "id", "duplicate"}, map[string]any{
		"kind": str, "id": integer, "duplicate": boolean}),
}
