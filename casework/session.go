package casework

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// SessionPrefix starts every console session secret.
const SessionPrefix = "rps_"

// Session lifetimes by default. OWASP's Session Management Cheat Sheet
// suggests 15–30 minutes idle for sensitive applications and a few hours
// absolute; casework shifts are long, so the absolute bound is a working
// day.
const (
	DefaultSessionIdle = 30 * time.Minute
	DefaultSessionMax  = 12 * time.Hour
)

// touchEvery is how stale a session's last use may get before a request
// writes it again: the idle timeout is thus exact to this much, and a busy
// console does not write on every request.
const touchEvery = time.Minute

// Sign-in methods (Session.Method).
const (
	MethodPassword = "password"
	MethodOIDC     = "oidc"
)

// SessionOptions configure console sessions; zero fields take defaults.
type SessionOptions struct {
	IdleTimeout time.Duration // default DefaultSessionIdle
	MaxAge      time.Duration // default DefaultSessionMax
	// Password are the argon2id parameters of new hashes; default
	// DefaultPasswordParams.
	Password PasswordParams
	Throttle ThrottleOptions
}

// Sessions signs users in to the console with a password (or through
// OIDC, see OIDCSession) and authenticates the session cookie.
type Sessions struct {
	svc      *Service
	store    rampart.SessionStore
	opt      SessionOptions
	throttle *throttle
	// dummy is a hash verified when the user does not exist or has no
	// password, so that the answer takes as long as for a wrong password
	// and does not tell which names exist.
	dummy string
}

// Sessions returns the console sign-in of the service. The user store must
// implement rampart.SessionStore; an error says so otherwise.
func (s *Service) Sessions(opt SessionOptions) (*Sessions, error) {
	store, ok := s.users.(rampart.SessionStore)
	if !ok {
		return nil, errors.New("console sessions: the user store does not keep sessions")
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = DefaultSessionIdle
	}
	if opt.MaxAge <= 0 {
		opt.MaxAge = DefaultSessionMax
	}
	if opt.Password == (PasswordParams{}) {
		opt.Password = DefaultPasswordParams
	}
	dummy, err := HashPassword("rampart dummy password", opt.Password, s.opt.Rand)
	if err != nil {
		return nil, fmt.Errorf("console sessions: %w", err)
	}
	return &Sessions{svc: s, store: store, opt: opt, throttle: newThrottle(opt.Throttle.withDefaults()), dummy: dummy}, nil
}

// Options returns the options in force, defaults filled in.
func (ss *Sessions) Options() SessionOptions { return ss.opt }

// CSRFToken is the anti-CSRF token of a session: HMAC-SHA256 keyed with
// the session secret. It is tied to the session without being stored, and
// knowing it tells nothing about the secret.
func CSRFToken(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("rampart csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CheckCSRF reports, in constant time, whether token is the CSRF token of
// the session whose secret is secret.
func CheckCSRF(secret, token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(CSRFToken(secret)), []byte(token)) == 1
}

// SetPassword sets the console password of user id: one's own, or anyone's
// for an admin.
func (ss *Sessions) SetPassword(ctx context.Context, p rampart.Principal, id int64, pw string) error {
	if id != p.UserID && p.Role != rampart.RoleAdmin {
		return forbidden("only an admin may set another user's password")
	}
	if err := CheckPassword(pw); err != nil {
		return &rampart.Error{Code: rampart.EINVALID, Message: "invalid password: " + err.Error(),
			Err: FieldErrors{{Field: "password", Detail: err.Error()}}}
	}
	if _, err := ss.svc.users.User(ctx, id); err != nil {
		return err
	}
	h, err := HashPassword(pw, ss.opt.Password, ss.svc.opt.Rand)
	if err != nil {
		return err
	}
	return ss.store.SetPassword(ctx, id, h, ss.svc.now(), rampart.AuditEntry{Actor: p.Actor(), Action: "user.password_set"})
}

// Login is a password sign-in request.
type Login struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// Login checks a name and password and opens a session, returning it with
// its secret (for the cookie). ip is the client address, used for
// throttling and the audit record. A wrong name or password is
// EUNAUTHENTICATED with one message for both; too many failures are a
// *ThrottledError. Every outcome is audited.
func (ss *Sessions) Login(ctx context.Context, r Login, ip string) (rampart.Session, string, error) {
	now := ss.svc.now()
	bad := rampart.Errorf(rampart.EUNAUTHENTICATED, "the name or password is wrong")
	var fe FieldErrors
	checkName(&fe, "name", r.Name)
	name := r.Name
	if len(fe) > 0 {
		// Not a name anyone can have: keep it out of the audit log.
		name = "?"
	}
	if wait, scope := ss.throttle.blocked(name, ip, now); wait > 0 {
		ss.auditFailure(ctx, name, ip, 0, "throttled by "+scope)
		return rampart.Session{}, "", &ThrottledError{RetryAfter: wait, Scope: scope}
	}
	var (
		u    rampart.User
		hash string
		err  error
	)
	if len(fe) == 0 {
		u, err = ss.store.UserByName(ctx, r.Name)
		switch {
		case rampart.ErrorCode(err) == rampart.ENOTFOUND:
		case err != nil:
			return rampart.Session{}, "", fmt.Errorf("sign in: %w", err)
		default:
			if hash, err = ss.store.PasswordHash(ctx, u.ID); err != nil {
				return rampart.Session{}, "", fmt.Errorf("sign in: %w", err)
			}
		}
	}
	verify := hash
	if verify == "" {
		verify = ss.dummy
	}
	err = VerifyPassword(r.Password, verify)
	if hash == "" || err != nil {
		if err != nil && !errors.Is(err, ErrPasswordMismatch) {
			ss.svc.opt.Logger.ErrorContext(ctx, "stored password hash does not parse", "user", u.ID, "err", err)
		}
		ss.throttle.fail(name, ip, now)
		reason := "wrong password"
		if hash == "" {
			reason = "unknown user or no password"
		}
		ss.auditFailure(ctx, name, ip, u.ID, reason)
		return rampart.Session{}, "", bad
	}
	ss.throttle.succeed(name)
	if NeedsRehash(hash, ss.opt.Password) {
		if h, err := HashPassword(r.Password, ss.opt.Password, ss.svc.opt.Rand); err == nil {
			// A failed upgrade leaves the old, still valid hash.
			if err := ss.store.SetPassword(ctx, u.ID, h, now, rampart.AuditEntry{Actor: "rampart", Action: "user.password_rehash"}); err != nil {
				ss.svc.opt.Logger.WarnContext(ctx, "rehash password", "user", u.ID, "err", err)
			}
		}
	}
	return ss.open(ctx, u, u.Role, MethodPassword, ip, "user:"+u.Name)
}

// AuditFailure records a sign-in refused before a user was known (an OIDC
// token that does not verify). name is the claimed name, "?" for none.
func (ss *Sessions) AuditFailure(ctx context.Context, name, ip, reason string) {
	ss.auditFailure(ctx, name, ip, 0, reason)
}

// auditFailure records a failed sign-in. A failure to write it is logged:
// the sign-in is refused either way.
func (ss *Sessions) auditFailure(ctx context.Context, name, ip string, userID int64, reason string) {
	subject := "user/unknown"
	if userID != 0 {
		subject = fmt.Sprintf("user/%d", userID)
	}
	e := rampart.AuditEntry{Actor: "login:" + name, Action: "session.login_failure", Subject: subject,
		Data: map[string]string{"ip": ip, "reason": reason}}
	if err := ss.store.RecordAudit(context.WithoutCancel(ctx), e); err != nil {
		ss.svc.opt.Logger.ErrorContext(ctx, "audit failed sign-in", "err", err)
	}
}

// open makes a session for u acting as role.
func (ss *Sessions) open(ctx context.Context, u rampart.User, role rampart.Role, method, ip, actor string) (rampart.Session, string, error) {
	secret, err := ss.svc.newSecret()
	if err != nil {
		return rampart.Session{}, "", err
	}
	secret = SessionPrefix + strings.TrimPrefix(secret, TokenPrefix)
	now := ss.svc.now()
	s := rampart.Session{UserID: u.ID, Role: role, Hash: HashToken(secret), Method: method, IP: ip, CreatedAt: now,
		LastSeenAt: now, IdleTimeout: ss.opt.IdleTimeout, ExpiresAt: now.Add(ss.opt.MaxAge)}
	s, err = ss.store.CreateSession(ctx, s, rampart.AuditEntry{Actor: actor, Action: "session.login"})
	if err != nil {
		return rampart.Session{}, "", fmt.Errorf("open session: %w", err)
	}
	return s, secret, nil
}

// Authenticate returns the principal a session secret stands for, and the
// session. Unknown, expired, idle and revoked sessions are all
// EUNAUTHENTICATED with one message.
func (ss *Sessions) Authenticate(ctx context.Context, secret string) (rampart.Principal, rampart.Session, error) {
	bad := rampart.Errorf(rampart.EUNAUTHENTICATED, "the console session is unknown, expired or signed out; sign in again")
	if !strings.HasPrefix(secret, SessionPrefix) || len(secret) > 128 {
		return rampart.Principal{}, rampart.Session{}, bad
	}
	hash := HashToken(secret)
	s, u, err := ss.store.SessionByHash(ctx, hash)
	if rampart.ErrorCode(err) == rampart.ENOTFOUND {
		return rampart.Principal{}, rampart.Session{}, bad
	}
	if err != nil {
		return rampart.Principal{}, rampart.Session{}, fmt.Errorf("authenticate session: %w", err)
	}
	now := ss.svc.now()
	if subtle.ConstantTimeCompare([]byte(s.Hash), []byte(hash)) != 1 || !s.Live(now) {
		return rampart.Principal{}, rampart.Session{}, bad
	}
	if now.Sub(s.LastSeenAt) >= touchEvery {
		if err := ss.store.TouchSession(ctx, s.ID, now); err != nil {
			return rampart.Principal{}, rampart.Session{}, fmt.Errorf("authenticate session: %w", err)
		}
		s.LastSeenAt = now
	}
	return rampart.Principal{UserID: u.ID, Name: u.Name, Role: s.Role, Platform: u.Platform, SessionID: s.ID}, s, nil
}

// Logout revokes the session the principal signed in with.
func (ss *Sessions) Logout(ctx context.Context, p rampart.Principal) (rampart.Session, error) {
	if p.SessionID == 0 {
		return rampart.Session{}, rampart.Errorf(rampart.EINVALID,
			"this request was authenticated by a bearer token, not a console session; revoke tokens with DELETE /api/v1/tokens/{id}")
	}
	return ss.store.RevokeSession(ctx, p.SessionID, ss.svc.now(), rampart.AuditEntry{Actor: p.Actor(), Action: "session.logout"})
}

// OIDCIdentity is a user as an OpenID provider vouched for them, with the
// role their claims map to.
type OIDCIdentity struct {
	Issuer  string
	Subject string
	Name    string // the Rampart user name (preferred_username, else email)
	Role    rampart.Role
}

// OIDCSession opens a session for an identity the API verified. The user
// is found by name, or created with the mapped role (audited as made by
// the issuer). The session acts with the mapped role: the provider is the
// authority on roles. A platform_liaison needs an existing user with a
// platform, which only an admin can set.
func (ss *Sessions) OIDCSession(ctx context.Context, id OIDCIdentity, ip string) (rampart.Session, string, error) {
	var fe FieldErrors
	checkName(&fe, "name", id.Name)
	if len(fe) > 0 {
		ss.auditFailure(ctx, "?", ip, 0, "oidc: unusable user name")
		return rampart.Session{}, "", forbidden("the identity provider's user name %q cannot be a Rampart user name: %v", id.Name, fe)
	}
	if !id.Role.Valid() {
		ss.auditFailure(ctx, id.Name, ip, 0, "oidc: no role maps")
		return rampart.Session{}, "", forbidden("none of your identity provider roles maps to a Rampart role; ask an admin")
	}
	actor := "oidc:" + id.Issuer
	u, err := ss.store.UserByName(ctx, id.Name)
	if rampart.ErrorCode(err) == rampart.ENOTFOUND {
		if id.Role == rampart.RolePlatformLiaison {
			ss.auditFailure(ctx, id.Name, ip, 0, "oidc: platform_liaison without a user")
			return rampart.Session{}, "", forbidden("a platform_liaison must first be created by an admin with its platform")
		}
		u, err = ss.svc.users.CreateUser(ctx, rampart.User{Name: id.Name, Role: id.Role, CreatedAt: ss.svc.now()},
			rampart.AuditEntry{Actor: actor, Action: "user.create"})
	}
	if err != nil {
		return rampart.Session{}, "", fmt.Errorf("oidc sign-in of %q: %w", id.Name, err)
	}
	if id.Role == rampart.RolePlatformLiaison && u.Platform == "" {
		ss.auditFailure(ctx, id.Name, ip, u.ID, "oidc: platform_liaison without a platform")
		return rampart.Session{}, "", forbidden("%v; ask an admin to recreate the user with a platform", errNoPlatform)
	}
	return ss.open(ctx, u, id.Role, MethodOIDC, ip, actor+" user:"+u.Name)
}
