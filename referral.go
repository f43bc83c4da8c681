package rampart

import (
	"context"
	"time"
)

// RequestStatus is where a referral or an order is in its life:
//
//	draft → approved → submitted → acknowledged → actioned | partially_actioned | rejected | expired
//
// Approval is by a supervisor other than the drafter; the platform answers
// per item once it has acknowledged, and the request's final status follows
// from the answers. A request whose deadline passes unanswered expires.
type RequestStatus string

// Request statuses.
const (
	RequestDraft             RequestStatus = "draft"
	RequestApproved          RequestStatus = "approved"
	RequestSubmitted         RequestStatus = "submitted"
	RequestAcknowledged      RequestStatus = "acknowledged"
	RequestActioned          RequestStatus = "actioned"
	RequestPartiallyActioned RequestStatus = "partially_actioned"
	RequestRejected          RequestStatus = "rejected"
	RequestExpired           RequestStatus = "expired"
)

// Final reports whether s is an end state.
func (s RequestStatus) Final() bool {
	switch s {
	case RequestActioned, RequestPartiallyActioned, RequestRejected, RequestExpired:
		return true
	}
	return false
}

// ItemOutcome is the platform's answer about one item of a request.
type ItemOutcome string

// Item outcomes. Reversed is set when an appeal undoes an action.
const (
	OutcomePending  ItemOutcome = ""
	OutcomeActioned ItemOutcome = "actioned"
	OutcomeRejected ItemOutcome = "rejected"
	OutcomeReversed ItemOutcome = "reversed"
)

// RequestItem is one account or piece of content a request names, by exact
// URL or platform id, with what flagged it and the platform's answer.
type RequestItem struct {
	Subject Subject `json:"subject"`
	URL     string  `json:"url,omitempty"`
	// FindingID and CaseID tie the item to what flagged it (0 when it was
	// named by hand); Rule, Detector and ModelVersion are kept so that
	// appeal reversals can be counted per rule, detector and model.
	FindingID    int64  `json:"finding_id,omitempty"`
	CaseID       int64  `json:"case_id,omitempty"`
	Rule         string `json:"rule,omitempty"`
	Detector     string `json:"detector,omitempty"`
	ModelVersion string `json:"model_version,omitempty"`
	// Action is what the platform is asked to do with the item.
	Action Action `json:"action"`
	// ContentType is "text", "image", "video", "account" or "other".
	ContentType string      `json:"content_type,omitempty"`
	Outcome     ItemOutcome `json:"outcome,omitempty"`
	Reason      string      `json:"reason,omitempty"` // rejection reason code, or reversal note
	AnsweredBy  int64       `json:"answered_by,omitempty"`
	AnsweredAt  time.Time   `json:"answered_at,omitzero"`
}

// RequestState is what referrals and orders share: who asked what of which
// platform, the approvals and the platform's answers.
type RequestState struct {
	ID       int64         `json:"id"`
	Platform string        `json:"platform"`
	Status   RequestStatus `json:"status"`
	Items    []RequestItem `json:"items"`
	// IncidentID tags the request with a crisis incident (0 for none).
	IncidentID     int64     `json:"incident_id,omitempty"`
	CreatedBy      int64     `json:"created_by"`
	CreatedAt      time.Time `json:"created_at"`
	ApprovedBy     int64     `json:"approved_by,omitempty"`
	ApprovedAt     time.Time `json:"approved_at,omitzero"`
	SubmittedBy    int64     `json:"submitted_by,omitempty"`
	SubmittedAt    time.Time `json:"submitted_at,omitzero"`
	AcknowledgedAt time.Time `json:"acknowledged_at,omitzero"`
	ClosedAt       time.Time `json:"closed_at,omitzero"`
	// RejectReason summarises the reasons when every item was rejected.
	RejectReason string    `json:"reject_reason,omitempty"`
	UpdatedAt    time.Time `json:"updated_at"`
	// Source is set on a record a platform received through its inbox,
	// and names the authority that sent it; nil for records made here.
	Source *RequestSource `json:"source,omitempty"`
}

// RequestSource says where a received request came from: the authority
// whose registered key signed the delivery, and the record's id there.
type RequestSource struct {
	// Sender is the authority's name as the receiver registered it with
	// its key (not as the payload claims it).
	Sender string `json:"sender"`
	KeyID  string `json:"key_id"` // the signing key (audit.KeyID)
	// Key is the delivery's idempotency key: one record per key.
	Key        string    `json:"idempotency_key"`
	RemoteID   int64     `json:"remote_id,omitempty"` // the record's id at the sender
	SentAt     time.Time `json:"sent_at"`
	ReceivedAt time.Time `json:"received_at"`
}

// Referral is a voluntary request that a platform check content against
// its own terms of service. It has no legal force and no deadline.
type Referral struct {
	RequestState
	// Terms names the clause of the platform's terms the content is
	// believed to breach.
	Terms string `json:"terms"`
	Notes string `json:"notes,omitempty"`
}

// RequestFilter selects referrals, orders or preservation requests. Zero
// fields do not filter.
type RequestFilter struct {
	Platform   string
	Statuses   []RequestStatus
	IncidentID int64
	AfterID    int64 // ids greater than this, for paging
	Limit      int   // 0 = no limit
}

// ReferralStore keeps referrals, orders, preservation requests, appeals and
// crisis incidents. Every change commits together with its audit entry, or
// not at all; an Update reads the record, lets fn change it and say how to
// audit the change, and writes both in one transaction (an error from fn
// writes nothing and is returned as it is). Missing records are ENOTFOUND.
type ReferralStore interface {
	CreateReferral(ctx context.Context, r Referral, e AuditEntry) (Referral, error)
	Referral(ctx context.Context, id int64) (Referral, error)
	Referrals(ctx context.Context, f RequestFilter) ([]Referral, error)
	UpdateReferral(ctx context.Context, id int64, fn func(*Referral) (AuditEntry, error)) (Referral, error)

	CreateOrder(ctx context.Context, o Order, e AuditEntry) (Order, error)
	Order(ctx context.Context, id int64) (Order, error)
	Orders(ctx context.Context, f RequestFilter) ([]Order, error)
	UpdateOrder(ctx context.Context, id int64, fn func(*Order) (AuditEntry, error)) (Order, error)

	CreatePreservation(ctx context.Context, p Preservation, e AuditEntry) (Preservation, error)
	// ReadPreservation returns one request and appends e (the access) in
	// the same transaction: every read of a preservation is logged.
	ReadPreservation(ctx context.Context, id int64, e AuditEntry) (Preservation, error)
	// Preservations lists requests and appends e, naming what was listed.
	Preservations(ctx context.Context, f RequestFilter, e AuditEntry) ([]Preservation, error)
	UpdatePreservation(ctx context.Context, id int64, fn func(*Preservation) (AuditEntry, error)) (Preservation, error)

	CreateAppeal(ctx context.Context, a Appeal, e AuditEntry) (Appeal, error)
	Appeal(ctx context.Context, id int64) (Appeal, error)
	Appeals(ctx context.Context, f AppealFilter) ([]Appeal, error)
	UpdateAppeal(ctx context.Context, id int64, fn func(*Appeal) (AuditEntry, error)) (Appeal, error)

	CreateIncident(ctx context.Context, i Incident, e AuditEntry) (Incident, error)
	Incident(ctx context.Context, id int64) (Incident, error)
	Incidents(ctx context.Context) ([]Incident, error)
	UpdateIncident(ctx context.Context, id int64, fn func(*Incident) (AuditEntry, error)) (Incident, error)
}

// InboxStore keeps what a platform's inbox received from authorities. A
// ReferralStore may implement it; the casework service finds it by type
// assertion. Applied idempotency keys are kept in the store, so that a
// restarted receiver still applies a redelivered payload once.
type InboxStore interface {
	// InboxSeen reports whether a delivery with this idempotency key was
	// applied.
	InboxSeen(ctx context.Context, key string) (bool, error)
	// ReceiveReferral, ReceiveOrder and ReceivePreservation store a
	// received record and mark its Source.Key applied, in one transaction
	// with e. A key applied before writes nothing and is ECONFLICT; a
	// record without Source is EINVALID.
	ReceiveReferral(ctx context.Context, r Referral, e AuditEntry) (Referral, error)
	ReceiveOrder(ctx context.Context, o Order, e AuditEntry) (Order, error)
	ReceivePreservation(ctx context.Context, p Preservation, e AuditEntry) (Preservation, error)
}
