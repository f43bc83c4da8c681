package postgres

import (
	"fmt"
	"time"
)

// timeLayout is RFC 3339 with a fixed nine-digit fraction in UTC, the same
// text the sqlite store writes. Fixed width matters: with RFC3339Nano's
// trimmed fraction "…:05Z" would sort after "…:05.5Z", and range filters
// compare text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// formatTime renders t for storage; the caller has checked the year range.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime reads a stored time; the stored zero time comes back as the
// zero time.Time so that IsZero and omitzero keep working.
func parseTime(col, s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("column %s: stored time %q: %w", col, s, err)
	}
	if t.IsZero() {
		return time.Time{}, nil
	}
	return t, nil
}
