-- 0004: casework round 2: decisions applied to single findings (duplicates
-- of a decided case), legal hold and sealed evidence originals.
--
-- finding_decisions: a decided case's decision applied to a duplicate
-- finding (same media hash or coordination cluster) that a reviewer chose
-- after a preview. One decision per finding.

CREATE TABLE finding_decisions (
	finding_id INTEGER PRIMARY KEY REFERENCES findings (id),
	case_id    INTEGER NOT NULL REFERENCES cases (id),
	match      TEXT    NOT NULL,
	-- JSON ReviewDecision
	decision   TEXT    NOT NULL,
	decided_by INTEGER NOT NULL,
	decided_at TEXT    NOT NULL
) STRICT;

CREATE INDEX finding_decisions_case ON finding_decisions (case_id);

-- Legal hold (case.go Case.LegalHold): keeps a case and its evidence from
-- retention.
ALTER TABLE cases ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;

-- Media originals of cases under legal hold, sealed with AES-GCM by the
-- casework service before they reach the store: never kept in clear.
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
