package rampart

import (
	"context"
	"time"
)

// Role is what a user may do. Permissions follow from the role alone (deny
// by default): the API keeps one table of route → roles.
type Role string

// Roles.
const (
	RoleAdmin      Role = "admin"      // everything, including users and tokens of others
	RoleAnalyst    Role = "analyst"    // reads findings, opens and moves cases
	RoleReviewer   Role = "reviewer"   // claims and decides review items
	RoleSupervisor Role = "supervisor" // assigns, reviews, reads the audit log
	RoleAuditor    Role = "auditor"    // reads everything, changes nothing
	// RolePlatformLiaison reads findings and cases of one platform
	// (User.Platform) and nothing else.
	RolePlatformLiaison Role = "platform_liaison"
)

// Roles lists every role, in the order above.
func Roles() []Role {
	return []Role{RoleAdmin, RoleAnalyst, RoleReviewer, RoleSupervisor, RoleAuditor, RolePlatformLiaison}
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, v := range Roles() {
		if r == v {
			return true
		}
	}
	return false
}

// User is a person (or service) that signs in with API tokens.
type User struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Platform string `json:"platform,omitempty"` // set for, and only for, platform_liaison
	// CreatedBy is the user who created this one, 0 for the bootstrap admin.
	CreatedBy int64     `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Token is an API credential. Only its SHA-256 (Hash, hex) is stored; the
// secret is shown once when it is made.
type Token struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name,omitempty"`
	Role      Role      `json:"role"` // the user's role when the token was made
	Hash      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// Principal is who is calling: a user authenticated by one token.
type Principal struct {
	UserID   int64  `json:"user_id"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Platform string `json:"platform,omitempty"`
	TokenID  int64  `json:"token_id"`
	// SessionID is set instead of TokenID when a console session cookie
	// authenticated the call.
	SessionID int64 `json:"session_id,omitempty"`
}

// Actor names the principal in audit records.
func (p Principal) Actor() string { return "user:" + p.Name }

// CaseStatus is where a case is in its life: open → in_review → decided →
// closed, in that order only.
type CaseStatus string

// Case statuses.
const (
	CaseOpen     CaseStatus = "open"
	CaseInReview CaseStatus = "in_review"
	CaseDecided  CaseStatus = "decided"
	CaseClosed   CaseStatus = "closed"
)

// Ways findings are grouped into a case.
const (
	GroupAccount = "account" // findings about one account (Finding.AccountID)
	GroupCluster = "cluster" // findings with a coordination signal naming one cluster
	GroupEntity  = "entity"  // findings with a signal naming one entity or group
)

// FindingRecord is a stored finding with the store's id for it.
type FindingRecord struct {
	// ID is the stored finding's number. Its JSON name differs from the
	// finding's own "id" (the platform's item id), which it would hide.
	ID int64 `json:"finding_id"`
	Finding
}

// FindingRecordFilter selects stored findings. Zero fields do not filter.
type FindingRecordFilter struct {
	IDs       []int64
	Actions   []Action // any of these; "withhold" matches every withhold:<CC>
	Platform  string
	AccountID string
	Entity    string // entity or group named by any signal
	Cluster   string // cluster named by a coordination signal (attrs.cluster)
	// MediaHash is a media hash a hash-match signal matched (the text of
	// its evidence, e.g. "pdq:…" or a hex SHA-256).
	MediaHash string
	// IncidentID selects findings tagged with that crisis incident.
	IncidentID int64
	Since      time.Time
	AfterID    int64 // ids greater than this, for paging
	Limit      int   // 0 = no limit
}

// ReviewClaim is an exclusive lease on a case's review.
type ReviewClaim struct {
	Reviewer int64     `json:"reviewer"`
	Until    time.Time `json:"until"`
}

// ReviewDecision is one reviewer's decision on a case.
type ReviewDecision struct {
	Reviewer int64     `json:"reviewer"`
	Action   Action    `json:"action"`
	Reason   string    `json:"reason"` // reason code
	Basis    string    `json:"basis"`  // policy or legal basis
	Notes    string    `json:"notes,omitempty"`
	At       time.Time `json:"at"`
}

// Case groups findings for human review and decision.
type Case struct {
	ID       int64      `json:"id"`
	Title    string     `json:"title"`
	GroupBy  string     `json:"group_by"`
	Key      string     `json:"key"`
	Platform string     `json:"platform,omitempty"`
	Status   CaseStatus `json:"status"`
	// ThreatToLife puts the case ahead of every other one, whatever its
	// priority.
	ThreatToLife bool `json:"threat_to_life"`
	// LegalHold keeps the case, its findings and its evidence from
	// retention, and has the originals of its media kept (encrypted).
	LegalHold bool `json:"legal_hold"`
	// Priority is 0–100, from Confidence and Severity (casework.Priority).
	Priority   int          `json:"priority"`
	Confidence float64      `json:"confidence"` // highest finding score
	Action     Action       `json:"action"`     // most severe action the findings propose
	Findings   []int64      `json:"findings"`
	Assignee   int64        `json:"assignee,omitempty"`
	Deadline   time.Time    `json:"deadline"`
	Claim      *ReviewClaim `json:"claim,omitempty"`
	// Pending is a first decision waiting for a second reviewer (the
	// two-person rule).
	Pending  *ReviewDecision `json:"pending,omitempty"`
	Decision *ReviewDecision `json:"decision,omitempty"`
	// IncidentID tags a case opened while a crisis incident covering one
	// of its findings was active (0 for none); the case then carries the
	// incident's raised priority and shortened deadline. With several
	// incidents covering it, IncidentID is the primary one: the incident
	// whose boost set the priority (the largest; the first opened among
	// equals), and Incidents lists every one, lowest id first.
	IncidentID int64     `json:"incident_id,omitempty"`
	Incidents  []int64   `json:"incidents,omitempty"`
	CreatedBy  int64     `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// CaseFilter selects cases. Zero fields do not filter.
type CaseFilter struct {
	Statuses []CaseStatus
	Platform string
	Assignee int64
	GroupBy  string
	Key      string
	// IncidentID selects the cases tagged with that crisis incident,
	// primary or not.
	IncidentID int64
	// Queue orders by review urgency (threat to life first, then priority
	// descending, then deadline) instead of by id.
	Queue   bool
	AfterID int64 // ids greater than this (id order only)
	Limit   int   // 0 = no limit
}

// AuditEntry is the audit record a state change writes with it.
type AuditEntry struct {
	Actor   string
	Action  string
	Subject string
	Data    any
}

// StoredResponse is the response to a create made with an Idempotency-Key,
// kept so that a retry gets the same answer.
type StoredResponse struct {
	UserID      int64
	Key         string
	Method      string
	Path        string
	RequestHash string // hex SHA-256 of the request body
	Status      int
	Body        []byte
	CreatedAt   time.Time
}

// UserStore keeps users and their tokens. Every change commits together
// with its audit entry, or not at all.
type UserStore interface {
	// Bootstrap creates the first user and a token for it, only when there
	// are no users; created is false (and nothing is written) otherwise.
	Bootstrap(ctx context.Context, u User, t Token, e AuditEntry) (User, Token, bool, error)
	CreateUser(ctx context.Context, u User, e AuditEntry) (User, error)
	User(ctx context.Context, id int64) (User, error)
	Users(ctx context.Context) ([]User, error)
	CreateToken(ctx context.Context, t Token, e AuditEntry) (Token, error)
	// TokenByHash returns the token with that hash and its user, ENOTFOUND
	// when there is none.
	TokenByHash(ctx context.Context, hash string) (Token, User, error)
	Token(ctx context.Context, id int64) (Token, error)
	// Tokens lists the tokens of one user, or of everyone for 0.
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	RevokeToken(ctx context.Context, id int64, at time.Time, e AuditEntry) (Token, error)
}

// CaseStore keeps cases. Every change commits together with its audit
// entry, or not at all.
type CaseStore interface {
	FindingRecords(ctx context.Context, f FindingRecordFilter) ([]FindingRecord, error)
	CreateCase(ctx context.Context, c Case, e AuditEntry) (Case, error)
	Case(ctx context.Context, id int64) (Case, error)
	Cases(ctx context.Context, f CaseFilter) ([]Case, error)
	// UpdateCase reads case id, lets fn change it and say how to audit the
	// change, and writes both in one transaction. An error from fn writes
	// nothing and is returned as it is.
	UpdateCase(ctx context.Context, id int64, fn func(*Case) (AuditEntry, error)) (Case, error)
}

// IdempotencyStore keeps responses to creates made with an Idempotency-Key.
type IdempotencyStore interface {
	// StoredResponse returns the response kept for (userID, key), and
	// whether there is one.
	StoredResponse(ctx context.Context, userID int64, key string) (StoredResponse, bool, error)
	// SaveResponse keeps r; a response already kept for the same user and
	// key is left as it is.
	SaveResponse(ctx context.Context, r StoredResponse) error
}

// FindingDecision is a reviewed case's decision applied to one more
// finding: a duplicate (same media hash or coordination cluster) that a
// reviewer chose after a preview.
type FindingDecision struct {
	FindingID int64          `json:"finding_id"`
	CaseID    int64          `json:"case_id"` // the decided case whose decision it copies
	Match     string         `json:"match"`   // why it is a duplicate: "media:<hash>" or "cluster:<id>"
	Decision  ReviewDecision `json:"decision"`
	DecidedBy int64          `json:"decided_by"`
	DecidedAt time.Time      `json:"decided_at"`
}

// FindingDecisionStore keeps decisions applied to single findings. A
// CaseStore may implement it; the casework service finds it by type
// assertion.
type FindingDecisionStore interface {
	// DecideFinding stores d with its audit entry in one transaction; a
	// finding already decided is ECONFLICT, a missing one ENOTFOUND.
	DecideFinding(ctx context.Context, d FindingDecision, e AuditEntry) (FindingDecision, error)
	// FindingDecisions returns the decisions stored for any of ids.
	FindingDecisions(ctx context.Context, ids []int64) (map[int64]FindingDecision, error)
}

// StoredItem is an item as it was ingested, with how it was collected:
// the evidence a finding rests on.
type StoredItem struct {
	Platform  string `json:"platform"`
	Kind      string `json:"kind"`
	ID        string `json:"id"`
	AccountID string `json:"account_id,omitempty"`
	// Body is the native JSON record exactly as stored at ingest.
	Body []byte `json:"-"`
	// SHA256 is the hex SHA-256 of Body, computed at ingest.
	SHA256     string    `json:"sha256"`
	IngestedAt time.Time `json:"ingested_at"`
	// Origin is where the collector read it (file, line, JSON path,
	// format).
	Origin Origin `json:"origin"`
}

// SealedOriginal is a media original under legal hold, encrypted before it
// reaches the store: the store never sees it in clear.
type SealedOriginal struct {
	CaseID int64 `json:"case_id"`
	// SHA256 is the hex SHA-256 of the original in clear.
	SHA256 string `json:"sha256"`
	Type   string `json:"type,omitempty"`
	// KeyID names the key that sealed it; Sealed is nonce || ciphertext.
	KeyID    string    `json:"key_id"`
	Sealed   []byte    `json:"-"`
	Size     int64     `json:"size"` // bytes in clear
	StoredAt time.Time `json:"stored_at"`
}

// EvidenceStore reads what findings rest on and keeps sealed originals.
// A CaseStore may implement it; the casework service finds it by type
// assertion.
type EvidenceStore interface {
	// CaseItems returns the stored items the findings of case id are
	// about, in finding order; findings whose item was not stored are
	// left out.
	CaseItems(ctx context.Context, caseID int64) ([]StoredItem, error)
	// PutOriginal keeps o with its audit entry; an original already kept
	// for the case is left as it is (added false, no audit record).
	PutOriginal(ctx context.Context, o SealedOriginal, e AuditEntry) (added bool, err error)
	// Originals lists the sealed originals kept for case id.
	Originals(ctx context.Context, caseID int64) ([]SealedOriginal, error)
}

// RetentionPolicy is how long records are kept; 0 keeps them forever.
type RetentionPolicy struct {
	// Findings not in any case, by the time they were stored.
	Findings time.Duration
	// ClosedCases, by the time they were last updated.
	ClosedCases time.Duration
	// Evidence originals of cases not under legal hold, by the time they
	// were stored.
	Evidence time.Duration
}

// RetentionReport counts what one retention run deleted.
type RetentionReport struct {
	Findings    int `json:"findings"`
	ClosedCases int `json:"closed_cases"`
	Evidence    int `json:"evidence"`
}

// RetentionStore deletes expired records. Each deletion commits with its
// own audit record (actor, "retention.delete", the record's subject);
// nothing of a case under legal hold is touched.
type RetentionStore interface {
	Expire(ctx context.Context, p RetentionPolicy, now time.Time, actor string) (RetentionReport, error)
}

// Session is a signed-in console (browser) session. Only the SHA-256 of
// its 32-byte secret (Hash, hex) is stored; the secret lives in the
// browser's HttpOnly cookie.
type Session struct {
	ID     int64  `json:"id"`
	UserID int64  `json:"user_id"`
	Role   Role   `json:"role"` // the role the session acts with
	Hash   string `json:"-"`
	// Method is how the user signed in: "password" or "oidc".
	Method string `json:"method"`
	// IP is the client address at sign-in, for the audit trail.
	IP         string    `json:"ip,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	// IdleTimeout ends the session after that long without a request;
	// ExpiresAt ends it regardless of use.
	IdleTimeout time.Duration `json:"idle_timeout"`
	ExpiresAt   time.Time     `json:"expires_at"`
	RevokedAt   time.Time     `json:"revoked_at,omitzero"`
}

// Live reports whether the session may still be used at now.
func (s Session) Live(now time.Time) bool {
	return s.RevokedAt.IsZero() && now.Before(s.ExpiresAt) && now.Before(s.LastSeenAt.Add(s.IdleTimeout))
}

// SessionStore keeps console passwords and sessions. A UserStore may
// implement it; the casework service finds it by type assertion. Every
// change commits together with its audit entry, or not at all.
type SessionStore interface {
	// UserByName returns the user called name, ENOTFOUND when none is.
	UserByName(ctx context.Context, name string) (User, error)
	// SetPassword stores the encoded password hash (PHC string) of a user.
	SetPassword(ctx context.Context, userID int64, hash string, at time.Time, e AuditEntry) error
	// PasswordHash returns the encoded password hash of a user, "" when
	// the user has no password.
	PasswordHash(ctx context.Context, userID int64) (string, error)
	CreateSession(ctx context.Context, s Session, e AuditEntry) (Session, error)
	// SessionByHash returns the session with that hash and its user,
	// ENOTFOUND when there is none.
	SessionByHash(ctx context.Context, hash string) (Session, User, error)
	// TouchSession records use of a session at at.
	TouchSession(ctx context.Context, id int64, at time.Time) error
	RevokeSession(ctx context.Context, id int64, at time.Time, e AuditEntry) (Session, error)
	// RecordAudit appends an audit entry that no change goes with (a
	// failed sign-in).
	RecordAudit(ctx context.Context, e AuditEntry) error
}
