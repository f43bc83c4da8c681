-- 0008: crisis incidents tag findings, and a case keeps every incident
-- that covers it.
--
-- A finding stored while an active incident covered it carries the
-- incidents' ids (a JSON array, lowest first; NULL for none) and its raised
-- priority (0 when no incident raised it). The partial index keeps the
-- incident filter to the tagged rows, which are few outside a surge.
ALTER TABLE findings ADD COLUMN incidents TEXT;
ALTER TABLE findings ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX findings_tagged ON findings (id) WHERE incidents IS NOT NULL;

-- A case covered by several incidents lists them all; incident_id stays
-- the primary one. Cases tagged before this migration had one.
ALTER TABLE cases ADD COLUMN incidents TEXT;
UPDATE cases SET incidents = json_array(incident_id) WHERE incident_id <> 0;
CREATE INDEX cases_tagged ON cases (id) WHERE incidents IS NOT NULL;
