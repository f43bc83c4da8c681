package rampart

import (
	"context"
	"iter"
	"time"
)

// ItemStore keeps ingested items. PutItems is idempotent on (platform, kind,
// id): an item already stored is not added again, and added counts only the
// new ones.
type ItemStore interface {
	PutItems(ctx context.Context, items []Item) (added int, err error)
	CountItems(ctx context.Context) (int64, error)
}

// FindingFilter selects findings. Zero fields do not filter.
type FindingFilter struct {
	Actions  []Action // any of these; "withhold" matches every withhold:<CC>
	Platform string
	Entity   string // entity or group named by any signal
	// IncidentID selects findings tagged with that crisis incident.
	IncidentID int64
	Since      time.Time
	Limit      int
}

// FindingStore keeps findings. PutFindings is idempotent on the subject and
// the versions it was made under: scanning the same input again under the
// same policy, registry and models adds no rows; a new version adds a new
// finding and keeps the old one as it was made. The one change made to a
// stored finding is crisis tagging: a finding stored again with Incidents
// gains those incident ids (merged with its own) and keeps the higher
// Priority, so a rescan during an incident tags what it finds again.
type FindingStore interface {
	PutFindings(ctx context.Context, findings []Finding) (added int, err error)
	Findings(ctx context.Context, f FindingFilter) iter.Seq2[Finding, error]
	CountFindings(ctx context.Context) (int64, error)
}
