-- 0007: crisis incidents reach cases, and the inbox remembers deliveries.
--
-- A case opened while a crisis incident covered one of its findings is
-- tagged with it (0 for none), so that the case list filters on it and the
-- incident's report counts its cases.
ALTER TABLE cases ADD COLUMN incident_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_incident ON cases (incident_id) WHERE incident_id <> 0;

-- One row per idempotency key a platform's inbox applied: the key is
-- written in the same transaction as the record it created, so a delivery
-- is applied once even across restarts.
CREATE TABLE inbox_keys (
	key         TEXT    PRIMARY KEY,
	sender      TEXT    NOT NULL,
	kind        TEXT    NOT NULL CHECK (kind IN ('referral', 'order', 'preservation')),
	record_id   INTEGER NOT NULL,
	received_at TEXT    NOT NULL
) STRICT;
