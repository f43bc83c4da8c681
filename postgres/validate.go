package postgres

import (
	"strings"

	"github.com/rampart-tt/rampart"
)

// The store keeps exactly what it is given or refuses it, by the same rules
// as the sqlite store (package internal/storable, shared by both, so both
// refuse the same values with the same paths). PostgreSQL adds one rule: a text column cannot hold U+0000, so NUL is
// refused in the values kept in their own columns (ids, platform, rule…);
// inside JSON columns it is escaped as \u0000 and kept.

// checkColumns refuses NUL in strings stored in plain text columns; fields
// are path/value pairs.
func checkColumns(fields ...string) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if strings.IndexByte(fields[i+1], 0) >= 0 {
			return rampart.Errorf(rampart.EINVALID, "%s: contains a NUL character (U+0000), which PostgreSQL text cannot hold", fields[i])
		}
	}
	return nil
}
