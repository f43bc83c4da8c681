package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/sqlite"
	"github.com/rampart-tt/rampart/storetest"
)

func TestReferralStore(t *testing.T) {
	storetest.RunReferrals(t, func(t *testing.T) (rampart.ReferralStore, audit.Store) {
		st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "r.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st.Casework(nil), st.AuditLog()
	})
}
