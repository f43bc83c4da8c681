package postgres_test

import (
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/storetest"
)

// TestReferralStore runs when RAMPART_TEST_POSTGRES is set.
func TestReferralStore(t *testing.T) {
	storetest.RunReferrals(t, func(t *testing.T) (rampart.ReferralStore, audit.Store) {
		st := openTemp(t)
		return st.Casework(nil), st.Audit()
	})
}
