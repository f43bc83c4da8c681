-- Referrals, orders, preservation requests, appeals and crisis incidents.
-- Each record is kept whole as JSON (body) with the columns that lists
-- filter on beside it; the casework service owns the record's rules and
-- every change is written with its audit record in one transaction.
CREATE TABLE referrals (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	platform    TEXT NOT NULL,
	status      TEXT NOT NULL,
	incident_id INTEGER NOT NULL DEFAULT 0,
	updated_at  TEXT NOT NULL,
	body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX referrals_platform ON referrals (platform, status);

CREATE TABLE orders (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	platform    TEXT NOT NULL,
	status      TEXT NOT NULL,
	incident_id INTEGER NOT NULL DEFAULT 0,
	updated_at  TEXT NOT NULL,
	body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX orders_platform ON orders (platform, status);

CREATE TABLE preservations (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	platform    TEXT NOT NULL,
	status      TEXT NOT NULL,
	incident_id INTEGER NOT NULL DEFAULT 0,
	updated_at  TEXT NOT NULL,
	body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX preservations_platform ON preservations (platform, status);

CREATE TABLE appeals (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	platform    TEXT NOT NULL,
	status      TEXT NOT NULL,
	incident_id INTEGER NOT NULL DEFAULT 0,
	updated_at  TEXT NOT NULL,
	body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX appeals_platform ON appeals (platform, status);

CREATE TABLE incidents (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	platform    TEXT NOT NULL,
	status      TEXT NOT NULL,
	incident_id INTEGER NOT NULL DEFAULT 0,
	updated_at  TEXT NOT NULL,
	body        TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
