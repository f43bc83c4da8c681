package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/rampart-tt/rampart"
)

// ComplianceRow is how one platform, or one regime, answered what it was
// sent. Times are from submission to the platform's answer.
type ComplianceRow struct {
	Key      string `json:"key"` // platform or regime name
	Requests int    `json:"requests"`
	Items    int    `json:"items"`
	Actioned int    `json:"actioned"`
	Rejected int    `json:"rejected"`
	Pending  int    `json:"pending"`
	// ShareActioned is Actioned / Items.
	ShareActioned float64 `json:"share_actioned"`
	// MedianToAction and P90ToAction are nearest-rank percentiles over
	// actioned items; zero when none was actioned.
	// In JSON they are Go duration strings ("5h0m0s").
	MedianToAction time.Duration `json:"-"`
	P90ToAction    time.Duration `json:"-"`
	// DeadlinesMissed counts orders that expired or had an item answered
	// after the deadline.
	DeadlinesMissed int            `json:"deadlines_missed"`
	RejectionsBy    map[string]int `json:"rejections_by_reason"`
}

// MarshalJSON writes the times as duration strings, which people read
// more easily than nanoseconds.
func (r ComplianceRow) MarshalJSON() ([]byte, error) {
	type plain ComplianceRow
	return json.Marshal(struct {
		plain
		Median string `json:"median_to_action"`
		P90    string `json:"p90_to_action"`
	}{plain(r), r.MedianToAction.String(), r.P90ToAction.String()})
}

// UnmarshalJSON reads what MarshalJSON writes, so that API clients get the
// times back.
func (r *ComplianceRow) UnmarshalJSON(b []byte) error {
	type plain ComplianceRow
	var v struct {
		plain
		Median string `json:"median_to_action"`
		P90    string `json:"p90_to_action"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*r = ComplianceRow(v.plain)
	for _, d := range []struct {
		s   string
		dst *time.Duration
	}{{v.Median, &r.MedianToAction}, {v.P90, &r.P90ToAction}} {
		if d.s == "" {
			continue
		}
		t, err := time.ParseDuration(d.s)
		if err != nil {
			return fmt.Errorf("compliance row %q: %w", r.Key, err)
		}
		*d.dst = t
	}
	return nil
}

// ComplianceReport holds one row per platform and one per regime
// (referrals fall under "voluntary"), each sorted by key.
type ComplianceReport struct {
	Platforms []ComplianceRow `json:"platforms"`
	Regimes   []ComplianceRow `json:"regimes"`
}

// Compliance computes the report over submitted referrals and orders.
// Drafts and approved requests are not counted: the platform has not seen
// them.
func Compliance(referrals []rampart.Referral, orders []rampart.Order) ComplianceReport {
	type acc struct {
		row   ComplianceRow
		times []time.Duration
	}
	byPlatform, byRegime := map[string]*acc{}, map[string]*acc{}
	get := func(m map[string]*acc, k string) *acc {
		if m[k] == nil {
			m[k] = &acc{row: ComplianceRow{Key: k, RejectionsBy: map[string]int{}}}
		}
		return m[k]
	}
	add := func(st rampart.RequestState, regime string, deadline time.Time, expired bool) {
		if st.SubmittedAt.IsZero() {
			return
		}
		missed := expired
		for _, a := range []*acc{get(byPlatform, st.Platform), get(byRegime, regime)} {
			a.row.Requests++
		}
		for _, it := range st.Items {
			late := !deadline.IsZero() && !it.AnsweredAt.IsZero() && it.AnsweredAt.After(deadline)
			missed = missed || late
			for _, a := range []*acc{get(byPlatform, st.Platform), get(byRegime, regime)} {
				a.row.Items++
				switch it.Outcome {
				case rampart.OutcomeActioned, rampart.OutcomeReversed:
					a.row.Actioned++
					a.times = append(a.times, it.AnsweredAt.Sub(st.SubmittedAt))
				case rampart.OutcomeRejected:
					a.row.Rejected++
					a.row.RejectionsBy[it.Reason]++
				default:
					a.row.Pending++
				}
			}
		}
		if missed {
			get(byPlatform, st.Platform).row.DeadlinesMissed++
			get(byRegime, regime).row.DeadlinesMissed++
		}
	}
	for _, r := range referrals {
		add(r.RequestState, RegimeVoluntary, time.Time{}, false)
	}
	for _, o := range orders {
		add(o.RequestState, o.Regime, o.Deadline, o.Status == rampart.RequestExpired)
	}
	rows := func(m map[string]*acc) []ComplianceRow {
		out := []ComplianceRow{}
		for _, a := range m {
			if a.row.Items > 0 {
				a.row.ShareActioned = float64(a.row.Actioned) / float64(a.row.Items)
			}
			slices.Sort(a.times)
			a.row.MedianToAction, a.row.P90ToAction = Percentile(a.times, 50), Percentile(a.times, 90)
			out = append(out, a.row)
		}
		slices.SortFunc(out, func(a, b ComplianceRow) int {
			if a.Key < b.Key {
				return -1
			}
			if a.Key > b.Key {
				return 1
			}
			return 0
		})
		return out
	}
	return ComplianceReport{Platforms: rows(byPlatform), Regimes: rows(byRegime)}
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted by the
// nearest-rank method: the smallest value with at least p% of the values
// at or below it. Zero for an empty slice.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	// rank = ceil(p/100 × n), computed in integers to avoid float
	// rounding at exact ranks.
	n := len(sorted)
	rank := (int(p*float64(n)) + 99) / 100
	if rank < 1 {
		rank = 1
	}
	if rank > n {
		rank = n
	}
	return sorted[rank-1]
}

// Compliance computes the report over every stored referral and order; a
// liaison gets only its platform's figures.
func (s *Referrals) Compliance(ctx context.Context, p rampart.Principal) (ComplianceReport, error) {
	var f rampart.RequestFilter
	if err := scopeFilter(p, &f); err != nil {
		return ComplianceReport{}, err
	}
	refs, err := s.store.Referrals(ctx, f)
	if err != nil {
		return ComplianceReport{}, fmt.Errorf("compliance: %w", err)
	}
	ords, err := s.store.Orders(ctx, f)
	if err != nil {
		return ComplianceReport{}, fmt.Errorf("compliance: %w", err)
	}
	return Compliance(refs, ords), nil
}
