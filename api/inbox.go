package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/delivery"
)

// InboxMaxBody bounds an inbox delivery: a request of casework's largest
// size (5000 items) with URLs fits well within it.
const InboxMaxBody = 16 << 20

// inbox serves POST /api/v1/inbox: an authority's signed referral, order
// or preservation request (delivery/README.md). It takes no token: the
// ed25519 signature by a key registered out of band authenticates it.
// Applied once per idempotency key; the record then appears in the usual
// lists, with its source. A delivery for a platform this deployment is not
// (casework.ReferralOptions.InboxPlatforms) is 422, logged and audited,
// and stores nothing.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request) {
	refs, err := s.referralsService()
	if err == nil && s.opt.Inbox == nil {
		err = rampart.Errorf(rampart.ENOTFOUND, "this server has no inbox: start rampart serve with --inbox-key NAME=FILE for each authority")
	}
	if err != nil {
		writeProblem(w, problemFor(err))
		return
	}
	body, err := readBody(w, r, InboxMaxBody)
	if err != nil {
		writeProblem(w, problemFor(err))
		return
	}
	var (
		rec   casework.Received
		wrong *casework.WrongPlatformError
	)
	v, dup, err := s.opt.Inbox.Receive(r.Context(), r.Header, body, func(ctx context.Context, v delivery.Verified) error {
		var err error
		rec, err = refs.Receive(ctx, v)
		return err
	})
	switch {
	case rampart.ErrorCode(err) == rampart.EUNAUTHENTICATED:
		refs.RefusedDelivery(r.Context(), r.RemoteAddr, r.Header.Get(delivery.HeaderIdempotency), err)
		w.Header().Set("WWW-Authenticate", `Rampart-Signature realm="rampart-inbox"`)
		writeProblem(w, problemFor(err))
		return
	case errors.As(err, &wrong):
		// Signed and well formed, but meant for another platform: the
		// content is unprocessable here, not malformed (RFC 9110 15.5.21).
		pr := problemFor(err)
		pr.Status, pr.Title = http.StatusUnprocessableEntity, http.StatusText(http.StatusUnprocessableEntity)
		pr.Errors = []casework.FieldError{{Field: wrong.Field, Detail: wrong.Error()}}
		writeProblem(w, pr)
		return
	case err != nil:
		s.respond(w, r, 0, nil, err)
		return
	case dup:
		rec = casework.Received{Kind: v.Payload.Kind, Duplicate: true}
	}
	writeJSON(w, http.StatusOK, rec)
}
