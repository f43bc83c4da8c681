-- 0002: imported designation lists and their versions.
--
-- Every import of a list is a version; nothing is updated in place, so the
-- registry a finding was made under (findings.versions names it, e.g.
-- "seed-…+un-7") can be rebuilt from the versions up to it.

CREATE TABLE designation_lists (
	-- import list code: un, ofac, fto, tel, uk, uk-sanctions, eu, nacta, csv
	list           TEXT PRIMARY KEY,
	first_imported TEXT NOT NULL
) STRICT;

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

CREATE INDEX designation_versions_list ON designation_versions (list, id);

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
