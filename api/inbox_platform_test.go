package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/delivery"
)

func TestInboxPlatform(t *testing.T) { forEachStore(t, testInboxPlatform) }

// servesPlatforms rebuilds the server's referral service so that its inbox
// takes deliveries for these platforms only.
func servesPlatforms(t *testing.T, platforms ...string) func(*api.Options) {
	return func(o *api.Options) {
		refs, err := casework.NewReferrals(o.Idempotency.(rampart.ReferralStore), casework.ReferralOptions{Now: o.Now, InboxPlatforms: platforms})
		if err != nil {
			t.Fatal(err)
		}
		o.Referrals = refs
	}
}

// testInboxPlatform runs a deployment that is X: deliveries for Telegram,
// or naming a Telegram item, are 422 problems naming the platform, logged
// in the audit log, and store nothing; one for X is stored.
func testInboxPlatform(t *testing.T, b backend) {
	ctx := t.Context()
	authority, pub := inboxKey(t, 1)
	e := startSeeded(t, b, casework.Options{}, seedData{}, newInbox(authority, pub), servesPlatforms(t, "x"))
	sent := time.Now().UTC().Truncate(time.Second)
	referral := func(platform string, items ...string) rampart.Referral {
		r := rampart.Referral{RequestState: rampart.RequestState{ID: 7, Platform: platform, Status: rampart.RequestSubmitted,
			SubmittedAt: sent}, Terms: "dangerous organisations"}
		for i, p := range items {
			r.Items = append(r.Items, rampart.RequestItem{Subject: rampart.Subject{Platform: p, Kind: "account", ID: string(rune('1' + i))},
				Action: rampart.ActionSuspend})
		}
		return r
	}
	post := func(key string, r rampart.Referral) (int, []byte) {
		t.Helper()
		p, err := delivery.NewPayload("pk-referral-unit", sent, r)
		if err != nil {
			t.Fatal(err)
		}
		body, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		status, _, out := raw(t, "POST", e.url+"/api/v1/inbox", "", string(body), authority.Headers(sent, key, body))
		return status, out
	}
	for _, tc := range []struct {
		name, key string
		r         rampart.Referral
		field     string
		platform  string
	}{
		{"request for telegram", "r-telegram", referral("telegram", ""), "referral.platform", "telegram"},
		{"x request naming a telegram item", "r-mixed", referral("x", "x", "telegram"), "referral.items[1].subject.platform", "telegram"},
	} {
		status, out := post(tc.key, tc.r)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422: %s", tc.name, status, out)
			continue
		}
		p := problemOf(t, out)
		if p.Code != rampart.EINVALID || len(p.Errors) != 1 || p.Errors[0].Field != tc.field ||
			!strings.Contains(p.Detail, `"`+tc.platform+`" is not this deployment's platform`) {
			t.Errorf("%s: problem %+v; want field %s naming %q", tc.name, p, tc.field, tc.platform)
		}
	}
	admin := e.admin
	l, err := admin.Referrals(ctx, url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Referrals) != 0 {
		t.Fatalf("refused deliveries stored %d referrals", len(l.Referrals))
	}
	// The refused keys were not applied: the same key with a delivery for
	// this platform is taken.
	status, out := post("r-telegram", referral("x", "x"))
	var rec casework.Received
	if status != http.StatusOK || json.Unmarshal(out, &rec) != nil || rec.Duplicate || rec.ID == 0 {
		t.Fatalf("delivery for x under a refused key: %d %s", status, out)
	}

	recs, err := admin.Audit(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var refused []string
	for _, r := range recs.Records {
		if r.Action == "inbox.refused" {
			refused = append(refused, r.Actor)
		}
	}
	if diff := cmp.Diff([]string{"authority:pk-referral-unit", "authority:pk-referral-unit"}, refused); diff != "" {
		t.Errorf("inbox.refused audit records by actor (-want +got):\n%s", diff)
	}
}
