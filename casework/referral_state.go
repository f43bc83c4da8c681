package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// requestMoves lists the transitions a referral, order or preservation
// request may make. Final statuses are set from the platform's answers
// (settle) or by the expiry sweep, never asked for directly.
var requestMoves = map[rampart.RequestStatus][]rampart.RequestStatus{
	rampart.RequestDraft:        {rampart.RequestApproved},
	rampart.RequestApproved:     {rampart.RequestSubmitted},
	rampart.RequestSubmitted:    {rampart.RequestAcknowledged, rampart.RequestExpired},
	rampart.RequestAcknowledged: {rampart.RequestActioned, rampart.RequestPartiallyActioned, rampart.RequestRejected, rampart.RequestExpired},
}

// CanMoveRequest reports whether a request may go from one status to
// another.
func CanMoveRequest(from, to rampart.RequestStatus) bool {
	for _, s := range requestMoves[from] {
		if s == to {
			return true
		}
	}
	return false
}

func move(st *rampart.RequestState, kind string, to rampart.RequestStatus) error {
	if !CanMoveRequest(st.Status, to) {
		return conflict("%s %d is %s and cannot become %s", kind, st.ID, st.Status, to)
	}
	st.Status = to
	return nil
}

// updater is UpdateReferral or UpdateOrder, with state giving the shared
// part of the record.
type updater[T any] struct {
	kind   string
	update func(ctx context.Context, id int64, fn func(*T) (rampart.AuditEntry, error)) (T, error)
	state  func(*T) *rampart.RequestState
}

func (s *Referrals) referrals() updater[rampart.Referral] {
	return updater[rampart.Referral]{KindReferral, s.store.UpdateReferral, func(r *rampart.Referral) *rampart.RequestState { return &r.RequestState }}
}

func (s *Referrals) orders() updater[rampart.Order] {
	return updater[rampart.Order]{KindOrder, s.store.UpdateOrder, func(o *rampart.Order) *rampart.RequestState { return &o.RequestState }}
}

// approve moves a draft to approved. Only a supervisor or admin who did not
// draft it may: the four-eyes rule for anything sent in the unit's name.
func approve[T any](ctx context.Context, s *Referrals, u updater[T], p rampart.Principal, id int64) (T, error) {
	if err := need(p, "approve a "+u.kind, rampart.RoleSupervisor, rampart.RoleAdmin); err != nil {
		var zero T
		return zero, err
	}
	return u.update(ctx, id, func(v *T) (rampart.AuditEntry, error) {
		st := u.state(v)
		if st.CreatedBy == p.UserID {
			return rampart.AuditEntry{}, forbidden("%s %d was drafted by you; another supervisor must approve it", u.kind, id)
		}
		from := st.Status
		if err := move(st, u.kind, rampart.RequestApproved); err != nil {
			return rampart.AuditEntry{}, err
		}
		now := s.now()
		st.ApprovedBy, st.ApprovedAt, st.UpdatedAt = p.UserID, now, now
		return rampart.AuditEntry{Actor: p.Actor(), Action: u.kind + ".approve", Data: auditData{From: from, To: st.Status}}, nil
	})
}

// submit records that an approved request went to the platform; before
// runs inside the transaction (orders set their deadline there).
func submit[T any](ctx context.Context, s *Referrals, u updater[T], p rampart.Principal, id int64, before func(*T, time.Time) error) (T, error) {
	if err := need(p, "submit a "+u.kind, rampart.RoleAnalyst, rampart.RoleSupervisor, rampart.RoleAdmin); err != nil {
		var zero T
		return zero, err
	}
	return u.update(ctx, id, func(v *T) (rampart.AuditEntry, error) {
		st := u.state(v)
		from := st.Status
		if err := move(st, u.kind, rampart.RequestSubmitted); err != nil {
			return rampart.AuditEntry{}, err
		}
		now := s.now()
		st.SubmittedBy, st.SubmittedAt, st.UpdatedAt = p.UserID, now, now
		if before != nil {
			if err := before(v, now); err != nil {
				return rampart.AuditEntry{}, err
			}
		}
		return rampart.AuditEntry{Actor: p.Actor(), Action: u.kind + ".submit", Data: auditData{From: from, To: st.Status}}, nil
	})
}

// platformSide refuses anyone but the platform's own liaison (or an admin
// acting for it): only the platform answers for itself.
func platformSide(p rampart.Principal, kind string, id int64, platform string) error {
	if err := need(p, "answer for a platform", rampart.RolePlatformLiaison, rampart.RoleAdmin); err != nil {
		return err
	}
	return visible(p, kind, id, platform)
}

// acknowledge records that the platform received the request.
func acknowledge[T any](ctx context.Context, s *Referrals, u updater[T], p rampart.Principal, id int64) (T, error) {
	return u.update(ctx, id, func(v *T) (rampart.AuditEntry, error) {
		st := u.state(v)
		if err := platformSide(p, u.kind, id, st.Platform); err != nil {
			return rampart.AuditEntry{}, err
		}
		from := st.Status
		if err := move(st, u.kind, rampart.RequestAcknowledged); err != nil {
			return rampart.AuditEntry{}, err
		}
		now := s.now()
		st.AcknowledgedAt, st.UpdatedAt = now, now
		return rampart.AuditEntry{Actor: p.Actor(), Action: u.kind + ".acknowledge", Data: auditData{From: from, To: st.Status}}, nil
	})
}

// ItemAnswer is the platform's answer about one item, by index.
type ItemAnswer struct {
	Item    int                 `json:"item"`
	Outcome rampart.ItemOutcome `json:"outcome"` // actioned or rejected
	Reason  string              `json:"reason,omitempty"`
}

// maxReason bounds a reason code or note.
const maxReason = 500

// answer records the platform's answers. Items may be answered in several
// calls but each only once; when every item has an answer the request
// settles: all actioned → actioned, none → rejected, else
// partially_actioned.
func answer[T any](ctx context.Context, s *Referrals, u updater[T], p rampart.Principal, id int64, answers []ItemAnswer) (T, error) {
	return u.update(ctx, id, func(v *T) (rampart.AuditEntry, error) {
		st := u.state(v)
		if err := platformSide(p, u.kind, id, st.Platform); err != nil {
			return rampart.AuditEntry{}, err
		}
		if st.Status != rampart.RequestAcknowledged {
			return rampart.AuditEntry{}, conflict("%s %d is %s; answers are taken once it is acknowledged and before it settles or expires", u.kind, id, st.Status)
		}
		var fe FieldErrors
		if len(answers) == 0 {
			fe.add("answers", "give at least one answer")
		}
		seen := map[int]bool{}
		for i, a := range answers {
			at := fmt.Sprintf("answers[%d]", i)
			switch {
			case a.Item < 0 || a.Item >= len(st.Items):
				fe.add(at+".item", fmt.Sprintf("%d: the %s has items 0–%d", a.Item, u.kind, len(st.Items)-1))
			case seen[a.Item]:
				fe.add(at+".item", fmt.Sprintf("item %d is answered twice", a.Item))
			}
			seen[a.Item] = true
			switch a.Outcome {
			case rampart.OutcomeActioned:
			case rampart.OutcomeRejected:
				if strings.TrimSpace(a.Reason) == "" {
					fe.add(at+".reason", "a rejection needs a reason code")
				}
			default:
				fe.add(at+".outcome", fmt.Sprintf("%q: want actioned or rejected", a.Outcome))
			}
			if len(a.Reason) > maxReason {
				fe.add(at+".reason", fmt.Sprintf("at most %d bytes", maxReason))
			}
		}
		if err := fe.err("invalid answers"); err != nil {
			return rampart.AuditEntry{}, err
		}
		now := s.now()
		items := make([]int, 0, len(answers))
		for _, a := range answers {
			it := &st.Items[a.Item]
			if it.Outcome != rampart.OutcomePending {
				return rampart.AuditEntry{}, conflict("%s %d item %d was already answered %s", u.kind, id, a.Item, it.Outcome)
			}
			it.Outcome, it.Reason, it.AnsweredBy, it.AnsweredAt = a.Outcome, a.Reason, p.UserID, now
			items = append(items, a.Item)
		}
		from := st.Status
		settle(st, now)
		st.UpdatedAt = now
		return rampart.AuditEntry{Actor: p.Actor(), Action: u.kind + ".answer", Data: auditData{From: from, To: st.Status, Items: items}}, nil
	})
}

// settle sets the final status once every item has an answer.
func settle(st *rampart.RequestState, now time.Time) {
	actioned, rejected := 0, 0
	reasons := map[string]bool{}
	var names []string
	for _, it := range st.Items {
		switch it.Outcome {
		case rampart.OutcomeActioned, rampart.OutcomeReversed:
			actioned++
		case rampart.OutcomeRejected:
			rejected++
			if !reasons[it.Reason] {
				reasons[it.Reason] = true
				names = append(names, it.Reason)
			}
		}
	}
	if actioned+rejected < len(st.Items) {
		return
	}
	switch {
	case rejected == 0:
		st.Status = rampart.RequestActioned
	case actioned == 0:
		st.Status, st.RejectReason = rampart.RequestRejected, strings.Join(names, "; ")
	default:
		st.Status = rampart.RequestPartiallyActioned
	}
	st.ClosedAt = now
}

// ApproveReferral approves a drafted referral.
func (s *Referrals) ApproveReferral(ctx context.Context, p rampart.Principal, id int64) (rampart.Referral, error) {
	return approve(ctx, s, s.referrals(), p, id)
}

// SubmitReferral records that an approved referral went to the platform.
func (s *Referrals) SubmitReferral(ctx context.Context, p rampart.Principal, id int64) (rampart.Referral, error) {
	return submit(ctx, s, s.referrals(), p, id, nil)
}

// AcknowledgeReferral records, as the platform, that it received a referral.
func (s *Referrals) AcknowledgeReferral(ctx context.Context, p rampart.Principal, id int64) (rampart.Referral, error) {
	return acknowledge(ctx, s, s.referrals(), p, id)
}

// AnswerReferral records, as the platform, its answers per item.
func (s *Referrals) AnswerReferral(ctx context.Context, p rampart.Principal, id int64, answers []ItemAnswer) (rampart.Referral, error) {
	return answer(ctx, s, s.referrals(), p, id, answers)
}
