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
	stored_at    TEXT    NOT NULL,
	UNIQUE (platform, kind, subject_id, versions_key)
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

-- table schema_migrations
CREATE TABLE schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
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

-- index findings_action
CREATE INDEX findings_action   ON findings (action, created_at);

-- index findings_created
CREATE INDEX findings_created  ON findings (created_at, id);

-- index findings_platform
CREATE INDEX findings_platform ON findings (platform, created_at);

-- index items_account
CREATE INDEX items_account ON items (platform, account_id);

-- index items_created
CREATE INDEX items_created ON items (created_at);

-- index signals_entity
CREATE INDEX signals_entity ON signals (entity);

-- index signals_grp
CREATE INDEX signals_grp    ON signals (grp);

