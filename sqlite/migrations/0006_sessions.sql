-- 0006: console sign-in: password hashes (argon2id, PHC strings) and
-- browser sessions. Only the SHA-256 of a session secret is stored.

CREATE TABLE user_passwords (
	user_id    INTEGER PRIMARY KEY REFERENCES users (id),
	-- $argon2id$v=19$m=…,t=…,p=…$salt$hash
	hash       TEXT    NOT NULL,
	updated_at TEXT    NOT NULL
) STRICT;

CREATE TABLE sessions (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id),
	role         TEXT    NOT NULL,
	-- hex SHA-256 of the cookie secret
	hash         TEXT    NOT NULL UNIQUE,
	method       TEXT    NOT NULL,
	ip           TEXT    NOT NULL DEFAULT '',
	created_at   TEXT    NOT NULL,
	last_seen_at TEXT    NOT NULL,
	-- nanoseconds
	idle_timeout INTEGER NOT NULL,
	expires_at   TEXT    NOT NULL,
	-- '' while the session is live
	revoked_at   TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id);
