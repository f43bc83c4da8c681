-- 0001: items, findings and their signals, mirroring sqlite's 0001.
--
-- Times are text in RFC 3339 with exactly nine fractional digits in UTC
-- ("2006-01-02T15:04:05.000000000Z") under the "C" collation, so that text
-- order is time order whatever the database's locale; timestamptz would keep
-- only microseconds. The zero time is "0001-01-01T00:00:00.000000000Z".
-- JSON is kept as text so that it comes back byte for byte.

CREATE TABLE items (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	platform      text   NOT NULL,
	kind          text   NOT NULL,
	item_id       text   NOT NULL,
	account_id    text   NOT NULL DEFAULT '',
	created_at    text   COLLATE "C" NOT NULL,
	ingested_at   text   COLLATE "C" NOT NULL,
	-- hex SHA-256 of body, for chain of custody
	sha256        text   NOT NULL,
	-- the native JSON record (rampart.Item.MarshalJSON)
	body          text   NOT NULL,
	origin_file   text   NOT NULL DEFAULT '',
	origin_line   bigint NOT NULL DEFAULT 0,
	origin_path   text   NOT NULL DEFAULT '',
	origin_format text   NOT NULL DEFAULT '',
	-- JSON array of reader flags, NULL when none
	flags         text,
	UNIQUE (platform, kind, item_id)
);

CREATE INDEX items_account ON items (platform, account_id);
CREATE INDEX items_created ON items (created_at);

CREATE TABLE findings (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	platform     text   NOT NULL,
	kind         text   NOT NULL,
	subject_id   text   NOT NULL,
	-- hex SHA-256 of the canonical JSON of versions
	versions_key text   NOT NULL,
	versions     text   NOT NULL,
	account_id   text   NOT NULL DEFAULT '',
	action       text   COLLATE "C" NOT NULL,
	score        double precision NOT NULL,
	rule         text   NOT NULL,
	reason       text   NOT NULL,
	basis        text   NOT NULL,
	-- JSON; NULL when absent
	shadow       text,
	origin       text,
	created_at   text   COLLATE "C" NOT NULL,
	stored_at    text   COLLATE "C" NOT NULL,
	UNIQUE (platform, kind, subject_id, versions_key)
);

CREATE INDEX findings_created  ON findings (created_at, id);
CREATE INDEX findings_action   ON findings (action, created_at);
CREATE INDEX findings_platform ON findings (platform, created_at);

CREATE TABLE signals (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	finding_id    bigint NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
	-- position in Finding.Signals, so that order round-trips
	ord           integer NOT NULL,
	detector      text   NOT NULL,
	kind          text   NOT NULL,
	entity        text   NOT NULL DEFAULT '',
	grp           text   NOT NULL DEFAULT '',
	score         double precision NOT NULL,
	-- JSON; NULL when empty
	jurisdictions text,
	attrs         text,
	evidence      text,
	UNIQUE (finding_id, ord)
);

CREATE INDEX signals_entity ON signals (entity);
CREATE INDEX signals_grp    ON signals (grp);
