package casework

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/rampart-tt/rampart"
)

// incidentLister is the part of a rampart.ReferralStore that crisis mode
// needs from the case store; a case store without it has no incidents.
type incidentLister interface {
	Incidents(ctx context.Context) ([]rampart.Incident, error)
}

// activeAt keeps the incidents in force at now, in the order given.
func activeAt(all []rampart.Incident, now time.Time) []rampart.Incident {
	var active []rampart.Incident
	for _, in := range all {
		if in.ActiveAt(now) {
			active = append(active, in)
		}
	}
	return active
}

// applyCrisis tags a new case with the crisis incidents active at now that
// cover any of its findings (MatchIncidents), raises its priority by the
// largest boost and shortens its review window by the smallest factor.
// Incidents lists them all; IncidentID, the primary tag, is the one whose
// boost was applied (the first opened among equal boosts): a supervisor
// reading the queue sees which incident put the case where it is.
func (s *Service) applyCrisis(ctx context.Context, k *rampart.Case, recs []rampart.FindingRecord, now time.Time) error {
	il, ok := s.cases.(incidentLister)
	if !ok {
		return nil
	}
	all, err := il.Incidents(ctx)
	if err != nil {
		return fmt.Errorf("read crisis incidents: %w", err)
	}
	active := activeAt(all, now)
	if len(active) == 0 {
		return nil
	}
	adj := CrisisAdjustment{Factor: 1}
	for _, rec := range recs {
		a := MatchIncidents(rec.Finding, active)
		adj.Incidents = unionIDs(adj.Incidents, a.Incidents)
		adj.Boost = max(adj.Boost, a.Boost)
		adj.Factor = min(adj.Factor, a.Factor)
	}
	if len(adj.Incidents) == 0 {
		return nil
	}
	var window time.Duration
	k.Incidents = adj.Incidents
	k.IncidentID = primaryIncident(adj.Incidents, active)
	k.Priority, window = adj.Apply(k.Priority, k.Deadline.Sub(now))
	k.Deadline = now.Add(window)
	return nil
}

// unionIDs adds to ids (sorted) those of more it lacks, keeping it sorted.
func unionIDs(ids, more []int64) []int64 {
	for _, id := range more {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// primaryIncident picks, among the ids (sorted) of covering incidents, the
// one with the largest boost, the lowest id among equals.
func primaryIncident(ids []int64, active []rampart.Incident) int64 {
	best, boost := int64(0), -1
	for _, in := range active {
		if slices.Contains(ids, in.ID) && (in.Boost > boost || in.Boost == boost && in.ID < best) {
			best, boost = in.ID, in.Boost
		}
	}
	return best
}

// IncidentReport is what one crisis incident tagged: the cases opened
// under it, their findings, and the requests made under it.
type IncidentReport struct {
	Incident rampart.Incident `json:"incident"`
	Active   bool             `json:"active"`
	// Cases counts tagged cases (a liaison counts its platform's only);
	// OpenCases those still open or in review.
	Cases     int `json:"cases"`
	OpenCases int `json:"open_cases"`
	// Findings counts the findings tagged with the incident when they
	// were stored (TagFindings); CaseFindings the distinct findings of the
	// tagged cases, which include findings stored before the incident.
	Findings     int `json:"findings"`
	CaseFindings int `json:"case_findings"`
	Referrals    int `json:"referrals"`
	Orders       int `json:"orders"`
}

// reportPage is how many findings IncidentReport reads at a time.
const reportPage = 1000

// IncidentReport counts what incident id tagged, as p may see it.
func (s *Service) IncidentReport(ctx context.Context, p rampart.Principal, refs *Referrals, id int64) (IncidentReport, error) {
	in, err := refs.store.Incident(ctx, id)
	if err != nil {
		return IncidentReport{}, err
	}
	rep := IncidentReport{Incident: in, Active: in.ActiveAt(refs.now())}
	cases, err := s.Cases(ctx, p, rampart.CaseFilter{IncidentID: id})
	if err != nil {
		return IncidentReport{}, fmt.Errorf("incident %d cases: %w", id, err)
	}
	findings := map[int64]bool{}
	for _, k := range cases {
		rep.Cases++
		if k.Status == rampart.CaseOpen || k.Status == rampart.CaseInReview {
			rep.OpenCases++
		}
		for _, f := range k.Findings {
			findings[f] = true
		}
	}
	rep.CaseFindings = len(findings)
	// Tagged findings are counted a page of ids at a time, so that a large
	// surge does not load every finding at once.
	for after := int64(0); ; {
		page, err := s.Findings(ctx, p, rampart.FindingRecordFilter{IncidentID: id, AfterID: after, Limit: reportPage})
		if err != nil {
			return IncidentReport{}, fmt.Errorf("incident %d findings: %w", id, err)
		}
		rep.Findings += len(page)
		if len(page) < reportPage {
			break
		}
		after = page[len(page)-1].ID
	}
	rs, err := refs.Referrals(ctx, p, rampart.RequestFilter{IncidentID: id})
	if err != nil {
		return IncidentReport{}, fmt.Errorf("incident %d referrals: %w", id, err)
	}
	os, err := refs.Orders(ctx, p, rampart.RequestFilter{IncidentID: id})
	if err != nil {
		return IncidentReport{}, fmt.Errorf("incident %d orders: %w", id, err)
	}
	rep.Referrals, rep.Orders = len(rs), len(os)
	return rep, nil
}
