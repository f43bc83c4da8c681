package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rampart-tt/rampart"
)

const userColumns = `id, name, role, platform, created_by, created_at`

const tokenColumns = `id, user_id, name, role, hash, created_at, expires_at, revoked_at`

// bootstrapLock is the key of the transaction-scoped advisory lock taken by
// Bootstrap, so that two servers starting on an empty database at once
// make one admin, not two ("rmpboot" in ASCII).
const bootstrapLock int64 = 0x726d70626f6f74

// Bootstrap creates the first user and its token when there are no users.
func (c *Casework) Bootstrap(ctx context.Context, u rampart.User, t rampart.Token, e rampart.AuditEntry) (rampart.User, rampart.Token, bool, error) {
	var (
		created bool
		ou      rampart.User
		ot      rampart.Token
	)
	err := c.s.inTx(ctx, "bootstrap", func(tx pgx.Tx) error {
		created = false
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, bootstrapLock); err != nil {
			return err
		}
		var n int64
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		var err error
		if ou, err = insertUser(ctx, tx, u); err != nil {
			return err
		}
		tt := t
		tt.UserID = ou.ID
		if ot, err = insertToken(ctx, tx, tt); err != nil {
			return err
		}
		data := map[string]any{"user": ou, "token_id": ot.ID}
		if _, err := c.chain.On(AuditTx(tx)).Append(ctx, e.Actor, e.Action, fmt.Sprintf("user/%d", ou.ID), data); err != nil {
			return err
		}
		created = true
		return nil
	})
	if err != nil {
		return rampart.User{}, rampart.Token{}, false, err
	}
	if !created {
		return u, t, false, nil
	}
	return ou, ot, true, nil
}

// CreateUser adds u; a name already taken is ECONFLICT. The audit entry's
// Subject is set to the new user's.
func (c *Casework) CreateUser(ctx context.Context, u rampart.User, e rampart.AuditEntry) (rampart.User, error) {
	var out rampart.User
	err := c.inTx(ctx, "create user", func(tx pgx.Tx) (rampart.AuditEntry, error) {
		var err error
		if out, err = insertUser(ctx, tx, u); err != nil {
			return e, err
		}
		return rampart.AuditEntry{Actor: e.Actor, Action: e.Action, Subject: fmt.Sprintf("user/%d", out.ID), Data: out}, nil
	})
	if err != nil {
		return u, err
	}
	return out, nil
}

func insertUser(ctx context.Context, tx pgx.Tx, u rampart.User) (rampart.User, error) {
	err := tx.QueryRow(ctx, `INSERT INTO users (name, role, platform, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
		RETURNING id`, u.Name, string(u.Role), u.Platform, u.CreatedBy, formatTime(u.CreatedAt)).Scan(&u.ID)
	if isUnique(err) {
		return u, rampart.Errorf(rampart.ECONFLICT, "a user named %q already exists; pick another name", u.Name)
	}
	return u, err
}

// User returns one user, ENOTFOUND when there is none.
func (c *Casework) User(ctx context.Context, id int64) (rampart.User, error) {
	u, err := scanUser(c.s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return u, rampart.Errorf(rampart.ENOTFOUND, "user %d does not exist", id)
	}
	if err != nil {
		return u, c.s.wrap(ctx, fmt.Sprintf("read user %d", id), err)
	}
	return u, nil
}

// Users lists every user by id.
func (c *Casework) Users(ctx context.Context) ([]rampart.User, error) {
	rows, err := c.s.pool.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY id`)
	if err != nil {
		return nil, c.s.wrap(ctx, "list users", err)
	}
	defer rows.Close()
	var us []rampart.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, c.s.wrap(ctx, "list users", err)
		}
		us = append(us, u)
	}
	if err := rows.Err(); err != nil {
		return nil, c.s.wrap(ctx, "list users", err)
	}
	return us, nil
}

func scanUser(r pgx.Row) (rampart.User, error) {
	var (
		u       rampart.User
		role    string
		created string
	)
	if err := r.Scan(&u.ID, &u.Name, &role, &u.Platform, &u.CreatedBy, &created); err != nil {
		return u, err
	}
	u.Role = rampart.Role(role)
	var err error
	u.CreatedAt, err = parseTime("created_at", created)
	return u, err
}

// CreateToken stores t (whose Hash the caller computed).
func (c *Casework) CreateToken(ctx context.Context, t rampart.Token, e rampart.AuditEntry) (rampart.Token, error) {
	var out rampart.Token
	err := c.inTx(ctx, "create token", func(tx pgx.Tx) (rampart.AuditEntry, error) {
		var err error
		if out, err = insertToken(ctx, tx, t); err != nil {
			return e, err
		}
		return rampart.AuditEntry{Actor: e.Actor, Action: e.Action, Subject: fmt.Sprintf("token/%d", out.ID), Data: out}, nil
	})
	if err != nil {
		return t, err
	}
	return out, nil
}

func insertToken(ctx context.Context, tx pgx.Tx, t rampart.Token) (rampart.Token, error) {
	err := tx.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, role, hash, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, t.UserID, t.Name, string(t.Role), t.Hash,
		formatTime(t.CreatedAt), formatTime(t.ExpiresAt)).Scan(&t.ID)
	switch {
	case isForeignKey(err):
		return t, rampart.Errorf(rampart.EINVALID, "user %d does not exist", t.UserID)
	case isUnique(err):
		// 256 random bits do not collide; a caller reused a secret.
		return t, rampart.Errorf(rampart.ECONFLICT, "a token with this secret already exists")
	}
	return t, err
}

// TokenByHash returns the token with hash and its user.
func (c *Casework) TokenByHash(ctx context.Context, hash string) (rampart.Token, rampart.User, error) {
	t, err := scanToken(c.s.pool.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE hash = $1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, rampart.User{}, rampart.Errorf(rampart.ENOTFOUND, "no such token")
	}
	if err != nil {
		return t, rampart.User{}, c.s.wrap(ctx, "read token", err)
	}
	u, err := c.User(ctx, t.UserID)
	return t, u, err
}

// Token returns one token, ENOTFOUND when there is none.
func (c *Casework) Token(ctx context.Context, id int64) (rampart.Token, error) {
	t, err := scanToken(c.s.pool.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, rampart.Errorf(rampart.ENOTFOUND, "token %d does not exist", id)
	}
	if err != nil {
		return t, c.s.wrap(ctx, fmt.Sprintf("read token %d", id), err)
	}
	return t, nil
}

// Tokens lists the tokens of userID, or all for 0, by id.
func (c *Casework) Tokens(ctx context.Context, userID int64) ([]rampart.Token, error) {
	rows, err := c.s.pool.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE $1 = 0 OR user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, c.s.wrap(ctx, "list tokens", err)
	}
	defer rows.Close()
	var ts []rampart.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, c.s.wrap(ctx, "list tokens", err)
		}
		ts = append(ts, t)
	}
	if err := rows.Err(); err != nil {
		return nil, c.s.wrap(ctx, "list tokens", err)
	}
	return ts, nil
}

// RevokeToken marks token id revoked at at; revoking twice keeps the first
// time and is not an error.
func (c *Casework) RevokeToken(ctx context.Context, id int64, at time.Time, e rampart.AuditEntry) (rampart.Token, error) {
	var t rampart.Token
	err := c.inTx(ctx, "revoke token", func(tx pgx.Tx) (rampart.AuditEntry, error) {
		if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at = ''`, formatTime(at), id); err != nil {
			return e, err
		}
		var err error
		t, err = scanToken(tx.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = $1`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return e, rampart.Errorf(rampart.ENOTFOUND, "token %d does not exist", id)
		}
		return rampart.AuditEntry{Actor: e.Actor, Action: e.Action, Subject: fmt.Sprintf("token/%d", id), Data: t}, err
	})
	return t, err
}

func scanToken(r pgx.Row) (rampart.Token, error) {
	var (
		t                         rampart.Token
		role                      string
		created, expires, revoked string
	)
	if err := r.Scan(&t.ID, &t.UserID, &t.Name, &role, &t.Hash, &created, &expires, &revoked); err != nil {
		return t, err
	}
	t.Role = rampart.Role(role)
	var err error
	if t.CreatedAt, err = parseTime("created_at", created); err != nil {
		return t, err
	}
	if t.ExpiresAt, err = parseTime("expires_at", expires); err != nil {
		return t, err
	}
	if revoked != "" {
		if t.RevokedAt, err = parseTime("revoked_at", revoked); err != nil {
			return t, err
		}
	}
	return t, nil
}
