package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rampart-tt/rampart"
)

// scopePlatform returns the platform a principal is confined to, "" for
// none. A liaison whose user lost its platform sees nothing.
func scopePlatform(p rampart.Principal) (string, error) {
	if p.Role != rampart.RolePlatformLiaison {
		return "", nil
	}
	if p.Platform == "" {
		return "", forbidden("%v; ask an admin to recreate the user with a platform", errNoPlatform)
	}
	return p.Platform, nil
}

// Findings lists stored findings; a platform liaison sees only its platform.
func (s *Service) Findings(ctx context.Context, p rampart.Principal, f rampart.FindingRecordFilter) ([]rampart.FindingRecord, error) {
	scope, err := scopePlatform(p)
	if err != nil {
		return nil, err
	}
	if scope != "" {
		if f.Platform != "" && f.Platform != scope {
			return nil, forbidden("you are scoped to platform %q", scope)
		}
		f.Platform = scope
	}
	return s.cases.FindingRecords(ctx, f)
}

// NewCase is a request to open a case from the findings of one account,
// cluster or entity. Findings narrows the case to those finding ids (all of
// which must belong to the group); empty takes every finding of the group.
type NewCase struct {
	Title        string  `json:"title,omitempty"`
	GroupBy      string  `json:"group_by"`
	Key          string  `json:"key"`
	Platform     string  `json:"platform,omitempty"`
	Findings     []int64 `json:"findings,omitempty"`
	ThreatToLife bool    `json:"threat_to_life,omitempty"`
}

// maxCaseFindings bounds one case, so that a request cannot pull the whole
// store into a row.
const maxCaseFindings = 10000

func (r NewCase) validate() error {
	var fe FieldErrors
	switch r.GroupBy {
	case rampart.GroupAccount, rampart.GroupCluster, rampart.GroupEntity:
	default:
		fe.add("group_by", fmt.Sprintf("%q: want account, cluster or entity", r.GroupBy))
	}
	if strings.TrimSpace(r.Key) == "" {
		fe.add("key", "name the account id, cluster id or entity id the case is about")
	}
	if len(r.Title) > 200 {
		fe.add("title", "must be at most 200 bytes")
	}
	if len(r.Findings) > maxCaseFindings {
		fe.add("findings", fmt.Sprintf("at most %d findings per case", maxCaseFindings))
	}
	for i, id := range r.Findings {
		if id <= 0 {
			fe.add(fmt.Sprintf("findings[%d]", i), "finding ids are positive")
		}
	}
	return fe.err("invalid case")
}

// CreateCase opens a case. Its priority, deadline and proposed action come
// from the findings.
func (s *Service) CreateCase(ctx context.Context, p rampart.Principal, r NewCase) (rampart.Case, error) {
	if err := r.validate(); err != nil {
		return rampart.Case{}, err
	}
	f := rampart.FindingRecordFilter{Platform: r.Platform, IDs: r.Findings, Limit: maxCaseFindings + 1}
	switch r.GroupBy {
	case rampart.GroupAccount:
		f.AccountID = r.Key
	case rampart.GroupCluster:
		f.Cluster = r.Key
	case rampart.GroupEntity:
		f.Entity = r.Key
	}
	recs, err := s.cases.FindingRecords(ctx, f)
	if err != nil {
		return rampart.Case{}, fmt.Errorf("find the case's findings: %w", err)
	}
	if len(recs) > maxCaseFindings {
		return rampart.Case{}, rampart.Errorf(rampart.EINVALID, "the %s %q has more than %d findings; name the ones the case is about in findings", r.GroupBy, r.Key, maxCaseFindings)
	}
	var fe FieldErrors
	if len(recs) == 0 {
		fe.add("key", fmt.Sprintf("no stored findings for %s %q%s", r.GroupBy, r.Key, platformNote(r.Platform)))
	}
	if len(r.Findings) > 0 {
		have := map[int64]bool{}
		for _, rec := range recs {
			have[rec.ID] = true
		}
		for i, id := range r.Findings {
			if !have[id] {
				fe.add(fmt.Sprintf("findings[%d]", i), fmt.Sprintf("finding %d does not exist or is not about %s %q", id, r.GroupBy, r.Key))
			}
		}
	}
	if err := fe.err("invalid case"); err != nil {
		return rampart.Case{}, err
	}
	now := s.now()
	k := rampart.Case{Title: r.Title, GroupBy: r.GroupBy, Key: r.Key, Platform: r.Platform, Status: rampart.CaseOpen,
		ThreatToLife: r.ThreatToLife, CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now, Action: rampart.ActionNone}
	platforms := map[string]bool{}
	for _, rec := range recs {
		k.Findings = append(k.Findings, rec.ID)
		k.Confidence = max(k.Confidence, rec.Score)
		if rec.Action.Severity() > k.Action.Severity() {
			k.Action = rec.Action
		}
		platforms[rec.Platform] = true
	}
	if k.Platform == "" && len(platforms) == 1 {
		k.Platform = recs[0].Platform
	}
	if scope, err := scopePlatform(p); err != nil || (scope != "" && scope != k.Platform) {
		return rampart.Case{}, forbidden("you may open cases only on your own platform")
	}
	if k.Title == "" {
		k.Title = fmt.Sprintf("%s %s", r.GroupBy, r.Key)
	}
	slices.Sort(k.Findings)
	k.Priority = Priority(k.Confidence, k.Action)
	k.Deadline = s.deadline(now, k.ThreatToLife, k.Action)
	if err := s.applyCrisis(ctx, &k, recs, now); err != nil {
		return rampart.Case{}, err
	}
	return s.cases.CreateCase(ctx, k, rampart.AuditEntry{Actor: p.Actor(), Action: "case.create"})
}

func platformNote(p string) string {
	if p == "" {
		return ""
	}
	return " on " + p
}

// Case returns one case; a platform liaison may read only its platform's.
func (s *Service) Case(ctx context.Context, p rampart.Principal, id int64) (rampart.Case, error) {
	k, err := s.cases.Case(ctx, id)
	if err != nil {
		return k, err
	}
	if err := s.canSee(p, k); err != nil {
		return rampart.Case{}, err
	}
	return k, nil
}

func (s *Service) canSee(p rampart.Principal, k rampart.Case) error {
	scope, err := scopePlatform(p)
	if err != nil {
		return err
	}
	if scope != "" && k.Platform != scope {
		return forbidden("case %d is not on your platform %q", k.ID, scope)
	}
	return nil
}

// Cases lists cases; a platform liaison sees only its platform's.
func (s *Service) Cases(ctx context.Context, p rampart.Principal, f rampart.CaseFilter) ([]rampart.Case, error) {
	scope, err := scopePlatform(p)
	if err != nil {
		return nil, err
	}
	if scope != "" {
		if f.Platform != "" && f.Platform != scope {
			return nil, forbidden("you are scoped to platform %q", scope)
		}
		f.Platform = scope
	}
	for i, st := range f.Statuses {
		if !validStatus(st) {
			return nil, &rampart.Error{Code: rampart.EINVALID, Message: fmt.Sprintf("status %q is not a case status", st),
				Err: FieldErrors{{Field: fmt.Sprintf("status[%d]", i), Detail: "want open, in_review, decided or closed"}}}
		}
	}
	return s.cases.Cases(ctx, f)
}

// Assign gives a case to a user (0 unassigns).
func (s *Service) Assign(ctx context.Context, p rampart.Principal, id, assignee int64) (rampart.Case, error) {
	if assignee != 0 {
		u, err := s.users.User(ctx, assignee)
		if rampart.ErrorCode(err) == rampart.ENOTFOUND {
			return rampart.Case{}, &rampart.Error{Code: rampart.EINVALID, Message: err.Error(),
				Err: FieldErrors{{Field: "assignee", Detail: err.Error()}}}
		}
		if err != nil {
			return rampart.Case{}, err
		}
		switch u.Role {
		case rampart.RoleAuditor, rampart.RolePlatformLiaison:
			return rampart.Case{}, &rampart.Error{Code: rampart.EINVALID, Message: fmt.Sprintf("user %q is an %s and cannot work cases", u.Name, u.Role),
				Err: FieldErrors{{Field: "assignee", Detail: "assign an analyst, reviewer, supervisor or admin"}}}
		}
	}
	return s.cases.UpdateCase(ctx, id, func(k *rampart.Case) (rampart.AuditEntry, error) {
		if k.Status == rampart.CaseClosed {
			return rampart.AuditEntry{}, conflict("case %d is closed", id)
		}
		from := k.Assignee
		k.Assignee, k.UpdatedAt = assignee, s.now()
		return rampart.AuditEntry{Actor: p.Actor(), Action: "case.assign", Data: map[string]int64{"from": from, "to": assignee}}, nil
	})
}

// Transition moves a case to the next status. Deciding goes through the
// review (Decide), which records what was decided; this refuses it.
func (s *Service) Transition(ctx context.Context, p rampart.Principal, id int64, to rampart.CaseStatus) (rampart.Case, error) {
	if !validStatus(to) {
		return rampart.Case{}, &rampart.Error{Code: rampart.EINVALID, Message: fmt.Sprintf("status %q is not a case status", to),
			Err: FieldErrors{{Field: "status", Detail: "want open, in_review, decided or closed"}}}
	}
	return s.cases.UpdateCase(ctx, id, func(k *rampart.Case) (rampart.AuditEntry, error) {
		if !CanMove(k.Status, to) {
			return rampart.AuditEntry{}, conflict("case %d cannot go from %s to %s; a case goes open → in_review → decided → closed", id, k.Status, to)
		}
		if to == rampart.CaseDecided {
			return rampart.AuditEntry{}, conflict("case %d is decided through its review (POST /api/v1/reviews/%d/decide), which records the decision", id, id)
		}
		from := k.Status
		k.Status, k.UpdatedAt = to, s.now()
		if to == rampart.CaseClosed {
			k.Claim = nil
		}
		return rampart.AuditEntry{Actor: p.Actor(), Action: "case.transition", Data: map[string]rampart.CaseStatus{"from": from, "to": to}}, nil
	})
}
