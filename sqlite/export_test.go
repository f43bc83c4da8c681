package sqlite

import "database/sql"

// DB exposes the handle to the external tests, which check what is on disk.
func (s *Store) DB() *sql.DB { return s.db }

// BuildFindingsQuery exposes the query builder for plan checks.
var BuildFindingsQuery = buildFindingsQuery
