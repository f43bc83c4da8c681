-- 0002: the audit log (package audit): one hash-chained record per row.
--
-- seq is the primary key, so two writers can never both append record n:
-- the chain cannot fork. Times use the same fixed-width text as 0001. data
-- is the record's canonical JSON (RFC 8785 subset, see audit/README.md),
-- kept as text because its exact bytes are hashed.

CREATE TABLE audit_log (
	seq     bigint PRIMARY KEY CHECK (seq > 0),
	time    text   COLLATE "C" NOT NULL,
	actor   text   NOT NULL,
	action  text   NOT NULL,
	subject text   NOT NULL,
	data    text,
	prev    text   NOT NULL,
	hash    text   NOT NULL
);
