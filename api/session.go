package api

import (
	"errors"
	"mime"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

// Cookie and header names of console sessions. The __Host- prefix makes
// browsers refuse the cookie unless it is Secure, has Path=/ and no
// Domain, so that a sibling subdomain cannot plant or overwrite it.
const (
	SessionCookie = "__Host-rampart_session"
	CSRFHeader    = "X-CSRF-Token"
)

// SessionInfo is the body of POST /api/v1/sessions and GET
// /api/v1/sessions/current: the session and the CSRF token the console
// must send as X-CSRF-Token with every state-changing request.
type SessionInfo struct {
	Session   rampart.Session `json:"session"`
	User      string          `json:"user"`
	CSRFToken string          `json:"csrf_token"`
}

// PasswordChange is the body of POST /api/v1/users/{id}/password.
type PasswordChange struct {
	Password string `json:"password"`
}

// sessionCookie is the cookie that carries secret until the session's
// absolute expiry; an empty secret makes the cookie that deletes it.
func sessionCookie(secret string, expires time.Time) *http.Cookie {
	c := &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode}
	if secret == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires.UTC()
	}
	return c
}

// clientIP is the address of the peer. Forwarding headers are not
// trusted: behind a proxy every client shares the proxy's address, which
// the per-IP limit must then be raised for.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// safeMethod reports whether a method changes nothing (RFC 9110 §9.2.1),
// so that a cookie-authenticated request with it needs no CSRF token.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// authenticateRequest reads the bearer token, or else the session cookie.
// A cookie-authenticated request that changes state must carry the
// session's CSRF token in X-CSRF-Token: a cross-site form or fetch can
// make the browser send the cookie, but cannot read the token.
func (s *Server) authenticateRequest(r *http.Request) (rampart.Principal, error) {
	if r.Header.Get("Authorization") != "" || s.sessions == nil {
		return s.authenticate(r)
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return s.authenticate(r)
	}
	p, _, err := s.sessions.Authenticate(r.Context(), c.Value)
	if err != nil {
		return p, err
	}
	if !safeMethod(r.Method) && !casework.CheckCSRF(c.Value, r.Header.Get(CSRFHeader)) {
		return rampart.Principal{}, rampart.Errorf(rampart.EFORBIDDEN,
			"a request signed in by cookie that changes state needs the session's %s header (csrf_token of GET /api/v1/sessions/current)", CSRFHeader)
	}
	return p, nil
}

// sessionsOff answers for session routes on a server without sessions.
var sessionsOff = rampart.Errorf(rampart.ENOTFOUND, "console sessions are not enabled on this server; use a bearer token")

// login serves POST /api/v1/sessions: a public route, since it is where
// a session comes from.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if s.sessions == nil {
		writeProblem(w, problemFor(sessionsOff))
		return
	}
	// A JSON body keeps a cross-site HTML form, which can only send
	// form encodings or text/plain, from signing a victim in (login CSRF).
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeProblem(w, problemFor(invalidField("Content-Type", "send the credentials as application/json")))
		return
	}
	body, err := readBody(w, r, s.opt.MaxBody)
	if err != nil {
		writeProblem(w, problemFor(err))
		return
	}
	var req casework.Login
	if err := Decode(body, &req); err != nil {
		writeProblem(w, problemFor(err))
		return
	}
	sess, secret, err := s.sessions.Login(r.Context(), req, clientIP(r))
	var te *casework.ThrottledError
	if errors.As(err, &te) {
		writeThrottled(w, te)
		return
	}
	if err != nil {
		s.respond(w, r, 0, nil, err)
		return
	}
	http.SetCookie(w, sessionCookie(secret, sess.ExpiresAt))
	writeJSON(w, http.StatusCreated, SessionInfo{Session: sess, User: req.Name, CSRFToken: casework.CSRFToken(secret)})
}

// writeThrottled answers 429 with Retry-After in whole seconds.
func writeThrottled(w http.ResponseWriter, te *casework.ThrottledError) {
	secs := int((te.RetryAfter + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	writeProblem(w, Problem{Type: ProblemTypePrefix + "too_many_requests", Title: http.StatusText(http.StatusTooManyRequests),
		Status: http.StatusTooManyRequests, Code: "too_many_requests", Detail: te.Error()})
}

// currentSession serves GET /api/v1/sessions/current.
func (s *Server) currentSession(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	if s.sessions == nil {
		return 0, nil, sessionsOff
	}
	c, err := r.Cookie(SessionCookie)
	if p.SessionID == 0 || err != nil {
		return 0, nil, rampart.Errorf(rampart.EINVALID, "this request was authenticated by a bearer token, not a console session")
	}
	_, sess, err := s.sessions.Authenticate(r.Context(), c.Value)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, SessionInfo{Session: sess, User: p.Name, CSRFToken: casework.CSRFToken(c.Value)}, nil
}

// loggedOut is the answer to a logout; it also deletes the cookie.
type loggedOut struct {
	Session rampart.Session `json:"session"`
}

func (loggedOut) setHeaders(h http.Header) {
	h.Add("Set-Cookie", sessionCookie("", time.Time{}).String())
	h.Set("Cache-Control", "no-store")
}

// logout serves DELETE /api/v1/sessions/current.
func (s *Server) logout(r *http.Request, p rampart.Principal, _ []byte) (int, any, error) {
	if s.sessions == nil {
		return 0, nil, sessionsOff
	}
	sess, err := s.sessions.Logout(r.Context(), p)
	return http.StatusOK, loggedOut{Session: sess}, err
}

// setPassword serves POST /api/v1/users/{id}/password.
func (s *Server) setPassword(r *http.Request, p rampart.Principal, body []byte) (int, any, error) {
	if s.sessions == nil {
		return 0, nil, sessionsOff
	}
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var req PasswordChange
	if err := Decode(body, &req); err != nil {
		return 0, nil, err
	}
	if err := s.sessions.SetPassword(r.Context(), p, id, req.Password); err != nil {
		return 0, nil, err
	}
	u, err := s.svc.User(r.Context(), p, id)
	return http.StatusOK, u, err
}

// headerSetter is a response body that also sets headers (a cookie).
type headerSetter interface{ setHeaders(http.Header) }
