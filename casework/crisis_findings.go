package casework

import (
	"context"
	"fmt"
	"time"

	"github.com/rampart-tt/rampart"
)

// TagFindings tags, in place, each finding that an incident of active
// covers (MatchIncidents): Incidents gets the covering incidents' ids,
// merged with any it had, lowest first, and Priority becomes Priority(score,
// action) raised by their largest boost (CrisisAdjustment.Apply), or stays
// higher if it already was. Findings no incident covers are left as they
// are. It returns how many findings it tagged. The caller passes incidents
// active at the time the findings are stored (Referrals.ActiveIncidents).
func TagFindings(findings []rampart.Finding, active []rampart.Incident) int {
	if len(active) == 0 {
		return 0
	}
	tagged := 0
	for i := range findings {
		f := &findings[i]
		adj := MatchIncidents(*f, active)
		if len(adj.Incidents) == 0 {
			continue
		}
		tagged++
		f.Incidents = unionIDs(f.Incidents, adj.Incidents)
		p, _ := adj.Apply(Priority(f.Score, f.Action), 0)
		f.Priority = max(f.Priority, p)
	}
	return tagged
}

// CrisisFindings is a rampart.FindingStore that tags findings with the
// crisis incidents active when they are stored (TagFindings) before handing
// them to the store underneath. Incidents are read once per PutFindings
// call, so an incident opened or closed during a long scan takes effect at
// the next batch. Wrap the store every path that stores findings uses.
type CrisisFindings struct {
	rampart.FindingStore
	incidents incidentLister
	now       func() time.Time
}

// NewCrisisFindings wraps fs; incidents are read from il (a
// rampart.ReferralStore, usually the same store). A nil now means time.Now.
func NewCrisisFindings(fs rampart.FindingStore, il interface {
	Incidents(ctx context.Context) ([]rampart.Incident, error)
}, now func() time.Time) *CrisisFindings {
	if now == nil {
		now = time.Now
	}
	return &CrisisFindings{FindingStore: fs, incidents: il, now: now}
}

// PutFindings tags findings (changing the caller's slice) and stores them.
func (c *CrisisFindings) PutFindings(ctx context.Context, findings []rampart.Finding) (int, error) {
	if len(findings) > 0 {
		all, err := c.incidents.Incidents(ctx)
		if err != nil {
			return 0, fmt.Errorf("read crisis incidents to tag findings: %w", err)
		}
		TagFindings(findings, activeAt(all, c.now()))
	}
	return c.FindingStore.PutFindings(ctx, findings)
}
