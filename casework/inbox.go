package casework

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/delivery"
)

// This file is the platform side of delivery: an authority's referral,
// order or preservation request that arrived signed at the inbox
// (delivery.Inbox verified it) becomes a received record here, in state
// submitted, for the platform's liaison to acknowledge and answer through
// the usual routes. The record names its source authority; the sender's
// ids (users, findings, cases, incidents) mean nothing here and are
// dropped.

// Received says what one delivery became.
type Received struct {
	Kind string `json:"kind"` // referral, order or preservation
	ID   int64  `json:"id"`   // the record's id here; 0 for a duplicate
	// Duplicate is set when the idempotency key was applied before:
	// nothing was stored.
	Duplicate bool `json:"duplicate"`
}

// inboxStore returns the store as an InboxStore.
func (s *Referrals) inboxStore() (rampart.InboxStore, error) {
	st, ok := s.store.(rampart.InboxStore)
	if !ok {
		return nil, rampart.Errorf(rampart.EINTERNAL, "this store keeps no inbox (no inbox_keys table)")
	}
	return st, nil
}

// InboxSeen is a delivery.Seen over the store's inbox keys. Mark does
// nothing: Receive writes the key in the transaction that stores the
// record, so a crash between the two cannot apply a delivery twice.
func (s *Referrals) InboxSeen() (delivery.Seen, error) {
	st, err := s.inboxStore()
	if err != nil {
		return nil, err
	}
	return storeSeen{st}, nil
}

type storeSeen struct{ st rampart.InboxStore }

func (ss storeSeen) Has(key string) (bool, error) { return ss.st.InboxSeen(context.Background(), key) }
func (storeSeen) Mark(string) error               { return nil }

// Receive stores a verified delivery as a received record, once per
// idempotency key: a key applied before (also by another process) is a
// duplicate and stores nothing. The audit record names the sender.
func (s *Referrals) Receive(ctx context.Context, v delivery.Verified) (Received, error) {
	st, err := s.inboxStore()
	if err != nil {
		return Received{}, err
	}
	p := v.Payload
	now := s.now().UTC()
	src := &rampart.RequestSource{Sender: v.Sender, KeyID: v.KeyID, Key: v.Key, SentAt: p.SentAt.UTC(), ReceivedAt: now}
	e := rampart.AuditEntry{Actor: "authority:" + v.Sender, Action: p.Kind + ".receive"}
	out := Received{Kind: p.Kind}
	var state *rampart.RequestState
	switch {
	case p.Referral != nil:
		state = &p.Referral.RequestState
	case p.Order != nil:
		state = &p.Order.RequestState
	case p.Preservation != nil:
		state = &p.Preservation.RequestState
	}
	if state != nil {
		if err := checkPlatform(p.Kind, *state, s.inboxPlatforms); err != nil {
			s.refuseWrongPlatform(ctx, v, err)
			return out, err
		}
	}
	switch {
	case p.Referral != nil:
		r := *p.Referral
		if err := received(&r.RequestState, src, now, p.Kind); err != nil {
			return out, err
		}
		r, err = st.ReceiveReferral(ctx, r, e)
		out.ID = r.ID
	case p.Order != nil:
		o := *p.Order
		if err := received(&o.RequestState, src, now, p.Kind); err != nil {
			return out, err
		}
		if o.Deadline.IsZero() {
			// The sender's deadline is the legal one; without it, the
			// regime's class (if known here) sets it from submission.
			if c, ok := s.regimes[o.Regime].Class(o.DeadlineClass); ok && c.Within > 0 {
				o.Deadline = o.SubmittedAt.Add(c.Within)
			}
		}
		o, err = st.ReceiveOrder(ctx, o, e)
		out.ID = o.ID
	case p.Preservation != nil:
		pr := *p.Preservation
		if err := received(&pr.RequestState, src, now, p.Kind); err != nil {
			return out, err
		}
		pr.Response = ""
		pr, err = st.ReceivePreservation(ctx, pr, e)
		out.ID = pr.ID
	default:
		return out, rampart.Errorf(rampart.EINVALID, "delivery %s carries no referral, order or preservation request", v.Key)
	}
	if rampart.ErrorCode(err) == rampart.ECONFLICT {
		return Received{Kind: p.Kind, Duplicate: true}, nil
	}
	if err != nil {
		return Received{}, fmt.Errorf("receive %s %s from %s: %w", p.Kind, v.Key, v.Sender, err)
	}
	s.log.InfoContext(ctx, "inbox received", "kind", out.Kind, "id", out.ID, "sender", v.Sender, "key_id", v.KeyID)
	return out, nil
}

// received turns the sender's request state into the receiver's: a new
// record, submitted at the sender's submission time (else when sent),
// answers and sender-side ids cleared, the source set.
func received(st *rampart.RequestState, src *rampart.RequestSource, now time.Time, kind string) error {
	if st.Status == rampart.RequestDraft {
		return rampart.Errorf(rampart.EINVALID, "%s.status: a draft cannot be sent; the sender approves and submits first", kind)
	}
	src.RemoteID = st.ID
	submitted := st.SubmittedAt
	if submitted.IsZero() {
		submitted = src.SentAt
	}
	items := make([]rampart.RequestItem, len(st.Items))
	for i, it := range st.Items {
		items[i] = rampart.RequestItem{Subject: it.Subject, URL: it.URL, Rule: it.Rule, Detector: it.Detector,
			ModelVersion: it.ModelVersion, Action: it.Action, ContentType: it.ContentType}
		if items[i].Subject.Platform == "" {
			items[i].Subject.Platform = st.Platform
		}
	}
	*st = rampart.RequestState{Platform: st.Platform, Status: rampart.RequestSubmitted, Items: items, CreatedAt: now,
		SubmittedAt: submitted.UTC(), UpdatedAt: now, Source: src}
	return nil
}

// refusalAudit bounds how many refused deliveries are written to the
// audit log per minute: the inbox is reachable without a token, and a
// flood of forged deliveries must not grow the log without bound. Every
// refusal is still logged.
type refusalAudit struct {
	mu    sync.Mutex
	start time.Time
	n     int
}

// MaxRefusalAudits is how many refused deliveries a minute are recorded
// in the audit log; the rest are only logged.
const MaxRefusalAudits = 60

// RefusedDelivery records a delivery the inbox refused (bad or missing
// signature, unknown key, stale timestamp): logged at warn level, and
// written to the audit log as inbox.refused up to MaxRefusalAudits a
// minute when the store keeps audit records without a change.
func (s *Referrals) RefusedDelivery(ctx context.Context, remote, key string, cause error) {
	s.log.WarnContext(ctx, "inbox refused a delivery", "remote", remote, "key", key, "err", cause)
	s.auditRefusal(ctx, rampart.AuditEntry{Actor: "inbox", Action: "inbox.refused", Subject: "inbox",
		Data: map[string]string{"remote": remote, "idempotency_key": clip(key), "reason": cause.Error()}})
}

// auditRefusal writes e to the audit log, at most MaxRefusalAudits a
// minute, when the store keeps audit records without a change.
func (s *Referrals) auditRefusal(ctx context.Context, e rampart.AuditEntry) {
	ra, ok := s.store.(interface {
		RecordAudit(ctx context.Context, e rampart.AuditEntry) error
	})
	if !ok {
		return
	}
	now := s.now()
	s.refusals.mu.Lock()
	if now.Sub(s.refusals.start) >= time.Minute {
		s.refusals.start, s.refusals.n = now, 0
	}
	s.refusals.n++
	over := s.refusals.n > MaxRefusalAudits
	s.refusals.mu.Unlock()
	if over {
		return
	}
	if err := ra.RecordAudit(context.WithoutCancel(ctx), e); err != nil {
		s.log.ErrorContext(ctx, "audit a refused delivery", "err", err)
	}
}
