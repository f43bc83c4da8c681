package delivery_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/delivery"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// testKey is a fixed ed25519 key, so that golden signatures are stable.
func testKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func sampleReferral() rampart.Referral {
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	return rampart.Referral{RequestState: rampart.RequestState{ID: 7, Platform: "x", Status: rampart.RequestSubmitted,
		Items: []rampart.RequestItem{
			{Subject: rampart.Subject{Platform: "x", Kind: "account", ID: "1500000000000000001"}, Action: rampart.ActionSuspend},
			{Subject: rampart.Subject{Platform: "x", Kind: "post", ID: "=HYPERLINK(\"evil\")"}, URL: "https://x.example/p/2", Action: rampart.ActionRemove},
		},
		CreatedBy: 1, CreatedAt: at, SubmittedAt: at, UpdatedAt: at}, Terms: "Violent organisations policy <b>§2</b>"}
}

func samplePayload(t *testing.T) []byte {
	t.Helper()
	p, err := delivery.NewPayload("pk-referral-unit", time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC), sampleReferral())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// receiver is an in-test platform: a real Inbox behind an HTTP server
// that answers 503 to the first failFirst requests.
type receiver struct {
	srv      *httptest.Server
	requests atomic.Int32
	applied  atomic.Int32
	inbox    *delivery.Inbox
}

func newReceiver(t *testing.T, clk *clock, pub ed25519.PublicKey, keyID string, failFirst int32) *receiver {
	r := &receiver{inbox: &delivery.Inbox{Keys: map[string]ed25519.PublicKey{keyID: pub}, Seen: &delivery.MemorySeen{}, Now: clk.now}}
	h := r.inbox.Handler(func(ctx context.Context, v delivery.Verified) error {
		r.applied.Add(1)
		return nil
	})
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.requests.Add(1) <= failFirst {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func newWebhook(t *testing.T, dir string, clk *clock) *delivery.Webhook {
	t.Helper()
	ob, err := delivery.OpenOutbox(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := delivery.NewSigner(testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	return &delivery.Webhook{Outbox: ob, Signer: s, Now: clk.now, Backoff: delivery.Backoff{Base: time.Minute, Max: 10 * time.Minute, MaxAttempts: 4}}
}

func pub(seed byte) ed25519.PublicKey { return testKey(seed).Public().(ed25519.PublicKey) }

// TestWebhookRetriesThenDelivers: the receiver fails the first two
// attempts; the third, after backoff, is delivered and applied once.
func TestWebhookRetriesThenDelivers(t *testing.T) {
	clk := &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	w := newWebhook(t, t.TempDir(), clk)
	rcv := newReceiver(t, clk, pub(1), w.Signer.KeyID(), 2)
	if err := w.Enqueue(rcv.srv.URL, "ref-7-v1", samplePayload(t)); err != nil {
		t.Fatal(err)
	}
	if err := w.Enqueue(rcv.srv.URL, "ref-7-v1", samplePayload(t)); err == nil {
		t.Error("second enqueue under the same key accepted")
	}
	var reps []delivery.Report
	for _, step := range []time.Duration{0, 30 * time.Second, 30 * time.Second, 2 * time.Minute} {
		clk.advance(step)
		rep, err := w.DeliverDue(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		reps = append(reps, rep)
	}
	// 0: fails (next in 1m); 30s: not due; 1m: fails (next in 2m); 3m: sent.
	want := []delivery.Report{{Retried: 1}, {}, {Retried: 1}, {Sent: 1}}
	if diff := cmp.Diff(want, reps); diff != "" {
		t.Errorf("passes (-want +got):\n%s", diff)
	}
	if rcv.requests.Load() != 3 || rcv.applied.Load() != 1 {
		t.Errorf("receiver saw %d requests, applied %d; want 3 and 1", rcv.requests.Load(), rcv.applied.Load())
	}
	sent, err := w.Outbox.Sent()
	if err != nil || len(sent) != 1 || sent[0].Attempts != 3 {
		t.Errorf("sent %+v, %v; want one message after 3 attempts", sent, err)
	}
}

// TestWebhookResumesAfterRestart: a process that failed once and stopped
// leaves the retry in the outbox; a new process on the same directory
// delivers it when due.
func TestWebhookResumesAfterRestart(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	first := newWebhook(t, dir, clk)
	rcv := newReceiver(t, clk, pub(1), first.Signer.KeyID(), 1)
	if err := first.Enqueue(rcv.srv.URL, "order-3", samplePayload(t)); err != nil {
		t.Fatal(err)
	}
	if rep, err := first.DeliverDue(t.Context()); err != nil || rep.Retried != 1 {
		t.Fatalf("first pass %+v, %v; want one retry scheduled", rep, err)
	}
	// Restart: nothing of the first process survives but the directory.
	clk.advance(90 * time.Second)
	second := newWebhook(t, dir, clk)
	pending, err := second.Outbox.Pending()
	if err != nil || len(pending) != 1 || pending[0].Attempts != 1 || pending[0].LastError == "" {
		t.Fatalf("pending after restart %+v, %v", pending, err)
	}
	if rep, err := second.DeliverDue(t.Context()); err != nil || rep.Sent != 1 {
		t.Fatalf("pass after restart %+v, %v; want delivered", rep, err)
	}
	if rcv.applied.Load() != 1 {
		t.Errorf("applied %d times, want 1", rcv.applied.Load())
	}
}

// TestWebhookDeadLetters: a target that stays down, and one that refuses
// the message, both end on the dead-letter list, never dropped; a dead
// letter can be requeued.
func TestWebhookDeadLetters(t *testing.T) {
	clk := &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	w := newWebhook(t, t.TempDir(), clk)
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close() // connection refused from now on
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "unknown sender", http.StatusForbidden)
	}))
	defer refusing.Close()
	if err := w.Enqueue(downURL, "down-1", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := w.Enqueue(refusing.URL, "refused-1", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	total := delivery.Report{}
	for range 6 {
		rep, err := w.DeliverDue(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		total.Sent, total.Retried, total.Dead = total.Sent+rep.Sent, total.Retried+rep.Retried, total.Dead+rep.Dead
		clk.advance(time.Hour)
	}
	if diff := cmp.Diff(delivery.Report{Retried: 3, Dead: 2}, total); diff != "" {
		t.Errorf("totals (-want +got):\n%s", diff)
	}
	dead, err := w.Outbox.Dead()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, m := range dead {
		got[m.Key] = m.Attempts
		if m.LastError == "" {
			t.Errorf("dead letter %s has no error", m.Key)
		}
	}
	if diff := cmp.Diff(map[string]int{"down-1": 4, "refused-1": 1}, got); diff != "" {
		t.Errorf("dead letters and attempts (-want +got):\n%s", diff)
	}
	if err := w.Outbox.Requeue("refused-1", clk.now()); err != nil {
		t.Fatal(err)
	}
	if p, _ := w.Outbox.Pending(); len(p) != 1 || p[0].Key != "refused-1" || p[0].Attempts != 0 {
		t.Errorf("pending after requeue: %+v", p)
	}
}

func TestBackoffDelay(t *testing.T) {
	b := delivery.Backoff{Base: time.Second, Max: 10 * time.Second}
	var got []time.Duration
	for n := 1; n <= 6; n++ {
		got = append(got, b.Delay(n))
	}
	want := []time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("delays (-want +got):\n%s", diff)
	}
}

// signed returns headers for body signed by key at t under idempotency key k.
func signed(t *testing.T, key ed25519.PrivateKey, at time.Time, k string, body []byte) http.Header {
	t.Helper()
	s, err := delivery.NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	for n, v := range s.Headers(at, k, body) {
		h.Set(n, v)
	}
	return h
}

func TestInbox(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	body := samplePayload(t)
	s1, _ := delivery.NewSigner(testKey(1))
	good := signed(t, testKey(1), now, "ref-7", body)
	tests := []struct {
		name   string
		header http.Header
		body   []byte
		status int
		dup    bool
	}{
		{"good", good, body, http.StatusOK, false},
		{"same key again", good, body, http.StatusOK, true},
		{"tampered body", signed(t, testKey(1), now, "ref-8", body), bytes.Replace(body, []byte("suspend"), []byte("remove!"), 1), http.StatusUnauthorized, false},
		{"key swapped", func() http.Header {
			h := signed(t, testKey(1), now, "ref-9", body)
			h.Set(delivery.HeaderIdempotency, "ref-10")
			return h
		}(), body, http.StatusUnauthorized, false},
		{"unknown signer", signed(t, testKey(2), now, "ref-11", body), body, http.StatusUnauthorized, false},
		{"forged keyid", func() http.Header {
			h := signed(t, testKey(2), now, "ref-12", body)
			sig := h.Get(delivery.HeaderSignature)
			h.Set(delivery.HeaderSignature, "keyid="+s1.KeyID()+sig[strings.Index(sig, ","):])
			return h
		}(), body, http.StatusUnauthorized, false},
		{"replay an hour later", signed(t, testKey(1), now.Add(-time.Hour), "ref-13", body), body, http.StatusUnauthorized, false},
		{"from the future", signed(t, testKey(1), now.Add(10*time.Minute), "ref-14", body), body, http.StatusUnauthorized, false},
		{"no signature", http.Header{delivery.HeaderIdempotency: {"ref-15"}, delivery.HeaderTimestamp: {strconv.FormatInt(now.Unix(), 10)}}, body, http.StatusUnauthorized, false},
		{"bad key", signed(t, testKey(1), now, "../etc", body), body, http.StatusUnauthorized, false},
		{"signed but malformed", signed(t, testKey(1), now, "ref-16", []byte(`{"format":"x"}`)), []byte(`{"format":"x"}`), http.StatusBadRequest, false},
	}
	var applied []string
	in := &delivery.Inbox{Keys: map[string]ed25519.PublicKey{s1.KeyID(): pub(1)}, Seen: &delivery.MemorySeen{}, Now: func() time.Time { return now }}
	h := in.Handler(func(ctx context.Context, v delivery.Verified) error {
		applied = append(applied, v.Key+":"+v.Payload.Kind)
		return nil
	})
	for _, tc := range tests {
		req := httptest.NewRequest(http.MethodPost, "/inbox", bytes.NewReader(tc.body))
		for k, v := range tc.header {
			req.Header[k] = v
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d (%s), want %d", tc.name, rec.Code, strings.TrimSpace(rec.Body.String()), tc.status)
		}
		if tc.status == http.StatusOK && strings.Contains(rec.Body.String(), `"duplicate":true`) != tc.dup {
			t.Errorf("%s: body %s, want duplicate=%v", tc.name, rec.Body.String(), tc.dup)
		}
	}
	if diff := cmp.Diff([]string{"ref-7:referral"}, applied); diff != "" {
		t.Errorf("applied (-want +got):\n%s", diff)
	}
	if _, err := in.Verify(tests[2].header, tests[2].body); rampart.ErrorCode(err) != rampart.EUNAUTHENTICATED {
		t.Errorf("tampered payload: %v, want EUNAUTHENTICATED", err)
	}
}

// TestDirSeenSurvivesRestart: a receiver restarted between two copies of
// one delivery still applies it once.
func TestDirSeenSurvivesRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "seen")
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	body := samplePayload(t)
	h := signed(t, testKey(1), now, "ref-7", body)
	s1, _ := delivery.NewSigner(testKey(1))
	applied := 0
	for range 2 {
		seen, err := delivery.OpenDirSeen(dir)
		if err != nil {
			t.Fatal(err)
		}
		in := &delivery.Inbox{Keys: map[string]ed25519.PublicKey{s1.KeyID(): pub(1)}, Seen: seen, Now: func() time.Time { return now }}
		if _, _, err := in.Receive(t.Context(), h, body, func(context.Context, delivery.Verified) error { applied++; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if applied != 1 {
		t.Errorf("applied %d times across a restart, want 1", applied)
	}
}

func TestParsePayloadErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", ``, "empty body"},
		{"syntax", `{"format":`, "invalid JSON at byte"},
		{"unknown field", `{"format":"rampart-delivery/1","extra":1}`, `unknown field "extra"`},
		{"type", `{"format":"rampart-delivery/1","sender":"a","kind":"order","order":{"items":"no"}}`, "order.items"},
		{"trailing", `{"format":"rampart-delivery/1","sender":"a","kind":"referral","referral":{"platform":"x","items":[{"subject":{"id":"1"}}]}} {}`, "trailing data"},
		{"two records", `{"format":"rampart-delivery/1","sender":"a","kind":"referral","referral":{"platform":"x","items":[{"subject":{"id":"1"}}]},"order":{}}`, "exactly one"},
		{"item without id", `{"format":"rampart-delivery/1","sender":"a","kind":"referral","referral":{"platform":"x","items":[{}]}}`, "referral.items[0]"},
		{"order fields", `{"format":"rampart-delivery/1","sender":"a","kind":"order","order":{"platform":"x","items":[{"url":"u"}]}}`, "order.reference_number"},
	}
	for _, tc := range tests {
		_, err := delivery.ParsePayload([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) || rampart.ErrorCode(err) != rampart.EINVALID {
			t.Errorf("%s: error %v, want EINVALID mentioning %q", tc.name, err, tc.want)
		}
	}
	if _, err := delivery.ParsePayload(samplePayload(t)); err != nil {
		t.Errorf("valid payload refused: %v", err)
	}
}

// FuzzParsePayload: no input panics, and an accepted payload survives a
// round trip through JSON.
func FuzzParsePayload(f *testing.F) {
	f.Add([]byte(`{"format":"rampart-delivery/1","sender":"a","kind":"order","order":{"platform":"x","reference_number":"r","issuing_authority":"a","legal_basis":"b","items":[{"url":"u"}]}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		p, err := delivery.ParsePayload(in)
		if err != nil {
			return
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("accepted payload does not marshal: %v", err)
		}
		if _, err := delivery.ParsePayload(b); err != nil {
			t.Fatalf("accepted payload refused after a round trip: %v", err)
		}
	})
}

func TestPackageGolden(t *testing.T) {
	ref := sampleReferral()
	other := ref
	other.Platform = "facebook"
	ord := rampart.Order{RequestState: rampart.RequestState{ID: 3, Platform: "x", Status: rampart.RequestActioned,
		Items: []rampart.RequestItem{{Subject: rampart.Subject{Platform: "x", Kind: "account", ID: "42"}, Action: rampart.ActionSuspend,
			Outcome: rampart.OutcomeActioned, AnsweredAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}}},
		ReferenceNumber: "PTA/2026/0311", IssuingAuthority: "PTA", LegalBasis: "PECA 2016 s.37", Regime: "pk-rbr-2021", DeadlineClass: "emergency",
		Deadline: time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)}
	pres := rampart.Preservation{RequestState: rampart.RequestState{ID: 1, Platform: "x", Status: rampart.RequestSubmitted,
		Items: []rampart.RequestItem{{Subject: rampart.Subject{Platform: "x", Kind: "account", ID: "42"}}}},
		Kind: rampart.PreserveData, Process: rampart.ProcessCourtOrder, Reference: "ATC-19", Authority: "ATC Islamabad",
		PreserveUntil: time.Date(2026, 5, 30, 8, 0, 0, 0, time.UTC)}
	p := delivery.NewPackage("x", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), []rampart.Referral{ref, other}, []rampart.Order{ord}, []rampart.Preservation{pres})
	if len(p.Referrals) != 1 {
		t.Fatalf("package for x holds %d referrals, want only x's", len(p.Referrals))
	}
	dir := t.TempDir()
	paths, err := p.WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "package", filepath.Base(path))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v; run go test -update", err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", golden, diff)
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, "x.html"))
	if bytes.Contains(html, []byte("<b>§2</b>")) {
		t.Error("HTML summary does not escape record text")
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "x.csv"))
	if !bytes.Contains(csv, []byte(`'=HYPERLINK`)) {
		t.Error("CSV export does not defuse a formula in an id")
	}
}
