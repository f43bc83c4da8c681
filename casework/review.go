package casework

import (
	"context"
	"fmt"
	"slices"

	"github.com/rampart-tt/rampart"
)

// Queue lists the cases waiting for review (open or in review), threat to
// life first, then by priority (highest first), then by deadline.
func (s *Service) Queue(ctx context.Context, p rampart.Principal, limit int) ([]rampart.Case, error) {
	return s.Cases(ctx, p, rampart.CaseFilter{Statuses: []rampart.CaseStatus{rampart.CaseOpen, rampart.CaseInReview}, Queue: true, Limit: limit})
}

// Claim takes the exclusive review lease on a case for ClaimLease. Claiming
// again while holding it renews it; a claim by someone else that has not
// lapsed is a conflict. An open case goes in_review.
func (s *Service) Claim(ctx context.Context, p rampart.Principal, id int64) (rampart.Case, error) {
	return s.cases.UpdateCase(ctx, id, func(k *rampart.Case) (rampart.AuditEntry, error) {
		now := s.now()
		if k.Status != rampart.CaseOpen && k.Status != rampart.CaseInReview {
			return rampart.AuditEntry{}, conflict("case %d is %s and not waiting for review", id, k.Status)
		}
		if k.Claim != nil && k.Claim.Reviewer != p.UserID && now.Before(k.Claim.Until) {
			return rampart.AuditEntry{}, conflict("case %d is claimed by user %d until %s", id, k.Claim.Reviewer, k.Claim.Until.Format("15:04:05Z"))
		}
		if k.Pending != nil && k.Pending.Reviewer == p.UserID {
			return rampart.AuditEntry{}, conflict("case %d waits for a second reviewer under the two-person rule; you made the first decision", id)
		}
		k.Claim = &rampart.ReviewClaim{Reviewer: p.UserID, Until: now.Add(s.opt.ClaimLease)}
		k.Status, k.UpdatedAt = rampart.CaseInReview, now
		return rampart.AuditEntry{Actor: p.Actor(), Action: "review.claim", Data: k.Claim}, nil
	})
}

// Release gives up a claim; an admin or supervisor may release anyone's.
func (s *Service) Release(ctx context.Context, p rampart.Principal, id int64) (rampart.Case, error) {
	return s.cases.UpdateCase(ctx, id, func(k *rampart.Case) (rampart.AuditEntry, error) {
		if k.Claim == nil {
			return rampart.AuditEntry{}, conflict("case %d is not claimed", id)
		}
		if k.Claim.Reviewer != p.UserID && p.Role != rampart.RoleAdmin && p.Role != rampart.RoleSupervisor {
			return rampart.AuditEntry{}, forbidden("case %d is claimed by user %d; only they, a supervisor or an admin may release it", id, k.Claim.Reviewer)
		}
		was := *k.Claim
		k.Claim, k.UpdatedAt = nil, s.now()
		return rampart.AuditEntry{Actor: p.Actor(), Action: "review.release", Data: was}, nil
	})
}

// Decision is a reviewer's decision on a case.
type Decision struct {
	Action rampart.Action `json:"action"`
	Reason string         `json:"reason"`
	Basis  string         `json:"basis"`
	Notes  string         `json:"notes,omitempty"`
}

func (d Decision) validate() error {
	var fe FieldErrors
	if _, err := rampart.ParseAction(string(d.Action)); err != nil {
		fe.add("action", err.Error())
	} else if d.Action == rampart.ActionReview {
		fe.add("action", "review is not an outcome; decide none, refer, withhold:<CC>, remove or suspend")
	}
	if d.Reason == "" || len(d.Reason) > 100 {
		fe.add("reason", "give the reason code, at most 100 bytes")
	}
	if d.Basis == "" || len(d.Basis) > 2000 {
		fe.add("basis", "give the policy or legal basis, at most 2000 bytes")
	}
	if len(d.Notes) > 10000 {
		fe.add("notes", "must be at most 10000 bytes")
	}
	return fe.err("invalid decision")
}

// Decide records the claimant's decision. For an action under the
// two-person rule the first decision is kept as pending and the claim
// released; the case is decided when a different reviewer decides the same
// action. A second reviewer who disagrees replaces the pending decision
// with their own (pending again if their action is also under the rule,
// final otherwise: a milder action needs only one person).
func (s *Service) Decide(ctx context.Context, p rampart.Principal, id int64, d Decision) (rampart.Case, error) {
	if err := d.validate(); err != nil {
		return rampart.Case{}, err
	}
	return s.cases.UpdateCase(ctx, id, func(k *rampart.Case) (rampart.AuditEntry, error) {
		now := s.now()
		if k.Status != rampart.CaseInReview {
			return rampart.AuditEntry{}, conflict("case %d is %s; claim it for review first", id, k.Status)
		}
		if k.Claim == nil || k.Claim.Reviewer != p.UserID || !now.Before(k.Claim.Until) {
			return rampart.AuditEntry{}, conflict("you do not hold the claim on case %d (or it lapsed); claim it first", id)
		}
		rd := rampart.ReviewDecision{Reviewer: p.UserID, Action: d.Action, Reason: d.Reason, Basis: d.Basis, Notes: d.Notes, At: now}
		k.Claim, k.UpdatedAt = nil, now
		needsTwo := slices.Contains(s.opt.TwoPerson, d.Action)
		data := map[string]any{"decision": rd}
		switch {
		case k.Pending != nil && k.Pending.Reviewer == p.UserID:
			// Claim refuses this, but a pending decision may predate a
			// claim taken while the rule was off.
			return rampart.AuditEntry{}, forbidden("the two-person rule needs a second reviewer other than the first (user %d)", p.UserID)
		case k.Pending != nil && k.Pending.Action == d.Action:
			data["first"] = *k.Pending
			k.Decision, k.Pending, k.Status = &rd, nil, rampart.CaseDecided
			return rampart.AuditEntry{Actor: p.Actor(), Action: "review.decide", Data: data}, nil
		case needsTwo:
			if k.Pending != nil {
				data["replaces"] = *k.Pending
			}
			k.Pending = &rd
			return rampart.AuditEntry{Actor: p.Actor(), Action: "review.first_decision", Data: data}, nil
		}
		if k.Pending != nil {
			data["replaces"] = *k.Pending
		}
		k.Decision, k.Pending, k.Status = &rd, nil, rampart.CaseDecided
		return rampart.AuditEntry{Actor: p.Actor(), Action: "review.decide", Data: data}, nil
	})
}

// String names a decision for logs.
func (d Decision) String() string { return fmt.Sprintf("%s (%s)", d.Action, d.Reason) }
