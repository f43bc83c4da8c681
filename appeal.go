package rampart

import "time"

// AppealStatus is open until a reviewer decides it.
type AppealStatus string

// Appeal statuses.
const (
	AppealOpen     AppealStatus = "open"
	AppealUpheld   AppealStatus = "upheld"
	AppealReversed AppealStatus = "reversed"
)

// RequestRef names one item of a referral or an order.
type RequestRef struct {
	Kind string `json:"kind"` // "referral" or "order"
	ID   int64  `json:"id"`
	Item int    `json:"item"` // index into Items
}

// Appeal is an affected user's challenge, made through the platform, of an
// action taken on one request item. A reviewer other than the one who
// answered the item decides it; a reversal undoes the action and is
// propagated to the items recorded as duplicates (same case or subject).
type Appeal struct {
	ID       int64        `json:"id"`
	Platform string       `json:"platform"`
	Ref      RequestRef   `json:"ref"`
	Subject  Subject      `json:"subject"`
	Status   AppealStatus `json:"status"`
	Grounds  string       `json:"grounds"` // the user's grounds, as the platform relayed them
	// What flagged the item, copied from it, for reversal rates.
	Rule         string    `json:"rule,omitempty"`
	Detector     string    `json:"detector,omitempty"`
	ModelVersion string    `json:"model_version,omitempty"`
	ActedBy      int64     `json:"acted_by,omitempty"` // who answered the item
	FiledBy      int64     `json:"filed_by"`
	FiledAt      time.Time `json:"filed_at"`
	Reviewer     int64     `json:"reviewer,omitempty"`
	Reason       string    `json:"reason,omitempty"`
	DecidedAt    time.Time `json:"decided_at,omitzero"`
	// Propagated lists the other items the reversal was applied to.
	Propagated []RequestRef `json:"propagated,omitempty"`
}

// AppealFilter selects appeals. Zero fields do not filter.
type AppealFilter struct {
	Platform string
	Statuses []AppealStatus
	Limit    int
}

// Incident is a crisis: a time-boxed state, opened by a supervisor after an
// attack, in the spirit of the GIFCT Content Incident Protocol. While it is
// active, findings matching its hashes or terms get higher priority and
// shorter review deadlines and are tagged with it.
type Incident struct {
	ID     int64    `json:"id"`
	Title  string   `json:"title"`
	Hashes []string `json:"hashes,omitempty"` // media hashes as in evidence text ("pdq:…", hex SHA-256)
	Terms  []string `json:"terms,omitempty"`  // lower-case words or phrases
	Boost  int      `json:"boost"`            // priority points added, 1–100
	// DeadlineFactor scales review deadlines (0 < f ≤ 1).
	DeadlineFactor float64   `json:"deadline_factor"`
	OpenedBy       int64     `json:"opened_by"`
	OpenedAt       time.Time `json:"opened_at"`
	EndsAt         time.Time `json:"ends_at"`
	ClosedBy       int64     `json:"closed_by,omitempty"`
	ClosedAt       time.Time `json:"closed_at,omitzero"`
}

// ActiveAt reports whether the incident is in force at t.
func (i Incident) ActiveAt(t time.Time) bool {
	return !t.Before(i.OpenedAt) && t.Before(i.EndsAt) && (i.ClosedAt.IsZero() || t.Before(i.ClosedAt))
}
