-- 0003: casework: users, API tokens, cases, idempotent responses and the
-- audit log their changes are recorded in.
--
-- Times use the fixed-width text of 0001. The SQL is kept portable (no
-- SQLite-only types or functions beyond STRICT) so that the PostgreSQL
-- store can carry the same tables.

-- The audit table is the one package audit defines (audit.SQLiteTable);
-- IF NOT EXISTS lets either side create it first.
CREATE TABLE IF NOT EXISTS audit_log (
	seq     INTEGER PRIMARY KEY CHECK (seq > 0),
	time    TEXT NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	data    TEXT,
	prev    TEXT NOT NULL,
	hash    TEXT NOT NULL
) STRICT;

CREATE TABLE users (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL UNIQUE,
	role       TEXT    NOT NULL,
	platform   TEXT    NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at TEXT    NOT NULL
) STRICT;

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	name       TEXT    NOT NULL DEFAULT '',
	role       TEXT    NOT NULL,
	-- hex SHA-256 of the secret; the secret itself is never stored
	hash       TEXT    NOT NULL UNIQUE,
	created_at TEXT    NOT NULL,
	expires_at TEXT    NOT NULL,
	-- '' while the token is live
	revoked_at TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE cases (
	id             INTEGER PRIMARY KEY,
	title          TEXT    NOT NULL,
	group_by       TEXT    NOT NULL,
	group_key      TEXT    NOT NULL,
	platform       TEXT    NOT NULL DEFAULT '',
	status         TEXT    NOT NULL,
	threat_to_life INTEGER NOT NULL DEFAULT 0,
	priority       INTEGER NOT NULL,
	confidence     REAL    NOT NULL,
	action         TEXT    NOT NULL,
	assignee       INTEGER NOT NULL DEFAULT 0,
	deadline       TEXT    NOT NULL,
	-- the review lease; 0 and '' when unclaimed
	claim_reviewer INTEGER NOT NULL DEFAULT 0,
	claim_until    TEXT    NOT NULL DEFAULT '',
	-- JSON ReviewDecision; NULL when absent
	pending        TEXT,
	decision       TEXT,
	created_by     INTEGER NOT NULL,
	created_at     TEXT    NOT NULL,
	updated_at     TEXT    NOT NULL
) STRICT;

-- The review queue's order.
CREATE INDEX cases_queue    ON cases (status, threat_to_life DESC, priority DESC, deadline, id);
CREATE INDEX cases_platform ON cases (platform, id);
CREATE INDEX cases_group    ON cases (group_by, group_key);

CREATE TABLE case_findings (
	case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	finding_id INTEGER NOT NULL REFERENCES findings (id),
	PRIMARY KEY (case_id, finding_id)
) STRICT;

CREATE INDEX case_findings_finding ON case_findings (finding_id);

CREATE TABLE idempotent_responses (
	user_id      INTEGER NOT NULL,
	idem_key     TEXT    NOT NULL,
	method       TEXT    NOT NULL,
	path         TEXT    NOT NULL,
	request_hash TEXT    NOT NULL,
	status       INTEGER NOT NULL,
	body         BLOB    NOT NULL,
	created_at   TEXT    NOT NULL,
	PRIMARY KEY (user_id, idem_key)
) STRICT;
