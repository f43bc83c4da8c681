-- 0001: items, findings and their signals.
--
-- Times are TEXT in RFC 3339 with exactly nine fractional digits in UTC
-- ("2006-01-02T15:04:05.000000000Z"), so that text order is time order and
-- range filters can use the indexes. The zero time is stored as
-- "0001-01-01T00:00:00.000000000Z".

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

CREATE INDEX items_account ON items (platform, account_id);
CREATE INDEX items_created ON items (created_at);

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

CREATE INDEX findings_created  ON findings (created_at, id);
CREATE INDEX findings_action   ON findings (action, created_at);
CREATE INDEX findings_platform ON findings (platform, created_at);

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

CREATE INDEX signals_entity ON signals (entity);
CREATE INDEX signals_grp    ON signals (grp);
