package casework

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
)

// ReferralOptions configure a Referrals service. The zero value is the
// default.
type ReferralOptions struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger; nil discards.
	Logger *slog.Logger
	// Regimes are the legal regimes orders may name; nil means
	// DefaultRegimes.
	Regimes Regimes
	// InboxPlatforms are the platforms this deployment is, when it
	// receives requests through its inbox: a delivery naming another
	// platform (the request's or an item's) is refused with a
	// WrongPlatformError. Empty accepts any platform.
	InboxPlatforms []string
}

// Referrals applies the rules of referrals, orders, preservation requests,
// appeals and crisis incidents over a rampart.ReferralStore: who may do
// what, the state machine, deadlines and what the platform may see. See
// REFERRALS.md.
type Referrals struct {
	store   rampart.ReferralStore
	now     func() time.Time
	log     *slog.Logger
	regimes Regimes
	// refusals bounds audit records of refused inbox deliveries.
	refusals refusalAudit
	// inboxPlatforms are ReferralOptions.InboxPlatforms.
	inboxPlatforms []string
}

// NewReferrals returns the service over store.
func NewReferrals(store rampart.ReferralStore, opt ReferralOptions) (*Referrals, error) {
	if store == nil {
		return nil, errors.New("new referrals service: store is nil")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Regimes == nil {
		opt.Regimes = DefaultRegimes()
	}
	for i, p := range opt.InboxPlatforms {
		if strings.TrimSpace(p) == "" || p != strings.ToLower(p) {
			return nil, fmt.Errorf("new referrals service: inbox platform [%d] %q: want a lower-case platform name such as x or telegram", i, p)
		}
	}
	return &Referrals{store: store, now: opt.Now, log: opt.Logger, regimes: opt.Regimes,
		inboxPlatforms: slices.Clone(opt.InboxPlatforms)}, nil
}

// Regimes returns the regimes the service knows.
func (s *Referrals) Regimes() Regimes { return s.regimes }

// Kinds of request, as used in RequestRef.Kind and audit subjects.
const (
	KindReferral = "referral"
	KindOrder    = "order"
)

// NewItem names one account or piece of content for a request.
type NewItem struct {
	Subject      rampart.Subject `json:"subject"`
	URL          string          `json:"url,omitempty"`
	FindingID    int64           `json:"finding_id,omitempty"`
	CaseID       int64           `json:"case_id,omitempty"`
	Rule         string          `json:"rule,omitempty"`
	Detector     string          `json:"detector,omitempty"`
	ModelVersion string          `json:"model_version,omitempty"`
	Action       rampart.Action  `json:"action"`
	ContentType  string          `json:"content_type,omitempty"`
}

// ItemFromFinding names the subject of a stored finding, keeping what
// flagged it (rule, first detector, model version) for reversal rates.
func ItemFromFinding(f rampart.FindingRecord, caseID int64, action rampart.Action) NewItem {
	it := NewItem{Subject: f.Subject(), FindingID: f.ID, CaseID: caseID, Rule: f.Rule, Action: action, ContentType: contentType(f.Kind)}
	if len(f.Signals) > 0 {
		it.Detector = f.Signals[0].Detector
	}
	if it.Detector != "" {
		it.ModelVersion = f.Versions.Models[it.Detector]
	}
	return it
}

func contentType(kind string) string {
	switch kind {
	case "account":
		return "account"
	case "post", "message":
		return "text"
	}
	return "other"
}

// maxItems bounds one request; larger sets are split per request.
const maxItems = 5000

func validateItems(fe *FieldErrors, platform string, items []NewItem) {
	if strings.TrimSpace(platform) == "" {
		fe.add("platform", "name the platform the request goes to (x, facebook, instagram, telegram, whatsapp, …)")
	}
	if len(items) == 0 {
		fe.add("items", "name at least one account or piece of content")
	}
	if len(items) > maxItems {
		fe.add("items", fmt.Sprintf("at most %d items per request", maxItems))
	}
	for i, it := range items {
		at := fmt.Sprintf("items[%d]", i)
		if it.Subject.ID == "" && it.URL == "" {
			fe.add(at, "give the exact platform id (subject.id) or URL")
		}
		if it.Subject.Platform != "" && it.Subject.Platform != platform {
			fe.add(at+".subject.platform", fmt.Sprintf("%q is not the request's platform %q", it.Subject.Platform, platform))
		}
		if _, err := rampart.ParseAction(string(it.Action)); err != nil || it.Action.Severity() < rampart.Withhold("XX").Severity() {
			fe.add(at+".action", "ask for withhold:<CC>, remove or suspend")
		}
	}
}

func buildItems(platform string, items []NewItem) []rampart.RequestItem {
	out := make([]rampart.RequestItem, len(items))
	for i, it := range items {
		if it.Subject.Platform == "" {
			it.Subject.Platform = platform
		}
		out[i] = rampart.RequestItem{Subject: it.Subject, URL: it.URL, FindingID: it.FindingID, CaseID: it.CaseID,
			Rule: it.Rule, Detector: it.Detector, ModelVersion: it.ModelVersion, Action: it.Action, ContentType: it.ContentType}
	}
	return out
}

// NewReferral is a request to draft a voluntary referral.
type NewReferral struct {
	Platform   string    `json:"platform"`
	Terms      string    `json:"terms"`
	Notes      string    `json:"notes,omitempty"`
	IncidentID int64     `json:"incident_id,omitempty"`
	Items      []NewItem `json:"items"`
}

// CreateReferral drafts a referral. Analysts, supervisors and admins may.
func (s *Referrals) CreateReferral(ctx context.Context, p rampart.Principal, r NewReferral) (rampart.Referral, error) {
	if err := need(p, "draft a referral", rampart.RoleAnalyst, rampart.RoleSupervisor, rampart.RoleAdmin); err != nil {
		return rampart.Referral{}, err
	}
	var fe FieldErrors
	validateItems(&fe, r.Platform, r.Items)
	if strings.TrimSpace(r.Terms) == "" {
		fe.add("terms", "name the clause of the platform's terms the content breaches")
	}
	if err := fe.err("invalid referral"); err != nil {
		return rampart.Referral{}, err
	}
	now := s.now()
	ref := rampart.Referral{RequestState: rampart.RequestState{Platform: r.Platform, Status: rampart.RequestDraft,
		Items: buildItems(r.Platform, r.Items), IncidentID: r.IncidentID, CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now},
		Terms: r.Terms, Notes: r.Notes}
	return s.store.CreateReferral(ctx, ref, rampart.AuditEntry{Actor: p.Actor(), Action: "referral.create"})
}

// need refuses principals whose role is not one of roles.
func need(p rampart.Principal, what string, roles ...rampart.Role) error {
	if slices.Contains(roles, p.Role) {
		return nil
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return forbidden("to %s you need one of the roles %s; you are %s", what, strings.Join(names, ", "), p.Role)
}

// visible hides another platform's records from a liaison as if they did
// not exist, so that a liaison learns nothing about other platforms.
func visible(p rampart.Principal, kind string, id int64, platform string) error {
	scope, err := scopePlatform(p)
	if err != nil {
		return err
	}
	if scope != "" && scope != platform {
		return rampart.Errorf(rampart.ENOTFOUND, "%s %d does not exist", kind, id)
	}
	return nil
}

// Referral returns one referral; a liaison sees only its platform's.
func (s *Referrals) Referral(ctx context.Context, p rampart.Principal, id int64) (rampart.Referral, error) {
	r, err := s.store.Referral(ctx, id)
	if err != nil {
		return r, err
	}
	return r, visible(p, KindReferral, id, r.Platform)
}

// Referrals lists referrals; a liaison sees only its platform's.
func (s *Referrals) Referrals(ctx context.Context, p rampart.Principal, f rampart.RequestFilter) ([]rampart.Referral, error) {
	if err := scopeFilter(p, &f); err != nil {
		return nil, err
	}
	return s.store.Referrals(ctx, f)
}

func scopeFilter(p rampart.Principal, f *rampart.RequestFilter) error {
	scope, err := scopePlatform(p)
	if err != nil || scope == "" {
		return err
	}
	if f.Platform != "" && f.Platform != scope {
		return forbidden("you are scoped to platform %q", scope)
	}
	f.Platform = scope
	return nil
}

// auditData is the payload of a transition's audit record.
type auditData struct {
	From   rampart.RequestStatus `json:"from"`
	To     rampart.RequestStatus `json:"to"`
	Items  []int                 `json:"items,omitempty"`
	Reason string                `json:"reason,omitempty"`
}

// systemActor names the service itself in audit records (expiry sweeps).
const systemActor = audit.SystemActor
