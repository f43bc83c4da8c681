package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/rampart-tt/rampart/sqlite"
	"github.com/rampart-tt/rampart/storetest"
)

// openTemp opens a new store in a fresh file under t.TempDir.
func openTemp(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "rampart.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return openTemp(t) })
}
