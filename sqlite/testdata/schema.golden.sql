-- table api_tokens
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

-- table appeals
CREATE TABLE appeals (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	platform    TEXT NOT NULL,
	status      TEXT NOT NULL,
	incident_id INTEGER NOT NULL DEFAULT 0,
	updated_at  TEXT NOT NULL,
	body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

-- table audit_log
CREATE TABLE audit_log (
	seq     INTEGER PRIMARY KEY CHECK (seq > 0),
	time    TEXT NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	data    TEXT,
	prev    TEXT NOT NULL,
	hash    TEXT NOT NULL
) STRICT;

-- table case_findings
CREATE TABLE case_findings (
	case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	finding_id INTEGER NOT NULL REFERENCES findings (id),
	PRIMARY KEY (case_id, finding_id)
) STRICT;

-- table cases
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
, legal_hold INTEGER NOT NULL DEFAULT 0, incident_id INTEGER NOT NULL DEFAULT 0, incidents TEXT) STRICT;

-- table designation_lists
CREATE TABLE designation_lists (
	-- import list code: un, ofac, fto, tel, uk, uk-sanctions, eu, nacta, csv
	list           TEXT PRIMARY KEY,
	first_imported TEXT NOT NULL
) STRICT;

-- table designation_versions
CREATE TABLE designation_versions (
	id           INTEGER PRIMARY KEY,
	list         TEXT    NOT NULL REFERENCES designation_lists (list),
	imported_at  TEXT    NOT NULL,
	-- the date the list says it was generated; the zero time when it does not
	published    TEXT    NOT NULL,
	source       TEXT    NOT NULL,
	-- hex SHA-256 of the file(s) read
	sha256       TEXT    NOT NULL,
	entity_count INTEGER NOT NULL
) STRICT;

-- table evidence_originals
CREATE TABLE evidence_originals (
	case_id   INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	-- hex SHA-256 of the original in clear
	sha256    TEXT    NOT NULL,
	type      TEXT    NOT NULL DEFAULT '',
	key_id    TEXT    NOT NULL,
	-- nonce || ciphertext
	sealed    BLOB    NOT NULL,
	size      INTEGER NOT NULL,
	stored_at TEXT    NOT NULL,
	PRIMARY KEY (case_id, sha256)
) STRICT;

-- table finding_decisions
CREATE TABLE finding_decisions (
	finding_id INTEGER PRIMARY KEY REFERENCES findings (id),
	case_id    INTEGER NOT NULL REFERENCES cases (id),
	match      TEXT    NOT NULL,
	-- JSON ReviewDecision
	decision   TEXT    NOT NULL,
	decided_by INTEGER NOT NULL,
	decided_at TEXT    NOT NULL
) STRICT;

-- table findings
CREATE TABLE findings (
	id           INTEGER PRIMARY KEY,
	platform     TEXT    NOT NULL,
	kind         TEXT    NOT NULL,
	subject_id   TEXT    NOT NULL,
	-- hex SHA-256 of the canonical JSON of versions
	versions_key TEXT    NOT NULL,
	versions     TEXT    NOT NULL,
	account_id   TEXT    NOT NULL DEFAULT '',
	action       TEXT    NOT NULL,
	score        REAL    NOT NULL,
	rule         TEXT    NOT NULL,
	reason       TEXT    NOT NULL,
	basis        TEXT    NOT NULL,
	-- JSON; NULL when absent
	shadow       TEXT,
	origin       TEXT,
	created_at   TEXT    NOT NULL,
	stored_at    TEXT    NOT NULL, incidents TEXT, priority INTEGER NOT NULL DEFAULT 0,
	UNIQUE (platform, kind, subject_id, versions_key)
) STRICT;

-- table idempotent_responses
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

-- table inbox_keys
CREATE TABLE inbox_keys (
	key         TEXT    PRIMARY KEY,
	sender      TEXT    NOT NULL,
	kind        TEXT    NOT NULL CHECK (kind IN ('referral', 'order', 'preservation')),
	record_id   INTEGER NOT NULL,
	received_at TEXT    NOT NULL
) STRICT;

-- table incidents
CREATE TABLE incidents (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	platform    TEXT NOT NULL,
	status      TEXT NOT NULL,
	incident_id INTEGER NOT NULL DEFAULT 0,
	updated_at  TEXT NOT NULL,
	body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

-- table items
CREATE TABLE items (
	id            INTEGER PRIMARY KEY,
	platform      TEXT    NOT NULL,
	kind          TEXT    NOT NULL,
	item_id       TEXT    NOT NULL,
	account_id    TEXT    NOT NULL DEFAULT '',
	created_at    TEXT    NOT NULL,
	ingested_at   TEXT    NOT NULL,
	-- hex SHA-256 of body, for chain of custody
	sha256        TEXT    NOT NULL,
	-- the native JSON record (rampart.Item.MarshalJSON)
	body          TEXT    NOT NULL,
	origin_file   TEXT    NOT NULL DEFAULT '',
	origin_line   INTEGER NOT NULL DEFAULT 0,
	origin_path   TEXT    NOT NULL DEFAULT '',
	origin_format TEXT    NOT NULL DEFAULT '',
	-- JSON array of reader flags, NULL when none
	flags         TEXT,
	UNIQUE (platform, kind, item_id)
) STRICT;

-- table orders
CREATE TABLE orders (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	platform    TEXT NOT NULL,
	status      TEXT NOT NULL,
	incident_id INTEGER NOT NULL DEFAULT 0,
	updated_at  TEXT NOT NULL,
	body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

-- table preservations
CREATE TABLE preservations (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	platform    TEXT NOT NULL,
	status      TEXT NOT NULL,
	incident_id INTEGER NOT NULL DEFAULT 0,
	updated_at  TEXT NOT NULL,
	body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

-- table referrals
CREATE TABLE referrals (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	platform    TEXT NOT NULL,
	status      TEXT NOT NULL,
	incident_id INTEGER NOT NULL DEFAULT 0,
	updated_at  TEXT NOT NULL,
	body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

-- table schema_migrations
CREATE TABLE schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
) STRICT;

-- table sessions
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

-- table signals
CREATE TABLE signals (
	id            INTEGER PRIMARY KEY,
	finding_id    INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
	-- position in Finding.Signals, so that order round-trips
	ord           INTEGER NOT NULL,
	detector      TEXT    NOT NULL,
	kind          TEXT    NOT NULL,
	entity        TEXT    NOT NULL DEFAULT '',
	grp           TEXT    NOT NULL DEFAULT '',
	score         REAL    NOT NULL,
	-- JSON; NULL when empty
	jurisdictions TEXT,
	attrs         TEXT,
	evidence      TEXT,
	UNIQUE (finding_id, ord)
) STRICT;

-- table sqlite_sequence
CREATE TABLE sqlite_sequence(name,seq);

-- table user_passwords
CREATE TABLE user_passwords (
	user_id    INTEGER PRIMARY KEY REFERENCES users (id),
	-- $argon2id$v=19$m=…,t=…,p=…$salt$hash
	hash       TEXT    NOT NULL,
	updated_at TEXT    NOT NULL
) STRICT;

-- table users
CREATE TABLE users (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL UNIQUE,
	role       TEXT    NOT NULL,
	platform   TEXT    NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at TEXT    NOT NULL
) STRICT;

-- table version_entities
CREATE TABLE version_entities (
	version_id INTEGER NOT NULL REFERENCES designation_versions (id) ON DELETE CASCADE,
	-- position in the list as read, so that order round-trips
	ord        INTEGER NOT NULL,
	entity_id  TEXT    NOT NULL,
	-- JSON rampart.Entity
	entity     TEXT    NOT NULL,
	-- the list's own comment on the entry; '' when none
	note       TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (version_id, ord)
) STRICT;

-- index api_tokens_user
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- index appeals_platform
CREATE INDEX appeals_platform ON appeals (platform, status);

-- index case_findings_finding
CREATE INDEX case_findings_finding ON case_findings (finding_id);

-- index cases_group
CREATE INDEX cases_group    ON cases (group_by, group_key);

-- index cases_incident
CREATE INDEX cases_incident ON cases (incident_id) WHERE incident_id <> 0;

-- index cases_platform
CREATE INDEX cases_platform ON cases (platform, id);

-- index cases_queue
CREATE INDEX cases_queue    ON cases (status, threat_to_life DESC, priority DESC, deadline, id);

-- index cases_tagged
CREATE INDEX cases_tagged ON cases (id) WHERE incidents IS NOT NULL;

-- index designation_versions_list
CREATE INDEX designation_versions_list ON designation_versions (list, id);

-- index finding_decisions_case
CREATE INDEX finding_decisions_case ON finding_decisions (case_id);

-- index findings_action
CREATE INDEX findings_action   ON findings (action, created_at);

-- index findings_created
CREATE INDEX findings_created  ON findings (created_at, id);

-- index findings_platform
CREATE INDEX findings_platform ON findings (platform, created_at);

-- index findings_tagged
CREATE INDEX findings_tagged ON findings (id) WHERE incidents IS NOT NULL;

-- index items_account
CREATE INDEX items_account ON items (platform, account_id);

-- index items_created
CREATE INDEX items_created ON items (created_at);

-- index orders_platform
CREATE INDEX orders_platform ON orders (platform, status);

-- index preservations_platform
CREATE INDEX preservations_platform ON preservations (platform, status);

-- index referrals_platform
CREATE INDEX referrals_platform ON referrals (platform, status);

-- index sessions_user
CREATE INDEX sessions_user ON sessions (user_id);

-- index signals_entity
CREATE INDEX signals_entity ON signals (entity);

-- index signals_grp
CREATE INDEX signals_grp    ON signals (grp);

