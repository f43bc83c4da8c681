package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rampart-tt/rampart"
)

var _ rampart.SessionStore = (*Casework)(nil)

const sessionColumns = `id, user_id, role, hash, method, ip, created_at, last_seen_at, idle_timeout, expires_at, revoked_at`

// UserByName returns the user called name.
func (c *Casework) UserByName(ctx context.Context, name string) (rampart.User, error) {
	u, err := scanUser(c.s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return u, rampart.Errorf(rampart.ENOTFOUND, "user %q does not exist", name)
	}
	if err != nil {
		return u, c.s.wrap(ctx, fmt.Sprintf("read user %q", name), err)
	}
	return u, nil
}

// SetPassword stores (or replaces) the password hash of a user. The audit
// record names the user, never the hash.
func (c *Casework) SetPassword(ctx context.Context, userID int64, hash string, at time.Time, e rampart.AuditEntry) error {
	return c.inTx(ctx, "set password", func(tx pgx.Tx) (rampart.AuditEntry, error) {
		_, err := tx.Exec(ctx, `INSERT INTO user_passwords (user_id, hash, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`,
			userID, hash, formatTime(at))
		if isForeignKey(err) {
			return e, rampart.Errorf(rampart.ENOTFOUND, "user %d does not exist", userID)
		}
		return rampart.AuditEntry{Actor: e.Actor, Action: e.Action, Subject: fmt.Sprintf("user/%d", userID), Data: e.Data}, err
	})
}

// PasswordHash returns the stored hash of a user's password, "" for none.
func (c *Casework) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var h string
	err := c.s.pool.QueryRow(ctx, `SELECT hash FROM user_passwords WHERE user_id = $1`, userID).Scan(&h)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", c.s.wrap(ctx, fmt.Sprintf("read password of user %d", userID), err)
	}
	return h, nil
}

// CreateSession stores s (whose Hash the caller computed).
func (c *Casework) CreateSession(ctx context.Context, s rampart.Session, e rampart.AuditEntry) (rampart.Session, error) {
	var out rampart.Session
	err := c.inTx(ctx, "create session", func(tx pgx.Tx) (rampart.AuditEntry, error) {
		out = s
		err := tx.QueryRow(ctx, `INSERT INTO sessions (user_id, role, hash, method, ip, created_at, last_seen_at, idle_timeout, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, s.UserID, string(s.Role), s.Hash, s.Method, s.IP,
			formatTime(s.CreatedAt), formatTime(s.LastSeenAt), int64(s.IdleTimeout), formatTime(s.ExpiresAt)).Scan(&out.ID)
		switch {
		case isForeignKey(err):
			return e, rampart.Errorf(rampart.EINVALID, "user %d does not exist", s.UserID)
		case isUnique(err):
			return e, rampart.Errorf(rampart.ECONFLICT, "a session with this secret already exists")
		case err != nil:
			return e, err
		}
		return rampart.AuditEntry{Actor: e.Actor, Action: e.Action, Subject: fmt.Sprintf("session/%d", out.ID), Data: out}, nil
	})
	if err != nil {
		return s, err
	}
	return out, nil
}

// SessionByHash returns the session with hash and its user.
func (c *Casework) SessionByHash(ctx context.Context, hash string) (rampart.Session, rampart.User, error) {
	s, err := scanSession(c.s.pool.QueryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE hash = $1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return s, rampart.User{}, rampart.Errorf(rampart.ENOTFOUND, "no such session")
	}
	if err != nil {
		return s, rampart.User{}, c.s.wrap(ctx, "read session", err)
	}
	u, err := c.User(ctx, s.UserID)
	return s, u, err
}

// TouchSession moves the session's last use forward to at (never back).
func (c *Casework) TouchSession(ctx context.Context, id int64, at time.Time) error {
	_, err := c.s.pool.Exec(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $1`, formatTime(at), id)
	if err != nil {
		return c.s.wrap(ctx, fmt.Sprintf("touch session %d", id), err)
	}
	return nil
}

// RevokeSession marks session id revoked at at; revoking twice keeps the
// first time.
func (c *Casework) RevokeSession(ctx context.Context, id int64, at time.Time, e rampart.AuditEntry) (rampart.Session, error) {
	var s rampart.Session
	err := c.inTx(ctx, "revoke session", func(tx pgx.Tx) (rampart.AuditEntry, error) {
		if _, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at = ''`, formatTime(at), id); err != nil {
			return e, err
		}
		var err error
		s, err = scanSession(tx.QueryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = $1`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return e, rampart.Errorf(rampart.ENOTFOUND, "session %d does not exist", id)
		}
		return rampart.AuditEntry{Actor: e.Actor, Action: e.Action, Subject: fmt.Sprintf("session/%d", id), Data: s}, err
	})
	return s, err
}

// RecordAudit appends e on its own.
func (c *Casework) RecordAudit(ctx context.Context, e rampart.AuditEntry) error {
	return c.inTx(ctx, "record audit", func(pgx.Tx) (rampart.AuditEntry, error) { return e, nil })
}

func scanSession(r pgx.Row) (rampart.Session, error) {
	var (
		s                               rampart.Session
		role                            string
		idle                            int64
		created, seen, expires, revoked string
	)
	if err := r.Scan(&s.ID, &s.UserID, &role, &s.Hash, &s.Method, &s.IP, &created, &seen, &idle, &expires, &revoked); err != nil {
		return s, err
	}
	s.Role, s.IdleTimeout = rampart.Role(role), time.Duration(idle)
	var err error
	if s.CreatedAt, err = parseTime("created_at", created); err != nil {
		return s, err
	}
	if s.LastSeenAt, err = parseTime("last_seen_at", seen); err != nil {
		return s, err
	}
	if s.ExpiresAt, err = parseTime("expires_at", expires); err != nil {
		return s, err
	}
	if revoked != "" {
		if s.RevokedAt, err = parseTime("revoked_at", revoked); err != nil {
			return s, err
		}
	}
	return s, nil
}
