package rampart

import "time"

// Order is a binding removal or blocking order: it has a legal basis, an
// issuing authority and a deadline set by the regime's deadline class. Its
// fields follow the removal-order form of Annex I of the EU Regulation on
// terrorist content online (Regulation (EU) 2021/784).
type Order struct {
	RequestState
	ReferenceNumber  string `json:"reference_number"`
	IssuingAuthority string `json:"issuing_authority"`
	LegalBasis       string `json:"legal_basis"`
	// Reasons explain why the content is illegal (Annex I, section B).
	Reasons string `json:"reasons"`
	// Regime and DeadlineClass name the deadline rule (casework.Regimes);
	// Deadline is SubmittedAt plus the class's time limit, set on submit.
	Regime        string    `json:"regime"`
	DeadlineClass string    `json:"deadline_class"`
	Deadline      time.Time `json:"deadline,omitzero"`
	// EmergencyReasons are the written reasons an emergency class needs.
	EmergencyReasons string `json:"emergency_reasons,omitempty"`
	// Redress says how the platform and the user may challenge the order.
	Redress string `json:"redress"`
	// UserMayBeTold is false when disclosure to the user is deferred
	// (e.g. for an ongoing investigation); no statement of reasons is
	// then produced for the user.
	UserMayBeTold bool `json:"user_may_be_told"`
	// PreserveUntil is how long the platform must keep removed content
	// and related data, from the class's preservation period.
	PreserveUntil time.Time `json:"preserve_until,omitzero"`
}

// LegalProcess is the process a preservation or disclosure request rests on.
type LegalProcess string

// Legal processes.
const (
	ProcessCourtOrder LegalProcess = "court_order"
	ProcessEmergency  LegalProcess = "emergency_request"
	ProcessMLAT       LegalProcess = "mlat"
)

// PreservationKind says whether data is to be kept or handed over.
type PreservationKind string

// Preservation kinds.
const (
	PreserveData     PreservationKind = "preserve"
	DiscloseOperator PreservationKind = "disclose"
)

// Preservation is a request that a platform preserve an account's data or
// disclose who operates it. Only the identifiers the request needs are
// kept (platform and account or content ids), and every read is logged.
type Preservation struct {
	RequestState
	Kind      PreservationKind `json:"kind"`
	Process   LegalProcess     `json:"process"`
	Reference string           `json:"reference"` // court order number, MLAT file, …
	Authority string           `json:"authority"`
	// Period is how long data is to be preserved (preserve requests).
	PreserveUntil time.Time `json:"preserve_until,omitzero"`
	// Response is the platform's answer, as it gave it.
	Response string `json:"response,omitempty"`
}
