package api

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
	"golang.org/x/oauth2"
)

// OIDCConfig is the `oidc` section of the server configuration.
type OIDCConfig struct {
	Issuer       string `yaml:"issuer"`
	ClientID     string `yaml:"client_id"`
	ClientSecret string `yaml:"client_secret"`
	// RedirectURL is this server's /api/v1/oidc/callback as the provider
	// knows it.
	RedirectURL string `yaml:"redirect_url"`
	// RoleClaim names the ID token claim (a string or a list of strings)
	// that RoleMap reads; default "groups".
	RoleClaim string `yaml:"role_claim"`
	// RoleMap maps claim values to Rampart roles. A user none of whose
	// values maps is refused.
	RoleMap map[string]rampart.Role `yaml:"role_map"`
}

// Validate reports every missing or invalid field at once.
func (c OIDCConfig) Validate() error {
	var errs []error
	for _, f := range []struct{ name, v string }{{"issuer", c.Issuer}, {"client_id", c.ClientID}, {"redirect_url", c.RedirectURL}} {
		if f.v == "" {
			errs = append(errs, fmt.Errorf("oidc.%s is required", f.name))
		}
	}
	if u, err := url.Parse(c.RedirectURL); c.RedirectURL != "" && (err != nil || !u.IsAbs()) {
		errs = append(errs, fmt.Errorf("oidc.redirect_url %q is not an absolute URL", c.RedirectURL))
	}
	if len(c.RoleMap) == 0 {
		errs = append(errs, errors.New("oidc.role_map is empty: map at least one claim value to a role"))
	}
	for k, r := range c.RoleMap {
		if !r.Valid() {
			errs = append(errs, fmt.Errorf("oidc.role_map[%q]: %q is not a role; want one of %v", k, r, rampart.Roles()))
		}
	}
	return errors.Join(errs...)
}

// pendingTTL is how long a sign-in may take at the provider; maxPending
// bounds the sign-ins in flight, so that unauthenticated requests to
// /oidc/login cannot grow memory without bound.
const (
	pendingTTL = 10 * time.Minute
	maxPending = 10000
	// stateCookie binds a sign-in to the browser that started it. Lax,
	// not Strict: the provider's redirect back is a cross-site navigation.
	stateCookie = "__Host-rampart_oidc_state"
)

// OIDC is sign-in through an OpenID Connect provider: authorization code
// flow with PKCE (RFC 7636), state and nonce. Sign-ins in progress are kept
// in memory, so the callback must reach the server that sent the user
// away (sticky sessions behind a load balancer).
type OIDC struct {
	cfg      OIDCConfig
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	mu       sync.Mutex
	pending  map[string]pendingLogin // by state
	now      func() time.Time
}

type pendingLogin struct {
	nonce, verifier string
	at              time.Time
}

// NewOIDC discovers the provider (its /.well-known/openid-configuration)
// and returns sign-in through it. now is the clock of pending sign-ins;
// nil means time.Now.
func NewOIDC(ctx context.Context, cfg OIDCConfig, now func() time.Time) (*OIDC, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.RoleClaim == "" {
		cfg.RoleClaim = "groups"
	}
	if now == nil {
		now = time.Now
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc: discover %s: %w", cfg.Issuer, err)
	}
	return &OIDC{
		cfg: cfg,
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile", "email"}},
		// Checks the signature against the provider's JWKS, iss, aud
		// (our client id) and exp.
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: now}),
		pending:  map[string]pendingLogin{},
		now:      now,
	}, nil
}

func randomString() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("oidc: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// begin records a new sign-in and returns its state and the provider URL.
func (o *OIDC) begin() (state, to string, err error) {
	state, err = randomString()
	if err != nil {
		return "", "", err
	}
	nonce, err := randomString()
	if err != nil {
		return "", "", err
	}
	verifier := oauth2.GenerateVerifier()
	now := o.now()
	o.mu.Lock()
	if len(o.pending) >= maxPending {
		o.expire(now)
	}
	full := len(o.pending) >= maxPending
	if !full {
		o.pending[state] = pendingLogin{nonce: nonce, verifier: verifier, at: now}
	}
	o.mu.Unlock()
	if full {
		return "", "", rampart.Errorf(rampart.ECONFLICT, "too many sign-ins in progress; try again in a few minutes")
	}
	return state, o.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// expire drops sign-ins older than pendingTTL; o.mu is held.
func (o *OIDC) expire(now time.Time) {
	for k, p := range o.pending {
		if now.Sub(p.at) > pendingTTL {
			delete(o.pending, k)
		}
	}
}

// take removes and returns the sign-in of state: each is used once.
func (o *OIDC) take(state string) (pendingLogin, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	p, ok := o.pending[state]
	delete(o.pending, state)
	if !ok || o.now().Sub(p.at) > pendingTTL {
		return pendingLogin{}, false
	}
	return p, true
}

// identity exchanges the code and verifies the ID token: signature, iss,
// aud, exp (by the verifier) and the nonce (here). It returns the user
// name and mapped role, with an EFORBIDDEN error saying what failed.
func (o *OIDC) identity(ctx context.Context, code string, p pendingLogin) (casework.OIDCIdentity, error) {
	deny := func(format string, a ...any) (casework.OIDCIdentity, error) {
		return casework.OIDCIdentity{}, rampart.Errorf(rampart.EFORBIDDEN, "oidc sign-in refused: "+format, a...)
	}
	tok, err := o.oauth.Exchange(ctx, code, oauth2.VerifierOption(p.verifier))
	if err != nil {
		return deny("the provider did not exchange the code: %v", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return deny("the provider's token response has no id_token")
	}
	idt, err := o.verifier.Verify(ctx, raw)
	if err != nil {
		return deny("the ID token does not verify: %v", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(p.nonce)) != 1 {
		return deny("the ID token's nonce is not the one this sign-in sent")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return deny("read ID token claims: %v", err)
	}
	name, _ := claims["preferred_username"].(string)
	if name == "" {
		name, _ = claims["email"].(string)
	}
	if name == "" {
		return deny("the ID token has neither preferred_username nor email")
	}
	if name == casework.BootstrapUser {
		// The local bootstrap admin is never taken over by a provider
		// account that happens to share its name.
		return deny("the user name %q is reserved for the local bootstrap admin", name)
	}
	return casework.OIDCIdentity{Issuer: idt.Issuer, Subject: idt.Subject, Name: name, Role: o.mapRole(claims[o.cfg.RoleClaim])}, nil
}

// mapRole maps a claim (string or list of strings) to a role, "" when no
// value maps. When several map, the first in rampart.Roles() order wins:
// the provider granted each of them.
func (o *OIDC) mapRole(claim any) rampart.Role {
	var values []string
	switch v := claim.(type) {
	case string:
		values = []string{v}
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				values = append(values, s)
			}
		}
	}
	var got []rampart.Role
	for _, v := range values {
		if r, ok := o.cfg.RoleMap[v]; ok {
			got = append(got, r)
		}
	}
	for _, r := range rampart.Roles() {
		if slices.Contains(got, r) {
			return r
		}
	}
	return ""
}

var oidcOff = rampart.Errorf(rampart.ENOTFOUND, "OIDC sign-in is not configured on this server (the oidc section of the configuration)")

// oidcLogin serves GET /api/v1/oidc/login: it redirects to the provider.
func (s *Server) oidcLogin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if s.opt.OIDC == nil || s.sessions == nil {
		writeProblem(w, problemFor(oidcOff))
		return
	}
	state, to, err := s.opt.OIDC.begin()
	if err != nil {
		s.respond(w, r, 0, nil, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: state, Path: "/", MaxAge: int(pendingTTL / time.Second),
		HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, to, http.StatusFound)
}

// oidcCallback serves GET /api/v1/oidc/callback: it checks state, verifies
// the ID token, opens a session and sends the browser to the console.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if s.opt.OIDC == nil || s.sessions == nil {
		writeProblem(w, problemFor(oidcOff))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		writeProblem(w, problemFor(rampart.Errorf(rampart.EFORBIDDEN, "the identity provider refused the sign-in: %s %s", e, q.Get("error_description"))))
		return
	}
	state, code := q.Get("state"), q.Get("code")
	c, err := r.Cookie(stateCookie)
	if state == "" || code == "" || err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(state)) != 1 {
		writeProblem(w, problemFor(rampart.Errorf(rampart.EFORBIDDEN,
			"the sign-in state does not match this browser's; start again at /api/v1/oidc/login")))
		return
	}
	p, ok := s.opt.OIDC.take(state)
	if !ok {
		writeProblem(w, problemFor(rampart.Errorf(rampart.EFORBIDDEN, "the sign-in expired or was used already; start again at /api/v1/oidc/login")))
		return
	}
	id, err := s.opt.OIDC.identity(r.Context(), code, p)
	if err != nil {
		s.log.WarnContext(r.Context(), "oidc sign-in refused", "err", err, "ip", clientIP(r))
		s.sessions.AuditFailure(r.Context(), "?", clientIP(r), err.Error())
		writeProblem(w, problemFor(err))
		return
	}
	sess, secret, err := s.sessions.OIDCSession(r.Context(), id, clientIP(r))
	if err != nil {
		s.respond(w, r, 0, nil, err)
		return
	}
	http.SetCookie(w, sessionCookie(secret, sess.ExpiresAt))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
