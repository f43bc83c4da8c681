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

-- index designation_versions_list
CREATE INDEX designation_versions_list ON designation_versions (list, id);

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

