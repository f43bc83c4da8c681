-- 0007: crisis incidents tag findings, and a case keeps every incident
-- that covers it (sqlite's 0008).
--
-- A finding stored while an active incident covered it carries the
-- incidents' ids (JSON text, lowest first; NULL for none) and its raised
-- priority (0 when no incident raised it). The partial index keeps the
-- incident filter to the tagged rows, which are few outside a surge.
ALTER TABLE findings ADD COLUMN incidents text;
ALTER TABLE findings ADD COLUMN priority integer NOT NULL DEFAULT 0;
CREATE INDEX findings_tagged ON findings (id) WHERE incidents IS NOT NULL;

-- A case covered by several incidents lists them all; incident_id stays
-- the primary one. Cases tagged before this migration had one.
ALTER TABLE cases ADD COLUMN incidents text;
UPDATE cases SET incidents = '[' || incident_id || ']' WHERE incident_id <> 0;
CREATE INDEX cases_tagged ON cases (id) WHERE incidents IS NOT NULL;
