package api_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
)

// fakeIdP is an OpenID provider in the test: discovery, JWKS and a token
// endpoint that checks the PKCE verifier and returns the ID token that
// the test set up.
type fakeIdP struct {
	srv  *httptest.Server
	key  *rsa.PrivateKey // published in the JWKS
	mu   sync.Mutex
	code string
	// challenge is the S256 PKCE challenge of the pending sign-in.
	challenge string
	token     func() string // the id_token to answer with
}

func newFakeIdP(t *testing.T) *fakeIdP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeIdP{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		iss := f.srv.URL
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": iss, "authorization_endpoint": iss + "/authorize", "token_endpoint": iss + "/token",
			"jwks_uri": iss + "/jwks", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		b64 := base64.RawURLEncoding.EncodeToString
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": []any{map[string]any{
			"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
			"n": b64(key.N.Bytes()), "e": b64(big.NewInt(int64(key.E)).Bytes())}}})
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
		if r.PostFormValue("grant_type") != "authorization_code" || r.PostFormValue("code") != f.code ||
			base64.RawURLEncoding.EncodeToString(sum[:]) != f.challenge {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600, "id_token": f.token()})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// sign makes an RS256 JWT of claims (RFC 7515 compact serialisation).
func sign(t *testing.T, key *rsa.PrivateKey, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	input := enc(map[string]string{"alg": "RS256", "kid": "k1", "typ": "JWT"}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// oidcEnv is a Rampart server with OIDC sign-in through a fake provider.
type oidcEnv struct {
	*env
	idp *fakeIdP
}

func startOIDC(t *testing.T) *oidcEnv {
	t.Helper()
	idp := newFakeIdP(t)
	dsn := sqliteBackend.fresh(t, seedData{})
	st, err := sqliteBackend.open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.close() })
	svc, err := casework.New(st.cw, st.cw, casework.Options{})
	if err != nil {
		t.Fatal(err)
	}
	secret, err := svc.Bootstrap(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	o, err := api.NewOIDC(t.Context(), api.OIDCConfig{Issuer: idp.srv.URL, ClientID: "rampart", ClientSecret: "s3cret",
		RedirectURL: "https://rampart.example/api/v1/oidc/callback", RoleClaim: "groups",
		RoleMap: map[string]rampart.Role{"ct-analysts": rampart.RoleAnalyst, "ct-leads": rampart.RoleSupervisor,
			"partners": rampart.RolePlatformLiaison}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := api.New(api.Options{Service: svc, Audit: st.audit, OIDC: o})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	e := &env{url: hs.URL, db: dsn, secret: secret}
	e.admin = e.client(t, secret)
	return &oidcEnv{env: e, idp: idp}
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t *testing.T, u string, cookies ...*http.Cookie) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// begin starts a sign-in and returns the state cookie and the
// authorization request's parameters.
func (o *oidcEnv) begin(t *testing.T) (*http.Cookie, url.Values) {
	t.Helper()
	resp := get(t, o.url+"/api/v1/oidc/login")
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("oidc/login: %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), o.idp.srv.URL+"/authorize?") {
		t.Fatalf("redirect to %q", resp.Header.Get("Location"))
	}
	c := cookieNamed(resp, "__Host-rampart_oidc_state")
	if c == nil || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
		t.Fatalf("state cookie %+v", c)
	}
	return c, loc.Query()
}

func TestOIDC(t *testing.T) {
	o := startOIDC(t)
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	claims := func(q url.Values) map[string]any {
		return map[string]any{"iss": o.idp.srv.URL, "aud": "rampart", "sub": "u-1", "exp": time.Now().Add(5 * time.Minute).Unix(),
			"iat": time.Now().Unix(), "nonce": q.Get("nonce"), "preferred_username": "dana", "groups": []string{"staff", "ct-analysts"}}
	}
	tests := []struct {
		name string
		// edit changes the claims; key signs them (nil: the IdP's).
		edit     func(c map[string]any)
		key      *rsa.PrivateKey
		badState bool
		noCookie bool
		wantRole rampart.Role // "" means refused with 403
	}{
		{name: "signs in", wantRole: rampart.RoleAnalyst},
		{name: "several roles: first in rampart.Roles order", edit: func(c map[string]any) { c["groups"] = []string{"ct-leads", "ct-analysts"} },
			wantRole: rampart.RoleAnalyst},
		{name: "one role as a string", edit: func(c map[string]any) { c["groups"] = "ct-leads" }, wantRole: rampart.RoleSupervisor},
		{name: "bad signature", key: other},
		{name: "wrong audience", edit: func(c map[string]any) { c["aud"] = "someone-else" }},
		{name: "wrong issuer", edit: func(c map[string]any) { c["iss"] = "https://evil.example" }},
		{name: "expired", edit: func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }},
		{name: "bad nonce", edit: func(c map[string]any) { c["nonce"] = "not-the-nonce" }},
		{name: "no nonce", edit: func(c map[string]any) { delete(c, "nonce") }},
		{name: "no role maps", edit: func(c map[string]any) { c["groups"] = []string{"staff"} }},
		{name: "liaison without a user", edit: func(c map[string]any) { c["groups"] = "partners"; c["preferred_username"] = "pat" }},
		{name: "bootstrap admin name", edit: func(c map[string]any) { c["preferred_username"] = "admin" }},
		{name: "state mismatch", badState: true},
		{name: "no state cookie", noCookie: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, q := o.begin(t)
			if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("client_id") != "rampart" {
				t.Fatalf("authorization request %v", q)
			}
			cl := claims(q)
			if tc.edit != nil {
				tc.edit(cl)
			}
			key := o.idp.key
			if tc.key != nil {
				key = tc.key
			}
			o.idp.mu.Lock()
			o.idp.code, o.idp.challenge = "code-"+tc.name, q.Get("code_challenge")
			o.idp.token = func() string { return sign(t, key, cl) }
			o.idp.mu.Unlock()
			state := q.Get("state")
			if tc.badState {
				state = "forged"
			}
			var cookies []*http.Cookie
			if !tc.noCookie {
				cookies = append(cookies, c)
			}
			resp := get(t, o.url+"/api/v1/oidc/callback?"+url.Values{"code": {"code-" + tc.name}, "state": {state}}.Encode(), cookies...)
			sc := cookieNamed(resp, api.SessionCookie)
			if tc.wantRole == "" {
				if resp.StatusCode != http.StatusForbidden || sc != nil {
					t.Fatalf("callback: %d, session cookie %v; want 403 and none", resp.StatusCode, sc)
				}
				return
			}
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" || sc == nil {
				t.Fatalf("callback: %d to %q, cookie %v", resp.StatusCode, resp.Header.Get("Location"), sc)
			}
			st, _, b := withCookie(t, "GET", o.url+"/api/v1/me", sc, "", "")
			var p rampart.Principal
			if err := json.Unmarshal(b, &p); st != http.StatusOK || err != nil || p.Name != "dana" || p.Role != tc.wantRole || p.SessionID == 0 {
				t.Errorf("me: %d %s", st, b)
			}
			// The state is used once.
			if resp := get(t, o.url+"/api/v1/oidc/callback?"+url.Values{"code": {"code-" + tc.name}, "state": {q.Get("state")}}.Encode(), c); resp.StatusCode != http.StatusForbidden {
				t.Errorf("replayed callback: %d, want 403", resp.StatusCode)
			}
		})
	}
	acts := auditActions(t, o.env)
	if n := count(acts, "session.login"); n != 3 {
		t.Errorf("%d session.login records, want 3: %v", n, acts)
	}
	// Token and identity failures and role refusals are audited; state
	// failures happen before any identity is known and are only refused.
	if n := count(acts, "session.login_failure"); n != 9 {
		t.Errorf("%d session.login_failure records, want 9: %v", n, acts)
	}
}

func TestOIDCConfig(t *testing.T) {
	err := api.OIDCConfig{RedirectURL: "relative/path", RoleMap: map[string]rampart.Role{"x": "boss"}}.Validate()
	for _, want := range []string{"oidc.issuer is required", "oidc.client_id is required", `oidc.redirect_url "relative/path" is not an absolute URL`, `oidc.role_map["x"]: "boss" is not a role`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to say %q", err, want)
		}
	}
}
