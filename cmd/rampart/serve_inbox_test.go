package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/delivery"
)

// TestServeInbox starts rampart serve with an authority's key and this
// deployment's platform, posts a delivery signed with the authority's
// private key, and finds the referral in the list; a delivery for another
// platform is 422.
func TestServeInbox(t *testing.T) {
	bin := buildRampart(t)
	dir := t.TempDir()
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	keyFile := filepath.Join(dir, "pk.pub.pem")
	if err := audit.WritePublicKey(keyFile, priv.Public().(ed25519.PublicKey)); err != nil {
		t.Fatal(err)
	}
	signer, err := delivery.NewSigner(priv)
	if err != nil {
		t.Fatal(err)
	}
	s := startServeArgs(t, bin, dir, []string{"--inbox-key", "pk-referral-unit=" + keyFile, "--inbox-platform", "x"})
	defer s.stop(t)

	deliver := func(key, platform string) (int, string) {
		t.Helper()
		sent := time.Now().UTC().Truncate(time.Second)
		r := rampart.Referral{RequestState: rampart.RequestState{ID: 12, Platform: platform, Status: rampart.RequestSubmitted, SubmittedAt: sent,
			Items: []rampart.RequestItem{{Subject: rampart.Subject{Platform: platform, Kind: "account", ID: "1700000000000000009"},
				Action: rampart.ActionSuspend}}}, Terms: "dangerous organisations"}
		p, err := delivery.NewPayload("pk-referral-unit", sent, r)
		if err != nil {
			t.Fatal(err)
		}
		body, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequestWithContext(t.Context(), "POST", s.base+"/api/v1/inbox", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range signer.Headers(sent, key, body) {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(out)
	}
	if status, out := deliver("referral-12-telegram", "telegram"); status != http.StatusUnprocessableEntity || !strings.Contains(out, `\"telegram\"`) {
		t.Errorf("delivery for telegram: %d %s; want 422 naming telegram", status, out)
	}
	if status, out := deliver("referral-12-submitted", "x"); status != http.StatusOK {
		t.Fatalf("signed delivery: %d %s", status, out)
	}
	status, body := s.get(t, "/api/v1/referrals", s.token)
	if status != http.StatusOK {
		t.Fatalf("list referrals: %d %s", status, body)
	}
	var l struct {
		Referrals []rampart.Referral `json:"referrals"`
	}
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Referrals) != 1 || l.Referrals[0].Source == nil || l.Referrals[0].Source.Sender != "pk-referral-unit" || l.Referrals[0].Platform != "x" {
		t.Errorf("referrals after one delivery: %+v; want the received one from pk-referral-unit", l.Referrals)
	}
}

// TestServeInboxKeyErrors: a key file that is missing or not a public key
// stops serve at startup with an error naming the file; inbox keys without
// a platform are a configuration error.
func TestServeInboxKeyErrors(t *testing.T) {
	dir := t.TempDir()
	notKey := writeFile(t, dir, "not-a-key.pem", "hello\n")
	missing := filepath.Join(dir, "missing.pem")
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"missing file", []string{"--inbox-key", "pk=" + missing, "--inbox-platform", "x"}, []string{"inbox_keys.pk", missing}},
		{"not a key", []string{"--inbox-key", "pk=" + notKey, "--inbox-platform", "x"}, []string{"inbox_keys.pk", notKey, "PKIX PEM"}},
		{"no platform", []string{"--inbox-key", "pk=" + notKey}, []string{"inbox_platforms is empty", "--inbox-platform"}},
	} {
		args := append([]string{"serve", "--db", filepath.Join(dir, "r.db"), "--listen", "127.0.0.1:0"}, tc.args...)
		r := runCLI(t, "", args...)
		if r.code == exitOK {
			t.Errorf("%s: serve exited 0", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, r.stderr)
			}
		}
	}
}
