package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const alicePassword = "correct horse battery staple"

// withPassword creates user name with role and gives it alicePassword.
func withPassword(t *testing.T, e *env, name string, role rampart.Role) rampart.User {
	t.Helper()
	_, u := e.user(t, name, role, "")
	if _, err := e.admin.SetPassword(t.Context(), u.ID, alicePassword); err != nil {
		t.Fatalf("set password of %s: %v", name, err)
	}
	return u
}

// login posts credentials and returns the status, the session cookie (nil
// on failure), the body and the headers.
func login(t *testing.T, e *env, name, pw string) (int, *http.Cookie, api.SessionInfo, http.Header) {
	t.Helper()
	body, _ := json.Marshal(casework.Login{Name: name, Password: pw})
	req, err := http.NewRequestWithContext(t.Context(), "POST", e.url+"/api/v1/sessions", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var info api.SessionInfo
	if resp.StatusCode == http.StatusCreated {
		if err := json.NewDecoder(resp.Body).Decode(&info); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range resp.Cookies() {
		if c.Name == api.SessionCookie {
			return resp.StatusCode, c, info, resp.Header
		}
	}
	return resp.StatusCode, nil, info, resp.Header
}

// withCookie sends a request authenticated by the session cookie, with
// the CSRF header when csrf is not "".
func withCookie(t *testing.T, method, url string, c *http.Cookie, csrf, body string) (int, http.Header, []byte) {
	t.Helper()
	h := map[string]string{"Cookie": c.Name + "=" + c.Value}
	if csrf != "" {
		h[api.CSRFHeader] = csrf
	}
	if body != "" {
		h["Content-Type"] = "application/json"
	}
	return raw(t, method, url, "", body, h)
}

// auditActions lists the actions of the audit log, in order.
func auditActions(t *testing.T, e *env) []string {
	t.Helper()
	l := must(e.admin.Audit(t.Context(), 0, 1000))(t)
	var out []string
	for _, r := range l.Records {
		out = append(out, r.Action)
	}
	return out
}

func count(xs []string, x string) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

func TestSessionLifecycle(t *testing.T) { forEachStore(t, testSessionLifecycle) }

func testSessionLifecycle(t *testing.T, b backend) {
	clk := newClock()
	e := start(t, b, casework.Options{Now: clk.Now})
	withPassword(t, e, "alice", rampart.RoleAnalyst)

	if st, c, _, _ := login(t, e, "alice", "wrong password here"); st != http.StatusUnauthorized || c != nil {
		t.Fatalf("wrong password: %d, cookie %v", st, c)
	}
	if st, _, _, _ := login(t, e, "nobody", alicePassword); st != http.StatusUnauthorized {
		t.Fatalf("unknown user: %d", st)
	}
	st, c, info, h := login(t, e, "alice", alicePassword)
	if st != http.StatusCreated || c == nil {
		t.Fatalf("login: %d, cookie %v", st, c)
	}
	// Cookie attributes.
	got := struct {
		Path             string
		HttpOnly, Secure bool
		SameSite         http.SameSite
		Prefix           string
		Expires          time.Time
	}{c.Path, c.HttpOnly, c.Secure, c.SameSite, c.Value[:4], c.Expires}
	want := got
	want.Path, want.HttpOnly, want.Secure, want.SameSite, want.Prefix = "/", true, true, http.SameSiteStrictMode, casework.SessionPrefix
	want.Expires = clk.Now().Add(casework.DefaultSessionMax)
	if got != want {
		t.Errorf("cookie %+v, want %+v", got, want)
	}
	if len(c.Value) != 4+43 {
		t.Errorf("secret %d characters, want rps_ + 43 (32 bytes base64url)", len(c.Value))
	}
	if cc := h.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	if info.CSRFToken == "" || info.Session.Role != rampart.RoleAnalyst || info.Session.Method != casework.MethodPassword {
		t.Errorf("login body %+v", info)
	}

	st, _, body := withCookie(t, "GET", e.url+"/api/v1/me", c, "", "")
	var p rampart.Principal
	if err := json.Unmarshal(body, &p); st != http.StatusOK || err != nil || p.Name != "alice" || p.SessionID != info.Session.ID || p.TokenID != 0 {
		t.Fatalf("me: %d %s", st, body)
	}
	st, _, body = withCookie(t, "GET", e.url+"/api/v1/sessions/current", c, "", "")
	var cur api.SessionInfo
	if err := json.Unmarshal(body, &cur); st != http.StatusOK || err != nil || cur.CSRFToken != info.CSRFToken {
		t.Errorf("sessions/current: %d %s", st, body)
	}

	// CSRF: a state-changing request by cookie needs the header.
	newCase := `{"group_by":"account","key":"` + account + `"}`
	for _, tc := range []struct {
		name, csrf string
		want       int
	}{
		{"no header", "", http.StatusForbidden},
		{"wrong header", "AAAA", http.StatusForbidden},
		{"other session's token", casework.CSRFToken("rps_other"), http.StatusForbidden},
		{"right header", info.CSRFToken, http.StatusCreated},
	} {
		st, _, body := withCookie(t, "POST", e.url+"/api/v1/cases", c, tc.csrf, newCase)
		if st != tc.want {
			t.Errorf("POST /cases by cookie, %s: %d %s; want %d", tc.name, st, body, tc.want)
		}
		if st == http.StatusForbidden && problemOf(t, body).Code != rampart.EFORBIDDEN {
			t.Errorf("%s: %s", tc.name, body)
		}
	}
	// Bearer requests need no CSRF header.
	if st, _, body := raw(t, "POST", e.url+"/api/v1/cases", e.secret, newCase, nil); st != http.StatusCreated {
		t.Errorf("POST /cases by bearer: %d %s", st, body)
	}
	// A bearer caller has no session to show or end.
	if st, _, _ := raw(t, "DELETE", e.url+"/api/v1/sessions/current", e.secret, "", nil); st != http.StatusBadRequest {
		t.Errorf("DELETE sessions/current by bearer: %d, want 400", st)
	}

	// Logout needs CSRF too, revokes and deletes the cookie.
	if st, _, _ := withCookie(t, "DELETE", e.url+"/api/v1/sessions/current", c, "", ""); st != http.StatusForbidden {
		t.Errorf("logout without CSRF: %d", st)
	}
	st, h, body = withCookie(t, "DELETE", e.url+"/api/v1/sessions/current", c, info.CSRFToken, "")
	if st != http.StatusOK || !strings.Contains(h.Get("Set-Cookie"), api.SessionCookie+"=;") || !strings.Contains(h.Get("Set-Cookie"), "Max-Age=0") {
		t.Errorf("logout: %d %v %s", st, h.Values("Set-Cookie"), body)
	}
	if st, h, _ := withCookie(t, "GET", e.url+"/api/v1/me", c, "", ""); st != http.StatusUnauthorized || h.Get("WWW-Authenticate") == "" {
		t.Errorf("me after logout: %d", st)
	}

	acts := auditActions(t, e)
	for a, n := range map[string]int{"user.password_set": 1, "session.login_failure": 2, "session.login": 1, "session.logout": 1} {
		if got := count(acts, a); got != n {
			t.Errorf("%d audit records %s, want %d (log %v)", got, a, n, acts)
		}
	}
	if v := must(e.admin.VerifyAudit(t.Context()))(t); !v.OK {
		t.Errorf("audit chain does not verify: %+v", v)
	}
}

func TestSessionExpiry(t *testing.T) { forEachStore(t, testSessionExpiry) }

func testSessionExpiry(t *testing.T, b backend) {
	clk := newClock()
	e := start(t, b, casework.Options{Now: clk.Now})
	withPassword(t, e, "alice", rampart.RoleReviewer)
	me := func(c *http.Cookie) int {
		st, _, _ := withCookie(t, "GET", e.url+"/api/v1/me", c, "", "")
		return st
	}

	// Idle: unused for longer than the idle timeout.
	_, c, _, _ := login(t, e, "alice", alicePassword)
	clk.Advance(casework.DefaultSessionIdle - time.Minute)
	if st := me(c); st != http.StatusOK {
		t.Fatalf("within idle timeout: %d", st)
	}
	clk.Advance(casework.DefaultSessionIdle - time.Minute)
	if st := me(c); st != http.StatusOK {
		t.Fatalf("used again within idle timeout: %d (use does not extend the session)", st)
	}
	clk.Advance(casework.DefaultSessionIdle + time.Second)
	if st := me(c); st != http.StatusUnauthorized {
		t.Errorf("idle past the timeout: %d, want 401", st)
	}

	// Absolute: used every 20 minutes, it still ends at MaxAge.
	_, c, _, _ = login(t, e, "alice", alicePassword)
	for elapsed := time.Duration(0); elapsed < casework.DefaultSessionMax-20*time.Minute; elapsed += 20 * time.Minute {
		clk.Advance(20 * time.Minute)
		if st := me(c); st != http.StatusOK {
			t.Fatalf("at %v: %d", elapsed+20*time.Minute, st)
		}
	}
	clk.Advance(20 * time.Minute)
	if st := me(c); st != http.StatusUnauthorized {
		t.Errorf("past the absolute expiry: %d, want 401", st)
	}
}

func TestLoginThrottle(t *testing.T) {
	clk := newClock()
	e := start(t, sqliteBackend, casework.Options{Now: clk.Now})
	withPassword(t, e, "alice", rampart.RoleAnalyst)
	for i := range 5 {
		if st, _, _, _ := login(t, e, "alice", "not the password!"); st != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, st)
		}
	}
	// Blocked now, even with the right password.
	st, c, _, h := login(t, e, "alice", alicePassword)
	if st != http.StatusTooManyRequests || c != nil || h.Get("Retry-After") != "900" {
		t.Fatalf("6th attempt: %d Retry-After %q cookie %v", st, h.Get("Retry-After"), c)
	}
	clk.Advance(15 * time.Minute)
	if st, _, _, _ := login(t, e, "alice", alicePassword); st != http.StatusCreated {
		t.Fatalf("after the window: %d", st)
	}
	// Per address: failures for many names from one address block it
	// (the first five fell out of the window above).
	for i := range 20 {
		if st, _, _, _ := login(t, e, "guess"+string(rune('a'+i)), "whatever password"); st != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, st)
		}
	}
	if st, _, _, h := login(t, e, "alice", alicePassword); st != http.StatusTooManyRequests || h.Get("Retry-After") == "" {
		t.Errorf("after 20 failures from one address: %d", st)
	}
	acts := auditActions(t, e)
	// 5 wrong + 1 throttled, then 20 guesses + 1 throttled.
	if n := count(acts, "session.login_failure"); n != 27 {
		t.Errorf("%d failure records, want 27", n)
	}
}

func TestLoginRequest(t *testing.T) {
	e := start(t, sqliteBackend, casework.Options{})
	tests := []struct {
		name, ctype, body string
		want              int
	}{
		{"form post", "application/x-www-form-urlencoded", "name=a&password=b", http.StatusBadRequest},
		{"text/plain", "text/plain", `{"name":"a","password":"b"}`, http.StatusBadRequest},
		{"unknown field", "application/json", `{"name":"a","password":"b","x":1}`, http.StatusBadRequest},
		{"bad name", "application/json", `{"name":"a b","password":"b"}`, http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, b := raw(t, "POST", e.url+"/api/v1/sessions", "", tc.body, map[string]string{"Content-Type": tc.ctype})
			if st != tc.want {
				t.Errorf("%d %s, want %d", st, b, tc.want)
			}
		})
	}
}

func TestSetPassword(t *testing.T) {
	e := start(t, sqliteBackend, casework.Options{})
	bob, bu := e.user(t, "bob", rampart.RoleAnalyst, "")
	_, cu := e.user(t, "carol", rampart.RoleAnalyst, "")
	tests := []struct {
		name string
		do   func() error
		want int
	}{
		{"own", func() error { _, err := bob.SetPassword(t.Context(), bu.ID, "bob's long passphrase"); return err }, 0},
		{"other's", func() error { _, err := bob.SetPassword(t.Context(), cu.ID, "carol's long passphrase"); return err }, http.StatusForbidden},
		{"too short", func() error { _, err := bob.SetPassword(t.Context(), bu.ID, "short"); return err }, http.StatusBadRequest},
		{"admin for any", func() error { _, err := e.admin.SetPassword(t.Context(), cu.ID, "carol's long passphrase"); return err }, 0},
		{"no such user", func() error { _, err := e.admin.SetPassword(t.Context(), 9999, "a long passphrase"); return err }, http.StatusNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := statusOf(tc.do()); got != tc.want {
				t.Errorf("status %d, want %d", got, tc.want)
			}
		})
	}
	if st, _, _, _ := login(t, e, "bob", "bob's long passphrase"); st != http.StatusCreated {
		t.Errorf("bob's login: %d", st)
	}
}
