package casework

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/rampart-tt/rampart"
)

// NewAppeal is an affected user's appeal, relayed by the platform.
type NewAppeal struct {
	Ref     rampart.RequestRef `json:"ref"`
	Grounds string             `json:"grounds"`
}

// requestState reads the shared part of a referral or an order.
func (s *Referrals) requestState(ctx context.Context, p rampart.Principal, kind string, id int64) (rampart.RequestState, error) {
	switch kind {
	case KindReferral:
		r, err := s.Referral(ctx, p, id)
		return r.RequestState, err
	case KindOrder:
		o, err := s.Order(ctx, p, id)
		return o.RequestState, err
	}
	return rampart.RequestState{}, rampart.Errorf(rampart.EINVALID, "invalid reference: kind: %q: want referral or order", kind)
}

// FileAppeal records an appeal against an actioned item. The platform's
// liaison (or an admin) files it: users appeal through the platform.
func (s *Referrals) FileAppeal(ctx context.Context, p rampart.Principal, r NewAppeal) (rampart.Appeal, error) {
	if err := need(p, "file an appeal", rampart.RolePlatformLiaison, rampart.RoleAdmin); err != nil {
		return rampart.Appeal{}, err
	}
	if strings.TrimSpace(r.Grounds) == "" || len(r.Grounds) > 10000 {
		return rampart.Appeal{}, rampart.Errorf(rampart.EINVALID, "invalid appeal: grounds: give the user's grounds (1–10000 bytes)")
	}
	st, err := s.requestState(ctx, p, r.Ref.Kind, r.Ref.ID)
	if err != nil {
		return rampart.Appeal{}, err
	}
	if r.Ref.Item < 0 || r.Ref.Item >= len(st.Items) {
		return rampart.Appeal{}, rampart.Errorf(rampart.EINVALID, "invalid appeal: ref.item: %d: the %s has items 0–%d", r.Ref.Item, r.Ref.Kind, len(st.Items)-1)
	}
	it := st.Items[r.Ref.Item]
	if it.Outcome != rampart.OutcomeActioned {
		return rampart.Appeal{}, conflict("%s %d item %d is %q: only an actioned item can be appealed", r.Ref.Kind, r.Ref.ID, r.Ref.Item, it.Outcome)
	}
	now := s.now()
	a := rampart.Appeal{Platform: st.Platform, Ref: r.Ref, Subject: it.Subject, Status: rampart.AppealOpen, Grounds: r.Grounds,
		Rule: it.Rule, Detector: it.Detector, ModelVersion: it.ModelVersion, ActedBy: it.AnsweredBy, FiledBy: p.UserID, FiledAt: now}
	return s.store.CreateAppeal(ctx, a, rampart.AuditEntry{Actor: p.Actor(), Action: "appeal.file"})
}

// Appeal returns one appeal; a liaison sees only its platform's.
func (s *Referrals) Appeal(ctx context.Context, p rampart.Principal, id int64) (rampart.Appeal, error) {
	a, err := s.store.Appeal(ctx, id)
	if err != nil {
		return a, err
	}
	return a, visible(p, "appeal", id, a.Platform)
}

// Appeals lists appeals; a liaison sees only its platform's.
func (s *Referrals) Appeals(ctx context.Context, p rampart.Principal, f rampart.AppealFilter) ([]rampart.Appeal, error) {
	rf := rampart.RequestFilter{Platform: f.Platform}
	if err := scopeFilter(p, &rf); err != nil {
		return nil, err
	}
	f.Platform = rf.Platform
	return s.store.Appeals(ctx, f)
}

// AppealDecision is a reviewer's outcome on an appeal.
type AppealDecision struct {
	Outcome rampart.AppealStatus `json:"outcome"` // upheld or reversed
	Reason  string               `json:"reason"`
}

// DecideAppeal records the outcome. The reviewer must not be the person who
// took the original action. A reversal undoes the action on the appealed
// item and on every other actioned item of the same platform recorded as
// its duplicate (the same case, or the same subject), each in its own
// transaction with its own audit record, and lists them on the appeal.
func (s *Referrals) DecideAppeal(ctx context.Context, p rampart.Principal, id int64, d AppealDecision) (rampart.Appeal, error) {
	if err := need(p, "decide an appeal", rampart.RoleReviewer, rampart.RoleSupervisor, rampart.RoleAdmin, rampart.RolePlatformLiaison); err != nil {
		return rampart.Appeal{}, err
	}
	var fe FieldErrors
	if d.Outcome != rampart.AppealUpheld && d.Outcome != rampart.AppealReversed {
		fe.add("outcome", fmt.Sprintf("%q: want upheld or reversed", d.Outcome))
	}
	if strings.TrimSpace(d.Reason) == "" || len(d.Reason) > maxReason {
		fe.add("reason", fmt.Sprintf("give the reason (1–%d bytes)", maxReason))
	}
	if err := fe.err("invalid appeal decision"); err != nil {
		return rampart.Appeal{}, err
	}
	a, err := s.Appeal(ctx, p, id)
	if err != nil {
		return a, err
	}
	if err := checkAppealReviewer(a, p); err != nil {
		return rampart.Appeal{}, err
	}
	var propagated []rampart.RequestRef
	if d.Outcome == rampart.AppealReversed {
		origin, err := s.requestState(ctx, p, a.Ref.Kind, a.Ref.ID)
		if err != nil {
			return rampart.Appeal{}, err
		}
		it := origin.Items[a.Ref.Item]
		if propagated, err = s.reverse(ctx, p, a, it); err != nil {
			return rampart.Appeal{}, err
		}
	}
	return s.store.UpdateAppeal(ctx, id, func(a *rampart.Appeal) (rampart.AuditEntry, error) {
		if err := checkAppealReviewer(*a, p); err != nil {
			return rampart.AuditEntry{}, err
		}
		now := s.now()
		a.Status, a.Reviewer, a.Reason, a.DecidedAt, a.Propagated = d.Outcome, p.UserID, d.Reason, now, propagated
		return rampart.AuditEntry{Actor: p.Actor(), Action: "appeal." + string(d.Outcome)}, nil
	})
}

func checkAppealReviewer(a rampart.Appeal, p rampart.Principal) error {
	if a.Status != rampart.AppealOpen {
		return conflict("appeal %d is already %s", a.ID, a.Status)
	}
	if a.ActedBy != 0 && a.ActedBy == p.UserID {
		return forbidden("you took the action appeal %d is against; another reviewer must decide it", a.ID)
	}
	return nil
}

// reverse marks the appealed item and its duplicates reversed and returns
// the references of the duplicates.
func (s *Referrals) reverse(ctx context.Context, p rampart.Principal, a rampart.Appeal, origin rampart.RequestItem) ([]rampart.RequestRef, error) {
	dup := func(it rampart.RequestItem) bool {
		return it.Outcome == rampart.OutcomeActioned &&
			(it.Subject == origin.Subject || origin.CaseID != 0 && it.CaseID == origin.CaseID)
	}
	note := fmt.Sprintf("reversed on appeal %d", a.ID)
	var out []rampart.RequestRef
	mark := func(kind string, st *rampart.RequestState) (rampart.AuditEntry, []int, error) {
		var items []int
		for i := range st.Items {
			isOrigin := kind == a.Ref.Kind && st.ID == a.Ref.ID && i == a.Ref.Item
			if isOrigin || dup(st.Items[i]) {
				st.Items[i].Outcome, st.Items[i].Reason = rampart.OutcomeReversed, note
				items = append(items, i)
			}
		}
		if len(items) == 0 {
			return rampart.AuditEntry{}, nil, errSkip
		}
		st.UpdatedAt = s.now()
		return rampart.AuditEntry{Actor: p.Actor(), Action: kind + ".reverse",
			Data: map[string]any{"appeal": a.ID, "items": items}}, items, nil
	}
	f := rampart.RequestFilter{Platform: a.Platform}
	refs, err := s.store.Referrals(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("reverse appeal %d: %w", a.ID, err)
	}
	for _, r := range refs {
		if !slices.ContainsFunc(r.Items, dup) && !(a.Ref.Kind == KindReferral && r.ID == a.Ref.ID) {
			continue
		}
		var items []int
		_, err := s.store.UpdateReferral(ctx, r.ID, func(r *rampart.Referral) (rampart.AuditEntry, error) {
			e, is, err := mark(KindReferral, &r.RequestState)
			items = is
			return e, err
		})
		if err != nil && !errors.Is(err, errSkip) {
			return out, fmt.Errorf("reverse appeal %d: referral %d: %w", a.ID, r.ID, err)
		}
		out = appendRefs(out, a.Ref, KindReferral, r.ID, items)
	}
	ords, err := s.store.Orders(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("reverse appeal %d: %w", a.ID, err)
	}
	for _, o := range ords {
		if !slices.ContainsFunc(o.Items, dup) && !(a.Ref.Kind == KindOrder && o.ID == a.Ref.ID) {
			continue
		}
		var items []int
		_, err := s.store.UpdateOrder(ctx, o.ID, func(o *rampart.Order) (rampart.AuditEntry, error) {
			e, is, err := mark(KindOrder, &o.RequestState)
			items = is
			return e, err
		})
		if err != nil && !errors.Is(err, errSkip) {
			return out, fmt.Errorf("reverse appeal %d: order %d: %w", a.ID, o.ID, err)
		}
		out = appendRefs(out, a.Ref, KindOrder, o.ID, items)
	}
	return out, nil
}

// appendRefs adds the reversed items other than the appealed one.
func appendRefs(out []rampart.RequestRef, origin rampart.RequestRef, kind string, id int64, items []int) []rampart.RequestRef {
	for _, i := range items {
		ref := rampart.RequestRef{Kind: kind, ID: id, Item: i}
		if ref != origin {
			out = append(out, ref)
		}
	}
	return out
}

// ReversalRate is how often appeals against actions flagged by one rule,
// detector or model version were reversed: the best estimate of its error
// rate that casework yields.
type ReversalRate struct {
	By       string  `json:"by"` // "rule", "detector" or "model"
	Key      string  `json:"key"`
	Decided  int     `json:"decided"`
	Reversed int     `json:"reversed"`
	Rate     float64 `json:"rate"`
}

// ReversalRates groups decided appeals by rule, detector and model version
// ("detector@version"), sorted by By then Key.
func ReversalRates(appeals []rampart.Appeal) []ReversalRate {
	type key struct{ by, k string }
	m := map[key]*ReversalRate{}
	for _, a := range appeals {
		if a.Status == rampart.AppealOpen {
			continue
		}
		model := ""
		if a.ModelVersion != "" {
			model = a.Detector + "@" + a.ModelVersion
		}
		for _, k := range []key{{"rule", a.Rule}, {"detector", a.Detector}, {"model", model}} {
			if k.k == "" {
				continue
			}
			r := m[k]
			if r == nil {
				r = &ReversalRate{By: k.by, Key: k.k}
				m[k] = r
			}
			r.Decided++
			if a.Status == rampart.AppealReversed {
				r.Reversed++
			}
		}
	}
	out := []ReversalRate{}
	for _, r := range m {
		r.Rate = float64(r.Reversed) / float64(r.Decided)
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b ReversalRate) int {
		if c := strings.Compare(a.By, b.By); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}

// ReversalRates computes the rates over every stored appeal the principal
// may see.
func (s *Referrals) ReversalRates(ctx context.Context, p rampart.Principal) ([]ReversalRate, error) {
	as, err := s.Appeals(ctx, p, rampart.AppealFilter{})
	if err != nil {
		return nil, fmt.Errorf("reversal rates: %w", err)
	}
	return ReversalRates(as), nil
}
