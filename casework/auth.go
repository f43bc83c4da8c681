package casework

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// TokenPrefix starts every token secret, so that a leaked one is easy to
// recognise (secret scanners, logs).
const TokenPrefix = "rpt_"

// secretBytes is the entropy of a token: 256 bits.
const secretBytes = 32

// BootstrapUser is the name of the first admin.
const BootstrapUser = "admin"

// HashToken returns the stored form of a secret: hex SHA-256. A fast hash
// is enough because secrets are 256 random bits, not passwords.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func (s *Service) newSecret() (string, error) {
	b := make([]byte, secretBytes)
	if _, err := io.ReadFull(s.opt.Rand, b); err != nil {
		return "", fmt.Errorf("make token secret: %w", err)
	}
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// Bootstrap creates the admin user and returns its token secret when the
// store has no users; on a store that has users it returns "" and does
// nothing.
func (s *Service) Bootstrap(ctx context.Context) (secret string, err error) {
	secret, err = s.newSecret()
	if err != nil {
		return "", err
	}
	now := s.now()
	u := rampart.User{Name: BootstrapUser, Role: rampart.RoleAdmin, CreatedAt: now}
	t := rampart.Token{Name: "bootstrap", Role: rampart.RoleAdmin, Hash: HashToken(secret), CreatedAt: now, ExpiresAt: now.Add(s.opt.TokenTTL)}
	_, _, created, err := s.users.Bootstrap(ctx, u, t, rampart.AuditEntry{Actor: "rampart", Action: "user.bootstrap"})
	if err != nil {
		return "", fmt.Errorf("bootstrap admin: %w", err)
	}
	if !created {
		return "", nil
	}
	return secret, nil
}

// Authenticate returns the principal a bearer secret stands for. Unknown,
// expired and revoked tokens are all EUNAUTHENTICATED with the same
// message, so that a caller learns nothing about which it was.
func (s *Service) Authenticate(ctx context.Context, secret string) (rampart.Principal, error) {
	bad := rampart.Errorf(rampart.EUNAUTHENTICATED, "the bearer token is unknown, expired or revoked; ask an admin for a new one")
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) > 128 {
		return rampart.Principal{}, bad
	}
	hash := HashToken(secret)
	t, u, err := s.users.TokenByHash(ctx, hash)
	if rampart.ErrorCode(err) == rampart.ENOTFOUND {
		return rampart.Principal{}, bad
	}
	if err != nil {
		return rampart.Principal{}, fmt.Errorf("authenticate: %w", err)
	}
	// The lookup was by hash already; comparing again in constant time
	// costs nothing and keeps a store's index from being the only check.
	if subtle.ConstantTimeCompare([]byte(t.Hash), []byte(hash)) != 1 {
		return rampart.Principal{}, bad
	}
	now := s.now()
	if !t.RevokedAt.IsZero() || !now.Before(t.ExpiresAt) {
		return rampart.Principal{}, bad
	}
	return rampart.Principal{UserID: u.ID, Name: u.Name, Role: t.Role, Platform: u.Platform, TokenID: t.ID}, nil
}

// NewUser is a request to create a user.
type NewUser struct {
	Name     string       `json:"name"`
	Role     rampart.Role `json:"role"`
	Platform string       `json:"platform,omitempty"`
}

func (r NewUser) validate() error {
	var fe FieldErrors
	checkName(&fe, "name", r.Name)
	if !r.Role.Valid() {
		fe.add("role", fmt.Sprintf("%q is not a role; want one of %v", r.Role, rampart.Roles()))
	}
	switch {
	case r.Role == rampart.RolePlatformLiaison && r.Platform == "":
		fe.add("platform", "a platform_liaison needs the platform it is scoped to")
	case r.Role != rampart.RolePlatformLiaison && r.Platform != "":
		fe.add("platform", "only a platform_liaison is scoped to a platform")
	}
	return fe.err("invalid user")
}

// checkName accepts 1–64 characters of letters, digits, '.', '_', '-' and '@'.
func checkName(fe *FieldErrors, field, s string) {
	if s == "" || utf8.RuneCountInString(s) > 64 {
		fe.add(field, "must be 1 to 64 characters")
		return
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-@", r)) {
			fe.add(field, fmt.Sprintf("character %q is not allowed; use letters, digits, '.', '_', '-' or '@'", r))
			return
		}
	}
}

// CreateUser creates a user; only an admin may.
func (s *Service) CreateUser(ctx context.Context, p rampart.Principal, r NewUser) (rampart.User, error) {
	if p.Role != rampart.RoleAdmin {
		return rampart.User{}, forbidden("only an admin may create users")
	}
	if err := r.validate(); err != nil {
		return rampart.User{}, err
	}
	u := rampart.User{Name: r.Name, Role: r.Role, Platform: r.Platform, CreatedBy: p.UserID, CreatedAt: s.now()}
	return s.users.CreateUser(ctx, u, rampart.AuditEntry{Actor: p.Actor(), Action: "user.create"})
}

// User returns a user; anyone may read their own, admins and auditors
// anyone's.
func (s *Service) User(ctx context.Context, p rampart.Principal, id int64) (rampart.User, error) {
	if id != p.UserID && !readsAll(p) {
		return rampart.User{}, forbidden("you may read only your own user")
	}
	return s.users.User(ctx, id)
}

// Users lists users, for admins and auditors.
func (s *Service) Users(ctx context.Context, p rampart.Principal) ([]rampart.User, error) {
	if !readsAll(p) {
		return nil, forbidden("only an admin or auditor may list users")
	}
	return s.users.Users(ctx)
}

func readsAll(p rampart.Principal) bool {
	return p.Role == rampart.RoleAdmin || p.Role == rampart.RoleAuditor
}

// NewToken is a request to create a token. UserID 0 means the caller.
type NewToken struct {
	UserID int64  `json:"user_id,omitempty"`
	Name   string `json:"name,omitempty"`
	// TTL is the lifetime as a Go duration ("720h"); empty means the
	// configured default.
	TTL string `json:"ttl,omitempty"`
}

// CreateToken makes a token and returns it with its secret, which is not
// stored and cannot be shown again. Users make their own tokens; an admin
// may make one for anyone. The token carries the user's role.
func (s *Service) CreateToken(ctx context.Context, p rampart.Principal, r NewToken) (rampart.Token, string, error) {
	if r.UserID == 0 {
		r.UserID = p.UserID
	}
	if r.UserID != p.UserID && p.Role != rampart.RoleAdmin {
		return rampart.Token{}, "", forbidden("only an admin may make tokens for another user")
	}
	var fe FieldErrors
	ttl := s.opt.TokenTTL
	if r.TTL != "" {
		d, err := time.ParseDuration(r.TTL)
		switch {
		case err != nil:
			fe.add("ttl", fmt.Sprintf("%q is not a duration; write it as 720h or 30m", r.TTL))
		case d <= 0 || d > MaxTokenTTL:
			fe.add("ttl", fmt.Sprintf("must be more than 0 and at most %s", MaxTokenTTL))
		default:
			ttl = d
		}
	}
	if r.Name != "" {
		checkName(&fe, "name", r.Name)
	}
	if err := fe.err("invalid token"); err != nil {
		return rampart.Token{}, "", err
	}
	u, err := s.users.User(ctx, r.UserID)
	if rampart.ErrorCode(err) == rampart.ENOTFOUND {
		return rampart.Token{}, "", &rampart.Error{Code: rampart.EINVALID, Message: err.Error(),
			Err: FieldErrors{{Field: "user_id", Detail: err.Error()}}}
	}
	if err != nil {
		return rampart.Token{}, "", err
	}
	secret, err := s.newSecret()
	if err != nil {
		return rampart.Token{}, "", err
	}
	now := s.now()
	t := rampart.Token{UserID: u.ID, Name: r.Name, Role: u.Role, Hash: HashToken(secret), CreatedAt: now, ExpiresAt: now.Add(ttl)}
	t, err = s.users.CreateToken(ctx, t, rampart.AuditEntry{Actor: p.Actor(), Action: "token.create"})
	if err != nil {
		return rampart.Token{}, "", err
	}
	return t, secret, nil
}

// Tokens lists the caller's tokens, or everyone's for an admin or auditor.
func (s *Service) Tokens(ctx context.Context, p rampart.Principal) ([]rampart.Token, error) {
	var of int64
	if !readsAll(p) {
		of = p.UserID
	}
	return s.users.Tokens(ctx, of)
}

// RevokeToken revokes a token: one's own, or anyone's for an admin.
func (s *Service) RevokeToken(ctx context.Context, p rampart.Principal, id int64) (rampart.Token, error) {
	t, err := s.users.Token(ctx, id)
	if err != nil {
		return rampart.Token{}, err
	}
	if t.UserID != p.UserID && p.Role != rampart.RoleAdmin {
		// Not found rather than forbidden: others' token ids are not
		// the caller's business.
		return rampart.Token{}, rampart.Errorf(rampart.ENOTFOUND, "token %d does not exist", id)
	}
	return s.users.RevokeToken(ctx, id, s.now(), rampart.AuditEntry{Actor: p.Actor(), Action: "token.revoke"})
}

var errNoPlatform = errors.New("platform_liaison without a platform")
