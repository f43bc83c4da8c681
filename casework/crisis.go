package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// Crisis-mode limits. An incident is time-boxed: it ends by itself, and a
// longer crisis needs a supervisor to open a new one, so that raised
// priorities never linger by oversight.
const (
	MaxIncidentLength  = 7 * 24 * time.Hour
	maxIncidentEntries = 10000
)

// NewIncident opens a crisis incident (GIFCT Content Incident Protocol
// style) for Length from now.
type NewIncident struct {
	Title  string   `json:"title"`
	Hashes []string `json:"hashes,omitempty"`
	Terms  []string `json:"terms,omitempty"`
	// Length is a duration ("72h", "3d"); at most MaxIncidentLength.
	Length string `json:"length"`
	// Boost is added to the priority of matching cases (default 30).
	Boost int `json:"boost,omitempty"`
	// DeadlineFactor scales their review deadlines (default 0.25).
	DeadlineFactor float64 `json:"deadline_factor,omitempty"`
}

// OpenIncident opens an incident. Supervisors and admins may.
func (s *Referrals) OpenIncident(ctx context.Context, p rampart.Principal, r NewIncident) (rampart.Incident, error) {
	if err := need(p, "open a crisis incident", rampart.RoleSupervisor, rampart.RoleAdmin); err != nil {
		return rampart.Incident{}, err
	}
	if r.Boost == 0 {
		r.Boost = 30
	}
	if r.DeadlineFactor == 0 {
		r.DeadlineFactor = 0.25
	}
	var fe FieldErrors
	if strings.TrimSpace(r.Title) == "" || len(r.Title) > 200 {
		fe.add("title", "give a title of 1–200 bytes")
	}
	if len(r.Hashes)+len(r.Terms) == 0 {
		fe.add("hashes", "name at least one media hash or term the incident covers")
	}
	if len(r.Hashes)+len(r.Terms) > maxIncidentEntries {
		fe.add("terms", fmt.Sprintf("at most %d hashes and terms together", maxIncidentEntries))
	}
	length, err := ParseDuration(r.Length)
	if err != nil || length <= 0 || length > MaxIncidentLength {
		fe.add("length", fmt.Sprintf("%q: want a duration up to %s, such as 72h", r.Length, MaxIncidentLength))
	}
	if r.Boost < 1 || r.Boost > 100 {
		fe.add("boost", "want 1–100 priority points")
	}
	if !(r.DeadlineFactor > 0 && r.DeadlineFactor <= 1) {
		fe.add("deadline_factor", "want a factor in (0, 1]: crisis mode only shortens deadlines")
	}
	terms := make([]string, 0, len(r.Terms))
	for i, t := range r.Terms {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" {
			fe.add(fmt.Sprintf("terms[%d]", i), "empty term")
		}
		terms = append(terms, t)
	}
	if err := fe.err("invalid incident"); err != nil {
		return rampart.Incident{}, err
	}
	now := s.now()
	in := rampart.Incident{Title: r.Title, Hashes: r.Hashes, Terms: terms, Boost: r.Boost, DeadlineFactor: r.DeadlineFactor,
		OpenedBy: p.UserID, OpenedAt: now, EndsAt: now.Add(length)}
	return s.store.CreateIncident(ctx, in, rampart.AuditEntry{Actor: p.Actor(), Action: "incident.open"})
}

// CloseIncident ends an incident before its time.
func (s *Referrals) CloseIncident(ctx context.Context, p rampart.Principal, id int64) (rampart.Incident, error) {
	if err := need(p, "close a crisis incident", rampart.RoleSupervisor, rampart.RoleAdmin); err != nil {
		return rampart.Incident{}, err
	}
	return s.store.UpdateIncident(ctx, id, func(in *rampart.Incident) (rampart.AuditEntry, error) {
		now := s.now()
		if !in.ActiveAt(now) {
			return rampart.AuditEntry{}, conflict("incident %d is not active", id)
		}
		in.ClosedBy, in.ClosedAt = p.UserID, now
		return rampart.AuditEntry{Actor: p.Actor(), Action: "incident.close"}, nil
	})
}

// ActiveIncidents returns the incidents in force now.
func (s *Referrals) ActiveIncidents(ctx context.Context) ([]rampart.Incident, error) {
	all, err := s.store.Incidents(ctx)
	if err != nil {
		return nil, fmt.Errorf("active incidents: %w", err)
	}
	return activeAt(all, s.now()), nil
}

// CrisisAdjustment is what active incidents do to one finding.
type CrisisAdjustment struct {
	Incidents []int64 `json:"incidents"` // tags, in incident order
	Boost     int     `json:"boost"`     // the largest boost among them
	Factor    float64 `json:"factor"`    // the smallest deadline factor; 1 when none
}

// MatchIncidents says which incidents cover a finding: one of its signals'
// evidence names an incident hash, or the text of its evidence contains an
// incident term (case-insensitive).
func MatchIncidents(f rampart.Finding, active []rampart.Incident) CrisisAdjustment {
	adj := CrisisAdjustment{Factor: 1}
	var texts []string
	for _, sig := range f.Signals {
		for _, ev := range sig.Evidence {
			texts = append(texts, strings.ToLower(ev.Text))
		}
	}
	for _, in := range active {
		if !covers(in, texts) {
			continue
		}
		adj.Incidents = append(adj.Incidents, in.ID)
		adj.Boost = max(adj.Boost, in.Boost)
		adj.Factor = min(adj.Factor, in.DeadlineFactor)
	}
	return adj
}

func covers(in rampart.Incident, texts []string) bool {
	for _, t := range texts {
		for _, h := range in.Hashes {
			if strings.EqualFold(t, h) {
				return true
			}
		}
		for _, term := range in.Terms {
			if strings.Contains(t, term) {
				return true
			}
		}
	}
	return false
}

// Apply raises a priority (capped at 100) and shortens a review window.
func (a CrisisAdjustment) Apply(priority int, window time.Duration) (int, time.Duration) {
	return min(100, priority+a.Boost), time.Duration(float64(window) * a.Factor)
}
