package casework

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/rampart-tt/rampart"
)

// Duplicate is a finding outside a case that shares a media hash or a
// coordination cluster with one of the case's findings.
type Duplicate struct {
	rampart.FindingRecord
	// Match says why, e.g. ["media:pdq:f8f8…", "cluster:c-68dfcc8aef10"].
	Match []string `json:"match"`
}

// DuplicatePreview is what applying a case's decision to its duplicates
// would touch.
type DuplicatePreview struct {
	CaseID int64 `json:"case_id"`
	// Decision is what apply would copy; nil until the case is decided.
	Decision   *rampart.ReviewDecision `json:"decision,omitempty"`
	Duplicates []Duplicate             `json:"duplicates"`
}

// ApplyDuplicates names the duplicates, from a preview, that get the
// case's decision.
type ApplyDuplicates struct {
	Findings []int64 `json:"findings"`
}

// AppliedDuplicates is the outcome of applying, finding by finding: each
// one commits on its own with its own audit record.
type AppliedDuplicates struct {
	Applied []rampart.FindingDecision `json:"applied"`
	Failed  []FailedDuplicate         `json:"failed"`
}

// FailedDuplicate is a finding the decision could not be applied to.
type FailedDuplicate struct {
	FindingID int64  `json:"finding_id"`
	Code      string `json:"code"`
	Detail    string `json:"detail"`
}

// Bounds that keep a preview cheap: a case with very many hashes or
// clusters is an account-wide sweep, which is a new case, not a duplicate
// search.
const (
	maxDuplicateKeys = 100
	maxDuplicates    = 1000
)

// PreviewDuplicates lists the open findings (in no decided or closed case
// and not decided on their own) that share a media hash (the evidence of a
// hash-match signal) or a coordination cluster with the findings of case
// id.
func (s *Service) PreviewDuplicates(ctx context.Context, p rampart.Principal, id int64) (DuplicatePreview, error) {
	k, err := s.Case(ctx, p, id)
	if err != nil {
		return DuplicatePreview{}, err
	}
	own, err := s.cases.FindingRecords(ctx, rampart.FindingRecordFilter{IDs: k.Findings})
	if err != nil {
		return DuplicatePreview{}, fmt.Errorf("read case %d findings: %w", id, err)
	}
	keys := duplicateKeys(own)
	if len(keys) > maxDuplicateKeys {
		return DuplicatePreview{}, rampart.Errorf(rampart.EINVALID,
			"case %d has %d media hashes and clusters; duplicates are searched for at most %d — open a case per cluster instead", id, len(keys), maxDuplicateKeys)
	}
	closed, err := s.settledFindings(ctx)
	if err != nil {
		return DuplicatePreview{}, err
	}
	for _, f := range k.Findings {
		closed[f] = true
	}
	scope, err := scopePlatform(p)
	if err != nil {
		return DuplicatePreview{}, err
	}
	byID := map[int64]*Duplicate{}
	for _, key := range keys {
		f := rampart.FindingRecordFilter{Platform: scope, Limit: maxDuplicates + 1}
		if key.media {
			f.MediaHash = key.value
		} else {
			f.Cluster = key.value
		}
		recs, err := s.cases.FindingRecords(ctx, f)
		if err != nil {
			return DuplicatePreview{}, fmt.Errorf("find duplicates by %s: %w", key, err)
		}
		for _, r := range recs {
			if closed[r.ID] {
				continue
			}
			d := byID[r.ID]
			if d == nil {
				d = &Duplicate{FindingRecord: r}
				byID[r.ID] = d
			}
			d.Match = append(d.Match, key.String())
		}
		if len(byID) > maxDuplicates {
			return DuplicatePreview{}, rampart.Errorf(rampart.EINVALID, "case %d has more than %d duplicates; open cases for its clusters instead", id, maxDuplicates)
		}
	}
	if ds, ok := s.cases.(rampart.FindingDecisionStore); ok && len(byID) > 0 {
		ids := make([]int64, 0, len(byID))
		for id := range byID {
			ids = append(ids, id)
		}
		decided, err := ds.FindingDecisions(ctx, ids)
		if err != nil {
			return DuplicatePreview{}, err
		}
		for id := range decided {
			delete(byID, id)
		}
	}
	out := DuplicatePreview{CaseID: id, Decision: k.Decision, Duplicates: []Duplicate{}}
	for _, d := range byID {
		out.Duplicates = append(out.Duplicates, *d)
	}
	slices.SortFunc(out.Duplicates, func(a, b Duplicate) int { return int(a.ID - b.ID) })
	return out, nil
}

// ApplyDuplicates gives the chosen duplicates of case id the case's
// decision, each in its own transaction with its own audit record
// (review.apply_duplicate on finding/<id>). The case must be decided, and
// every chosen finding must be in the current preview.
func (s *Service) ApplyDuplicates(ctx context.Context, p rampart.Principal, id int64, r ApplyDuplicates) (AppliedDuplicates, error) {
	var fe FieldErrors
	if len(r.Findings) == 0 {
		fe.add("findings", "name at least one finding id from the preview")
	}
	if len(r.Findings) > maxDuplicates {
		fe.add("findings", fmt.Sprintf("at most %d findings at once", maxDuplicates))
	}
	if err := fe.err("invalid duplicates"); err != nil {
		return AppliedDuplicates{}, err
	}
	ds, ok := s.cases.(rampart.FindingDecisionStore)
	if !ok {
		return AppliedDuplicates{}, rampart.Errorf(rampart.EINTERNAL, "this store cannot record decisions on single findings")
	}
	pre, err := s.PreviewDuplicates(ctx, p, id)
	if err != nil {
		return AppliedDuplicates{}, err
	}
	if pre.Decision == nil {
		return AppliedDuplicates{}, conflict("case %d is not decided yet; decide it before applying its decision to duplicates", id)
	}
	match := map[int64][]string{}
	for _, d := range pre.Duplicates {
		match[d.ID] = d.Match
	}
	seen := map[int64]bool{}
	for i, f := range r.Findings {
		if _, ok := match[f]; !ok {
			fe.add(fmt.Sprintf("findings[%d]", i), fmt.Sprintf("finding %d is not an open duplicate of case %d; preview again", f, id))
		}
		if seen[f] {
			fe.add(fmt.Sprintf("findings[%d]", i), fmt.Sprintf("finding %d is named twice", f))
		}
		seen[f] = true
	}
	if err := fe.err("invalid duplicates"); err != nil {
		return AppliedDuplicates{}, err
	}
	out := AppliedDuplicates{Applied: []rampart.FindingDecision{}, Failed: []FailedDuplicate{}}
	for _, f := range r.Findings {
		d := rampart.FindingDecision{FindingID: f, CaseID: id, Match: match[f][0], Decision: *pre.Decision,
			DecidedBy: p.UserID, DecidedAt: s.now()}
		got, err := ds.DecideFinding(ctx, d, rampart.AuditEntry{Actor: p.Actor(), Action: "review.apply_duplicate"})
		if err != nil {
			if ctx.Err() != nil {
				return out, err
			}
			fd := FailedDuplicate{FindingID: f, Code: rampart.ErrorCode(err), Detail: "internal error; see the server log"}
			var re *rampart.Error
			if fd.Code != rampart.EINTERNAL && errors.As(err, &re) {
				fd.Detail = re.Message
			} else {
				s.opt.Logger.ErrorContext(ctx, "apply duplicate decision", "case", id, "finding", f, "err", err)
			}
			out.Failed = append(out.Failed, fd)
			continue
		}
		out.Applied = append(out.Applied, got)
	}
	return out, nil
}

// settledFindings returns the findings of decided and closed cases.
func (s *Service) settledFindings(ctx context.Context) (map[int64]bool, error) {
	ks, err := s.cases.Cases(ctx, rampart.CaseFilter{Statuses: []rampart.CaseStatus{rampart.CaseDecided, rampart.CaseClosed}})
	if err != nil {
		return nil, fmt.Errorf("list decided cases: %w", err)
	}
	out := map[int64]bool{}
	for _, k := range ks {
		for _, f := range k.Findings {
			out[f] = true
		}
	}
	return out, nil
}

// dupKey is one media hash or cluster a case's findings carry.
type dupKey struct {
	media bool
	value string
}

func (k dupKey) String() string {
	if k.media {
		return "media:" + k.value
	}
	return "cluster:" + k.value
}

// duplicateKeys collects the media hashes (evidence of hash-match signals)
// and clusters (attrs.cluster of coordination signals) of recs, in first
// seen order.
func duplicateKeys(recs []rampart.FindingRecord) []dupKey {
	var keys []dupKey
	seen := map[dupKey]bool{}
	add := func(k dupKey) {
		if k.value != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, r := range recs {
		for _, sig := range r.Signals {
			switch sig.Kind {
			case rampart.SignalHashMatch:
				for _, ev := range sig.Evidence {
					add(dupKey{media: true, value: ev.Text})
				}
			case rampart.SignalCoordinated:
				add(dupKey{value: clusterText(sig.Attrs["cluster"])})
			}
		}
	}
	return keys
}

// clusterText renders a cluster id the way the stores compare it: strings
// as they are, numbers in their shortest form.
func clusterText(v any) string {
	switch c := v.(type) {
	case string:
		return c
	case float64:
		return strconv.FormatFloat(c, 'f', -1, 64)
	case int:
		return strconv.Itoa(c)
	case int64:
		return strconv.FormatInt(c, 10)
	}
	return ""
}
