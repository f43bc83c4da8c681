package casework

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// NewOrder is a request to draft a binding order. Its fields follow the
// removal-order form of Annex I of Regulation (EU) 2021/784.
type NewOrder struct {
	Platform         string    `json:"platform"`
	ReferenceNumber  string    `json:"reference_number"`
	IssuingAuthority string    `json:"issuing_authority"`
	LegalBasis       string    `json:"legal_basis"`
	Reasons          string    `json:"reasons"`
	Regime           string    `json:"regime"`
	DeadlineClass    string    `json:"deadline_class"`
	EmergencyReasons string    `json:"emergency_reasons,omitempty"`
	Redress          string    `json:"redress"`
	UserMayBeTold    bool      `json:"user_may_be_told"`
	IncidentID       int64     `json:"incident_id,omitempty"`
	Items            []NewItem `json:"items"`
}

func (s *Referrals) validateOrder(r NewOrder) error {
	var fe FieldErrors
	validateItems(&fe, r.Platform, r.Items)
	for _, f := range []struct{ name, v, hint string }{
		{"reference_number", r.ReferenceNumber, "the authority's reference for the order"},
		{"issuing_authority", r.IssuingAuthority, "the authority that issues the order"},
		{"legal_basis", r.LegalBasis, "the provision the order rests on"},
		{"reasons", r.Reasons, "why the content is illegal"},
		{"redress", r.Redress, "how the platform and the user may challenge the order"},
	} {
		if strings.TrimSpace(f.v) == "" {
			fe.add(f.name, "required: "+f.hint)
		}
	}
	reg, ok := s.regimes[r.Regime]
	if !ok {
		fe.add("regime", fmt.Sprintf("%q is not a configured regime (%s)", r.Regime, strings.Join(s.regimeNames(), ", ")))
	} else if c, ok := reg.Class(r.DeadlineClass); !ok {
		fe.add("deadline_class", fmt.Sprintf("%q is not a class of %s", r.DeadlineClass, r.Regime))
	} else if c.NeedsReasons && strings.TrimSpace(r.EmergencyReasons) == "" {
		fe.add("emergency_reasons", fmt.Sprintf("class %s of %s needs written reasons for the urgency", c.Name, r.Regime))
	}
	return fe.err("invalid order")
}

func (s *Referrals) regimeNames() []string {
	var out []string
	for n := range s.regimes {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// CreateOrder drafts an order. Analysts, supervisors and admins may.
func (s *Referrals) CreateOrder(ctx context.Context, p rampart.Principal, r NewOrder) (rampart.Order, error) {
	if err := need(p, "draft an order", rampart.RoleAnalyst, rampart.RoleSupervisor, rampart.RoleAdmin); err != nil {
		return rampart.Order{}, err
	}
	if err := s.validateOrder(r); err != nil {
		return rampart.Order{}, err
	}
	now := s.now()
	o := rampart.Order{RequestState: rampart.RequestState{Platform: r.Platform, Status: rampart.RequestDraft,
		Items: buildItems(r.Platform, r.Items), IncidentID: r.IncidentID, CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now},
		ReferenceNumber: r.ReferenceNumber, IssuingAuthority: r.IssuingAuthority, LegalBasis: r.LegalBasis, Reasons: r.Reasons,
		Regime: r.Regime, DeadlineClass: r.DeadlineClass, EmergencyReasons: r.EmergencyReasons, Redress: r.Redress,
		UserMayBeTold: r.UserMayBeTold}
	return s.store.CreateOrder(ctx, o, rampart.AuditEntry{Actor: p.Actor(), Action: "order.create"})
}

// Order returns one order; a liaison sees only its platform's.
func (s *Referrals) Order(ctx context.Context, p rampart.Principal, id int64) (rampart.Order, error) {
	o, err := s.store.Order(ctx, id)
	if err != nil {
		return o, err
	}
	return o, visible(p, KindOrder, id, o.Platform)
}

// Orders lists orders; a liaison sees only its platform's.
func (s *Referrals) Orders(ctx context.Context, p rampart.Principal, f rampart.RequestFilter) ([]rampart.Order, error) {
	if err := scopeFilter(p, &f); err != nil {
		return nil, err
	}
	return s.store.Orders(ctx, f)
}

// ApproveOrder approves a drafted order.
func (s *Referrals) ApproveOrder(ctx context.Context, p rampart.Principal, id int64) (rampart.Order, error) {
	return approve(ctx, s, s.orders(), p, id)
}

// SubmitOrder records that an approved order went to the platform and
// starts its clock: the deadline is the submission time plus the class's
// limit, and preservation runs for the class's period from then.
func (s *Referrals) SubmitOrder(ctx context.Context, p rampart.Principal, id int64) (rampart.Order, error) {
	return submit(ctx, s, s.orders(), p, id, func(o *rampart.Order, now time.Time) error {
		c, ok := s.regimes[o.Regime].Class(o.DeadlineClass)
		if !ok {
			return conflict("order %d names regime %q class %q, which this deployment no longer configures; add it back to the regimes file", id, o.Regime, o.DeadlineClass)
		}
		o.Deadline = now.Add(c.Within)
		if c.Preserve > 0 {
			o.PreserveUntil = now.Add(c.Preserve)
		}
		return nil
	})
}

// AcknowledgeOrder records, as the platform, that it received an order.
func (s *Referrals) AcknowledgeOrder(ctx context.Context, p rampart.Principal, id int64) (rampart.Order, error) {
	return acknowledge(ctx, s, s.orders(), p, id)
}

// AnswerOrder records, as the platform, its answers per item. Answers
// after the deadline are taken (and count as a missed deadline) until the
// expiry sweep has closed the order.
func (s *Referrals) AnswerOrder(ctx context.Context, p rampart.Principal, id int64, answers []ItemAnswer) (rampart.Order, error) {
	return answer(ctx, s, s.orders(), p, id, answers)
}

// ExpireDue closes every submitted or acknowledged order whose deadline
// has passed with items unanswered, as expired, each with its own audit
// record by the system actor. It returns the ids it expired. Run it on a
// timer; running it twice does nothing more.
func (s *Referrals) ExpireDue(ctx context.Context) ([]int64, error) {
	now := s.now()
	due, err := s.store.Orders(ctx, rampart.RequestFilter{Statuses: []rampart.RequestStatus{rampart.RequestSubmitted, rampart.RequestAcknowledged}})
	if err != nil {
		return nil, fmt.Errorf("expire orders: %w", err)
	}
	var ids []int64
	for _, o := range due {
		if o.Deadline.IsZero() || now.Before(o.Deadline) {
			continue
		}
		_, err := s.store.UpdateOrder(ctx, o.ID, func(o *rampart.Order) (rampart.AuditEntry, error) {
			from := o.Status
			if o.Deadline.IsZero() || now.Before(o.Deadline) {
				return rampart.AuditEntry{}, errSkip
			}
			if err := move(&o.RequestState, KindOrder, rampart.RequestExpired); err != nil {
				return rampart.AuditEntry{}, err
			}
			o.ClosedAt, o.UpdatedAt = now, now
			return rampart.AuditEntry{Actor: systemActor, Action: "order.expire", Data: auditData{From: from, To: o.Status}}, nil
		})
		switch {
		case err == nil:
			ids = append(ids, o.ID)
			s.log.Info("order expired", "order", o.ID, "platform", o.Platform)
		case errors.Is(err, errSkip) || rampart.ErrorCode(err) == rampart.ECONFLICT:
			// Answered or moved since the list was read.
		default:
			return ids, fmt.Errorf("expire order %d: %w", o.ID, err)
		}
	}
	return ids, nil
}

// errSkip aborts an update that turned out to have nothing to do.
var errSkip = rampart.Errorf(rampart.ECONFLICT, "nothing to do")
