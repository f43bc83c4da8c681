package api_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/delivery"
)

func TestInbox(t *testing.T) { forEachStore(t, testInbox) }

// inboxKey is a fixed ed25519 key made from one repeated seed byte.
func inboxKey(t *testing.T, b byte) (delivery.Signer, ed25519.PublicKey) {
	t.Helper()
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{b}, ed25519.SeedSize))
	s, err := delivery.NewSigner(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s, priv.Public().(ed25519.PublicKey)
}

// newInbox registers the authority's key as "pk-referral-unit".
func newInbox(s delivery.Signer, pub ed25519.PublicKey) func(*api.Options) {
	return func(o *api.Options) {
		o.Inbox = &delivery.Inbox{Keys: map[string]ed25519.PublicKey{s.KeyID(): pub}, Names: map[string]string{s.KeyID(): "pk-referral-unit"}}
	}
}

func testInbox(t *testing.T, b backend) {
	ctx := t.Context()
	authority, pub := inboxKey(t, 1)
	stranger, _ := inboxKey(t, 2)
	e := startSeeded(t, b, casework.Options{}, seedData{}, newInbox(authority, pub))
	liaison, _ := e.user(t, "x-liaison", rampart.RolePlatformLiaison, "x")

	sent := time.Now().UTC().Truncate(time.Second)
	order := rampart.Order{RequestState: rampart.RequestState{ID: 41, Platform: "x", Status: rampart.RequestSubmitted,
		Items: []rampart.RequestItem{{Subject: rampart.Subject{Platform: "x", Kind: "account", ID: "1700000000000000001"},
			FindingID: 9, CaseID: 3, Action: rampart.ActionSuspend, ContentType: "account"}},
		IncidentID: 5, CreatedBy: 12, CreatedAt: sent.Add(-time.Hour), ApprovedBy: 13, SubmittedBy: 12, SubmittedAt: sent.Add(-time.Minute)},
		ReferenceNumber: "PTA/2026/17", IssuingAuthority: "Pakistan Telecommunication Authority", LegalBasis: "PECA 2016 s.37",
		Reasons: "propaganda of a proscribed organisation", Regime: "pk-rbr-2021", DeadlineClass: "emergency",
		Deadline: sent.Add(-time.Minute + 12*time.Hour), EmergencyReasons: "imminent attack", Redress: "review under rule 9", UserMayBeTold: true}
	payload := func(sender string) []byte {
		p, err := delivery.NewPayload(sender, sent, order)
		if err != nil {
			t.Fatal(err)
		}
		body, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		return body
	}
	body := payload("pk-referral-unit")
	post := func(url string, body []byte, h map[string]string) (int, []byte) {
		status, _, out := raw(t, "POST", url+"/api/v1/inbox", "", string(body), h)
		return status, out
	}
	ordersSeen := func() []rampart.Order {
		t.Helper()
		l, err := liaison.Orders(ctx, url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		return l.Orders
	}

	// Refused deliveries first: nothing may be stored by any of them.
	tampered := bytes.Replace(body, []byte("PECA 2016 s.37"), []byte("PECA 2016 s.38"), 1)
	for _, tc := range []struct {
		name string
		body []byte
		h    map[string]string
	}{
		{"tampered body", tampered, authority.Headers(sent, "order-41-submitted", body)},
		{"unknown key", body, stranger.Headers(sent, "order-41-submitted", body)},
		{"missing signature", body, map[string]string{delivery.HeaderIdempotency: "order-41-submitted", delivery.HeaderTimestamp: "1"}},
		{"key speaks for another sender", payload("someone-else"), authority.Headers(sent, "order-41-x", payload("someone-else"))},
		{"stale timestamp", body, authority.Headers(sent.Add(-time.Hour), "order-41-submitted", body)},
	} {
		status, out := post(e.url, tc.body, tc.h)
		if status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401: %s", tc.name, status, out)
			continue
		}
		if p := problemOf(t, out); p.Code != rampart.EUNAUTHENTICATED {
			t.Errorf("%s: problem code %q, want %q", tc.name, p.Code, rampart.EUNAUTHENTICATED)
		}
	}
	if got := ordersSeen(); len(got) != 0 {
		t.Fatalf("refused deliveries stored %d orders", len(got))
	}

	// The good delivery, twice: applied once.
	h := authority.Headers(sent, "order-41-submitted", body)
	var first, second casework.Received
	status, out := post(e.url, body, h)
	if status != http.StatusOK || json.Unmarshal(out, &first) != nil {
		t.Fatalf("delivery: %d %s", status, out)
	}
	if diff := cmp.Diff(casework.Received{Kind: "order", ID: first.ID}, first); diff != "" || first.ID == 0 {
		t.Errorf("received (-want +got):\n%s", diff)
	}
	status, out = post(e.url, body, h)
	if status != http.StatusOK || json.Unmarshal(out, &second) != nil {
		t.Fatalf("second copy: %d %s", status, out)
	}
	if !second.Duplicate {
		t.Errorf("second copy of one key: %+v, want duplicate", second)
	}

	// A second server over the same database (as after a restart, with no
	// memory of the first) still sees the key as applied.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(context.Background())
	_, done, err := serve(sctx, b, e.db, ln, casework.Options{}, newInbox(authority, pub))
	if err != nil {
		stop()
		t.Fatal(err)
	}
	status, out = post("http://"+ln.Addr().String(), body, authority.Headers(sent, "order-41-submitted", body))
	stop()
	if err := <-done; err != nil {
		t.Errorf("second server: %v", err)
	}
	var third casework.Received
	if status != http.StatusOK || json.Unmarshal(out, &third) != nil || !third.Duplicate {
		t.Errorf("copy after a restart: %d %s, want a duplicate", status, out)
	}

	got := ordersSeen()
	if len(got) != 1 {
		t.Fatalf("liaison of x sees %d orders, want the one received", len(got))
	}
	o := got[0]
	want := order
	want.RequestState = rampart.RequestState{ID: first.ID, Platform: "x", Status: rampart.RequestSubmitted,
		Items:     []rampart.RequestItem{{Subject: order.Items[0].Subject, Action: rampart.ActionSuspend, ContentType: "account"}},
		CreatedAt: o.CreatedAt, SubmittedAt: order.SubmittedAt, UpdatedAt: o.UpdatedAt,
		Source: &rampart.RequestSource{Sender: "pk-referral-unit", KeyID: authority.KeyID(), Key: "order-41-submitted", RemoteID: 41,
			SentAt: sent, ReceivedAt: o.CreatedAt}}
	if diff := cmp.Diff(want, o); diff != "" {
		t.Errorf("received order (-want +got):\n%s", diff)
	}
	// The liaison answers it as any order.
	if _, err := liaison.MoveOrder(ctx, o.ID, "acknowledge"); err != nil {
		t.Errorf("acknowledge a received order: %v", err)
	}

	// Every refusal left an audit record; the delivery one receive record.
	recs, err := e.admin.Audit(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, r := range recs.Records {
		counts[r.Action]++
	}
	if counts["inbox.refused"] != 5 || counts["order.receive"] != 1 {
		t.Errorf("audit: %d inbox.refused (want 5), %d order.receive (want 1)", counts["inbox.refused"], counts["order.receive"])
	}
}
