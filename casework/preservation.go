package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// NewPreservation is a request to have a platform preserve an account's
// data, or disclose who operates it. Items name only the identifiers the
// request needs: platform, kind and id (or URL) — no content, no names.
type NewPreservation struct {
	Platform  string                   `json:"platform"`
	Kind      rampart.PreservationKind `json:"kind"`
	Process   rampart.LegalProcess     `json:"process"`
	Reference string                   `json:"reference"`
	Authority string                   `json:"authority"`
	// Preserve is how long data is to be kept ("90d", "2160h");
	// required for preserve requests.
	Preserve   string            `json:"preserve,omitempty"`
	IncidentID int64             `json:"incident_id,omitempty"`
	Subjects   []rampart.Subject `json:"subjects"`
}

// maxPreservation bounds how long one request may ask data to be kept;
// longer needs a new request (and new legal process).
const maxPreservation = 366 * 24 * time.Hour

// CreatePreservation drafts a preservation or disclosure request.
func (s *Referrals) CreatePreservation(ctx context.Context, p rampart.Principal, r NewPreservation) (rampart.Preservation, error) {
	if err := need(p, "draft a preservation request", rampart.RoleAnalyst, rampart.RoleSupervisor, rampart.RoleAdmin); err != nil {
		return rampart.Preservation{}, err
	}
	var fe FieldErrors
	if strings.TrimSpace(r.Platform) == "" {
		fe.add("platform", "name the platform the request goes to")
	}
	switch r.Kind {
	case rampart.PreserveData, rampart.DiscloseOperator:
	default:
		fe.add("kind", fmt.Sprintf("%q: want preserve or disclose", r.Kind))
	}
	switch r.Process {
	case rampart.ProcessCourtOrder, rampart.ProcessEmergency, rampart.ProcessMLAT:
	default:
		fe.add("process", fmt.Sprintf("%q: want court_order, emergency_request or mlat", r.Process))
	}
	if strings.TrimSpace(r.Reference) == "" {
		fe.add("reference", "give the court order number, emergency request id or MLAT file")
	}
	if strings.TrimSpace(r.Authority) == "" {
		fe.add("authority", "name the requesting authority")
	}
	var keep time.Duration
	if r.Kind == rampart.PreserveData {
		d, err := ParseDuration(r.Preserve)
		switch {
		case err != nil || d <= 0:
			fe.add("preserve", fmt.Sprintf("%q: want how long to keep the data, such as 90d", r.Preserve))
		case d > maxPreservation:
			fe.add("preserve", "at most 366d; extend with a new request")
		}
		keep = d
	}
	if len(r.Subjects) == 0 {
		fe.add("subjects", "name at least one account or item")
	}
	if len(r.Subjects) > maxItems {
		fe.add("subjects", fmt.Sprintf("at most %d per request", maxItems))
	}
	items := make([]rampart.RequestItem, len(r.Subjects))
	for i, sub := range r.Subjects {
		if sub.ID == "" {
			fe.add(fmt.Sprintf("subjects[%d].id", i), "required")
		}
		if sub.Platform == "" {
			sub.Platform = r.Platform
		} else if sub.Platform != r.Platform {
			fe.add(fmt.Sprintf("subjects[%d].platform", i), fmt.Sprintf("%q is not the request's platform", sub.Platform))
		}
		// Only the identifier: the request needs nothing else.
		items[i] = rampart.RequestItem{Subject: rampart.Subject{Platform: sub.Platform, Kind: sub.Kind, ID: sub.ID}}
	}
	if err := fe.err("invalid preservation request"); err != nil {
		return rampart.Preservation{}, err
	}
	now := s.now()
	pr := rampart.Preservation{RequestState: rampart.RequestState{Platform: r.Platform, Status: rampart.RequestDraft, Items: items,
		IncidentID: r.IncidentID, CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now},
		Kind: r.Kind, Process: r.Process, Reference: r.Reference, Authority: r.Authority}
	if keep > 0 {
		// Provisional until submission restarts the clock.
		pr.PreserveUntil = now.Add(keep)
	}
	return s.store.CreatePreservation(ctx, pr, rampart.AuditEntry{Actor: p.Actor(), Action: "preservation.create"})
}

func (s *Referrals) preservations() updater[rampart.Preservation] {
	return updater[rampart.Preservation]{"preservation", s.store.UpdatePreservation,
		func(p *rampart.Preservation) *rampart.RequestState { return &p.RequestState }}
}

// ApprovePreservation approves a drafted request (a supervisor other than
// the drafter).
func (s *Referrals) ApprovePreservation(ctx context.Context, p rampart.Principal, id int64) (rampart.Preservation, error) {
	return approve(ctx, s, s.preservations(), p, id)
}

// SubmitPreservation records that the request went to the platform; the
// preservation period runs from now.
func (s *Referrals) SubmitPreservation(ctx context.Context, p rampart.Principal, id int64) (rampart.Preservation, error) {
	return submit(ctx, s, s.preservations(), p, id, func(pr *rampart.Preservation, now time.Time) error {
		if !pr.PreserveUntil.IsZero() {
			pr.PreserveUntil = now.Add(pr.PreserveUntil.Sub(pr.CreatedAt))
		}
		return nil
	})
}

// AcknowledgePreservation records, as the platform, receipt of a request.
func (s *Referrals) AcknowledgePreservation(ctx context.Context, p rampart.Principal, id int64) (rampart.Preservation, error) {
	return acknowledge(ctx, s, s.preservations(), p, id)
}

// PreservationResponse is the platform's answer to a request.
type PreservationResponse struct {
	// Answers say per subject whether the platform complied (actioned)
	// or refused (rejected, with a reason code).
	Answers  []ItemAnswer `json:"answers"`
	Response string       `json:"response"` // the platform's text, kept as given
}

// RespondPreservation records the platform's answer and response text.
func (s *Referrals) RespondPreservation(ctx context.Context, p rampart.Principal, id int64, r PreservationResponse) (rampart.Preservation, error) {
	if len(r.Response) > 10000 {
		return rampart.Preservation{}, rampart.Errorf(rampart.EINVALID, "invalid response: response: at most 10000 bytes")
	}
	u := s.preservations()
	inner := u.update
	u.update = func(ctx context.Context, id int64, fn func(*rampart.Preservation) (rampart.AuditEntry, error)) (rampart.Preservation, error) {
		return inner(ctx, id, func(pr *rampart.Preservation) (rampart.AuditEntry, error) {
			e, err := fn(pr)
			if err == nil && r.Response != "" {
				pr.Response = r.Response
			}
			return e, err
		})
	}
	return answer(ctx, s, u, p, id, r.Answers)
}

// Preservation returns one request and logs the access with the purpose
// given; a liaison reads only its platform's. Every read is logged, even
// one refused for scope, so that probing shows in the audit log.
func (s *Referrals) Preservation(ctx context.Context, p rampart.Principal, id int64, purpose string) (rampart.Preservation, error) {
	if err := need(p, "read preservation requests", rampart.RoleAnalyst, rampart.RoleSupervisor, rampart.RoleAdmin,
		rampart.RoleAuditor, rampart.RolePlatformLiaison); err != nil {
		return rampart.Preservation{}, err
	}
	if strings.TrimSpace(purpose) == "" {
		return rampart.Preservation{}, rampart.Errorf(rampart.EINVALID, "invalid read: purpose: say why you read this request; it is logged")
	}
	pr, err := s.store.ReadPreservation(ctx, id, rampart.AuditEntry{Actor: p.Actor(), Action: "preservation.read",
		Data: map[string]string{"purpose": purpose}})
	if err != nil {
		return pr, err
	}
	if err := visible(p, "preservation", id, pr.Platform); err != nil {
		return rampart.Preservation{}, err
	}
	return pr, nil
}

// Preservations lists requests, logging the listing and what it returned.
func (s *Referrals) Preservations(ctx context.Context, p rampart.Principal, f rampart.RequestFilter, purpose string) ([]rampart.Preservation, error) {
	if err := need(p, "read preservation requests", rampart.RoleAnalyst, rampart.RoleSupervisor, rampart.RoleAdmin,
		rampart.RoleAuditor, rampart.RolePlatformLiaison); err != nil {
		return nil, err
	}
	if strings.TrimSpace(purpose) == "" {
		return nil, rampart.Errorf(rampart.EINVALID, "invalid read: purpose: say why you list these requests; it is logged")
	}
	if err := scopeFilter(p, &f); err != nil {
		return nil, err
	}
	return s.store.Preservations(ctx, f, rampart.AuditEntry{Actor: p.Actor(), Action: "preservation.list", Subject: "preservations",
		Data: map[string]string{"purpose": purpose}})
}
