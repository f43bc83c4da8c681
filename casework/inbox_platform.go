package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/delivery"
)

// WrongPlatformError is why Receive refused a delivery: it names a platform
// this deployment is not (ReferralOptions.InboxPlatforms). A platform's
// inbox stores only what it can act on; a referral for another platform
// kept here would sit unanswered while its deadline ran.
type WrongPlatformError struct {
	Platform string   // the platform the delivery names
	Field    string   // where it names it, as a JSON path ("order.items[2].subject.platform")
	Serves   []string // the platforms this deployment is
}

func (e *WrongPlatformError) Error() string {
	return fmt.Sprintf("%s: %q is not this deployment's platform (it serves %s); send it to that platform's inbox",
		e.Field, e.Platform, strings.Join(e.Serves, ", "))
}

// checkPlatform returns a WrongPlatformError, as an EINVALID error, for the
// first place st names a platform outside serves; none when serves is
// empty (the deployment declared no platform).
func checkPlatform(kind string, st rampart.RequestState, serves []string) error {
	if len(serves) == 0 {
		return nil
	}
	bad := func(platform, field string) error {
		wp := &WrongPlatformError{Platform: platform, Field: field, Serves: serves}
		return &rampart.Error{Code: rampart.EINVALID, Message: wp.Error(), Err: wp}
	}
	if !slices.Contains(serves, st.Platform) {
		return bad(st.Platform, kind+".platform")
	}
	for i, it := range st.Items {
		if p := it.Subject.Platform; p != "" && !slices.Contains(serves, p) {
			return bad(p, fmt.Sprintf("%s.items[%d].subject.platform", kind, i))
		}
	}
	return nil
}

// refuseWrongPlatform logs and audits (inbox.refused, by the sending
// authority, within the MaxRefusalAudits bound) a signed delivery refused
// for its platform.
func (s *Referrals) refuseWrongPlatform(ctx context.Context, v delivery.Verified, err error) {
	s.log.WarnContext(ctx, "inbox refused a delivery for another platform", "sender", v.Sender, "key", v.Key, "err", err)
	s.auditRefusal(ctx, rampart.AuditEntry{Actor: "authority:" + v.Sender, Action: "inbox.refused", Subject: "inbox",
		Data: map[string]string{"idempotency_key": clip(v.Key), "kind": v.Payload.Kind, "reason": err.Error()}})
}

// clip bounds a client-chosen string kept in the audit log.
func clip(s string) string {
	if len(s) > 128 {
		return s[:128]
	}
	return s
}
