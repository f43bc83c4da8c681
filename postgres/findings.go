package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/internal/storable"
)

// insertFindings writes a batch of findings and their signals in one
// statement. fin unnests the findings (n is the position in the batch); ins
// inserts them in batch order, so ids (the tie-break of the findings order)
// follow the order they were given, and returns only the new ones; sig
// inserts the signals of exactly those. Data-modifying CTEs run to
// completion whether or not the outer query reads them.
const insertFindings = `WITH fin AS (
	SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
		$9::float8[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $27::text[], $28::int[])
		AS t(n, platform, kind, subject_id, versions_key, versions, account_id, action, score, rule, reason, basis,
			shadow, origin, created_at, incidents, priority)
), ins AS (
	INSERT INTO findings (platform, kind, subject_id, versions_key, versions, account_id, action, score, rule, reason,
		basis, shadow, origin, created_at, stored_at, incidents, priority)
	SELECT platform, kind, subject_id, versions_key, versions, account_id, action, score, rule, reason, basis,
		shadow, origin, created_at, $26, incidents, priority FROM fin ORDER BY n
	ON CONFLICT (platform, kind, subject_id, versions_key) DO NOTHING
	RETURNING id, platform, kind, subject_id, versions_key
), sig AS (
	INSERT INTO signals (finding_id, ord, detector, kind, entity, grp, score, jurisdictions, attrs, evidence)
	SELECT ins.id, s.ord, s.detector, s.skind, s.entity, s.grp, s.score, s.jur, s.attrs, s.evidence
	FROM ins JOIN fin USING (platform, kind, subject_id, versions_key)
	JOIN unnest($16::int[], $17::int[], $18::text[], $19::text[], $20::text[], $21::text[], $22::float8[],
		$23::text[], $24::text[], $25::text[])
		AS s(n, ord, detector, skind, entity, grp, score, jur, attrs, evidence) ON s.n = fin.n
)
SELECT count(*) FROM ins`

// mergeTags adds crisis tags to findings that were already stored under
// the same subject and versions (the rows insertFindings skipped): the
// sorted union of the incident ids, and the higher priority. Rows just
// inserted already hold exactly these tags, so the update leaves them as
// they are.
const mergeTags = `UPDATE findings f SET
	incidents = (SELECT jsonb_agg(DISTINCT x ORDER BY x)::text
		FROM jsonb_array_elements(coalesce(f.incidents, '[]')::jsonb || coalesce(t.incidents, '[]')::jsonb) x),
	priority = greatest(f.priority, t.priority)
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])
	AS t(platform, kind, subject_id, versions_key, incidents, priority)
WHERE f.platform = t.platform AND f.kind = t.kind AND f.subject_id = t.subject_id AND f.versions_key = t.versions_key
	AND (t.incidents IS NOT NULL OR t.priority > f.priority)`

// findingColumns are the arrays of one batch, in insertFindings' order.
type findingColumns struct {
	n                                                       []int32
	platform, kind, subject, key, versions, account, action []string
	score                                                   []float64
	rule, reason, basis                                     []string
	shadow, origin                                          []*string
	created                                                 []string
	incidents                                               []*string
	priority                                                []int32
	// tagged indexes the findings with crisis tags, for mergeTags.
	tagged                                    []int
	sigN, sigOrd                              []int32
	sigDetector, sigKind, sigEntity, sigGroup []string
	sigScore                                  []float64
	sigJur, sigAttrs, sigEvidence             []*string
}

// PutFindings stores findings with their signals in one transaction and
// returns how many were new. A finding is identified by its subject and the
// versions it was made under: one already stored under the same versions is
// skipped, and the stored one is kept unchanged (it records what those
// versions produced); the same subject under new versions is a new finding.
// A batch with a finding the store cannot keep exactly is refused whole with
// an EINVALID error naming it.
func (s *Store) PutFindings(ctx context.Context, findings []rampart.Finding) (added int, err error) {
	for i, f := range findings {
		if err := checkFinding(i, f); err != nil {
			return 0, err
		}
	}
	if len(findings) == 0 {
		return 0, ctx.Err()
	}
	c, err := encodeFindings(ctx, findings)
	if err != nil {
		return 0, err
	}
	stored := formatTime(s.now())
	err = s.inTx(ctx, "put findings", func(tx pgx.Tx) error {
		var n int64
		if err := tx.QueryRow(ctx, insertFindings, c.n, c.platform, c.kind, c.subject, c.key, c.versions, c.account,
			c.action, c.score, c.rule, c.reason, c.basis, c.shadow, c.origin, c.created,
			c.sigN, c.sigOrd, c.sigDetector, c.sigKind, c.sigEntity, c.sigGroup, c.sigScore, c.sigJur, c.sigAttrs,
			c.sigEvidence, stored, c.incidents, c.priority).Scan(&n); err != nil {
			return err
		}
		added = int(n)
		if len(c.tagged) == 0 {
			return nil
		}
		var p, k, sub, key []string
		var inc []*string
		var pri []int32
		for _, i := range c.tagged {
			p, k, sub, key = append(p, c.platform[i]), append(k, c.kind[i]), append(sub, c.subject[i]), append(key, c.key[i])
			inc, pri = append(inc, c.incidents[i]), append(pri, c.priority[i])
		}
		if _, err := tx.Exec(ctx, mergeTags, p, k, sub, key, inc, pri); err != nil {
			return fmt.Errorf("crisis tags: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// findingKey is a finding's identity within a batch.
type findingKey struct {
	subj rampart.Subject
	key  string
}

// encodeFindings builds the column arrays, leaving out repeats of an identity
// within the batch (the first is kept, as in the store, and the join from
// inserted rows back to their signals stays one to one). It checks ctx
// between findings, so a cancelled batch stops before any write.
func encodeFindings(ctx context.Context, findings []rampart.Finding) (findingColumns, error) {
	var c findingColumns
	seen := make(map[findingKey]bool, len(findings))
	for i, f := range findings {
		if err := ctx.Err(); err != nil {
			return c, fmt.Errorf("put findings: %w", err)
		}
		key, versions, err := versionsKey(f.Versions)
		if err != nil {
			return c, rampart.Errorf(rampart.EINVALID, "findings[%d].versions: %v", i, err)
		}
		if k := (findingKey{f.Subject(), key}); seen[k] {
			continue
		} else {
			seen[k] = true
		}
		shadow, err := jsonOrNull(f.Shadow)
		if err != nil {
			return c, rampart.Errorf(rampart.EINVALID, "findings[%d].shadow: %v", i, err)
		}
		var origin *string
		if f.Origin != nil {
			b, err := json.Marshal(f.Origin)
			if err != nil {
				return c, rampart.Errorf(rampart.EINVALID, "findings[%d].origin: %v", i, err)
			}
			o := string(b)
			origin = &o
		}
		n := int32(len(c.n))
		c.n = append(c.n, n)
		c.platform = append(c.platform, f.Platform)
		c.kind = append(c.kind, f.Kind)
		c.subject = append(c.subject, f.ID)
		c.key = append(c.key, key)
		c.versions = append(c.versions, versions)
		c.account = append(c.account, f.AccountID)
		c.action = append(c.action, string(f.Action))
		c.score = append(c.score, f.Score)
		c.rule = append(c.rule, f.Rule)
		c.reason = append(c.reason, f.Reason)
		c.basis = append(c.basis, f.Basis)
		c.shadow = append(c.shadow, shadow)
		c.origin = append(c.origin, origin)
		c.created = append(c.created, formatTime(f.CreatedAt))
		incidents, err := jsonOrNull(f.Incidents)
		if err != nil {
			return c, rampart.Errorf(rampart.EINVALID, "findings[%d].incidents: %v", i, err)
		}
		c.incidents = append(c.incidents, incidents)
		c.priority = append(c.priority, int32(f.Priority))
		if incidents != nil || f.Priority > 0 {
			c.tagged = append(c.tagged, int(n))
		}
		for j, sig := range f.Signals {
			if err := c.addSignal(n, int32(j), sig); err != nil {
				return c, rampart.Errorf(rampart.EINVALID, "findings[%d].signals[%d].%v", i, j, err)
			}
		}
	}
	// Encoding the last finding may itself have cancelled ctx.
	if err := ctx.Err(); err != nil {
		return c, fmt.Errorf("put findings: %w", err)
	}
	return c, nil
}

func (c *findingColumns) addSignal(n, ord int32, sig rampart.Signal) error {
	jur, err := jsonOrNull(sig.Jurisdictions)
	if err != nil {
		return fmt.Errorf("jurisdictions: %w", err)
	}
	ev, err := jsonOrNull(sig.Evidence)
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	var attrs *string
	if len(sig.Attrs) > 0 {
		b, err := json.Marshal(sig.Attrs)
		if err != nil {
			return fmt.Errorf("attrs: %w", err)
		}
		a := string(b)
		attrs = &a
	}
	c.sigN = append(c.sigN, n)
	c.sigOrd = append(c.sigOrd, ord)
	c.sigDetector = append(c.sigDetector, sig.Detector)
	c.sigKind = append(c.sigKind, sig.Kind)
	c.sigEntity = append(c.sigEntity, sig.Entity)
	c.sigGroup = append(c.sigGroup, sig.Group)
	c.sigScore = append(c.sigScore, sig.Score)
	c.sigJur = append(c.sigJur, jur)
	c.sigAttrs = append(c.sigAttrs, attrs)
	c.sigEvidence = append(c.sigEvidence, ev)
	return nil
}

func checkFinding(i int, f rampart.Finding) error {
	switch {
	case f.Platform == "":
		return rampart.Errorf(rampart.EINVALID, "findings[%d]: platform is empty", i)
	case f.Kind == "":
		return rampart.Errorf(rampart.EINVALID, "findings[%d]: kind is empty", i)
	case f.ID == "":
		return rampart.Errorf(rampart.EINVALID, "findings[%d]: id is empty", i)
	}
	if _, err := rampart.ParseAction(string(f.Action)); err != nil {
		return rampart.Errorf(rampart.EINVALID, "findings[%d].action: %v", i, err)
	}
	for j, id := range f.Incidents {
		if id <= 0 {
			return rampart.Errorf(rampart.EINVALID, "findings[%d].incidents[%d]: incident id %d is not positive", i, j, id)
		}
	}
	if f.Priority < 0 || f.Priority > 100 {
		return rampart.Errorf(rampart.EINVALID, "findings[%d].priority: %d is outside 0–100", i, f.Priority)
	}
	root := fmt.Sprintf("findings[%d]", i)
	if err := storable.Check(root, f); err != nil {
		return err
	}
	if err := checkColumns(root+".platform", f.Platform, root+".kind", f.Kind, root+".id", f.ID,
		root+".account_id", f.AccountID, root+".rule", f.Rule, root+".reason", f.Reason, root+".basis", f.Basis); err != nil {
		return err
	}
	for j, sig := range f.Signals {
		p := fmt.Sprintf("%s.signals[%d]", root, j)
		if err := checkColumns(p+".detector", sig.Detector, p+".kind", sig.Kind, p+".entity", sig.Entity, p+".group", sig.Group); err != nil {
			return err
		}
	}
	return nil
}

// versionsKey is the hex SHA-256 of the canonical JSON of v, computed as the
// sqlite store does: encoding/json writes struct fields in declaration order
// and map keys sorted, and omits empty Models, so equal versions always give
// equal keys (and the two stores give the same key).
func versionsKey(v rampart.Versions) (key, js string, err error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), string(b), nil
}

// jsonOrNull encodes v as JSON, or NULL when v is empty, so that an empty
// list reads back as nil.
func jsonOrNull[T any](v []T) (*string, error) {
	if len(v) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}

// CountFindings returns how many findings are stored.
func (s *Store) CountFindings(ctx context.Context) (int64, error) {
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM findings`).Scan(&n); err != nil {
		return 0, s.wrap(ctx, "count findings", err)
	}
	return n, nil
}
