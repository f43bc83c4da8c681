package postgres_test

import (
	"context"
	"github.com/rampart-tt/rampart/postgres"
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

// caseInbox joins the casework half of the store with its findings.
type caseInbox struct {
	*postgres.Casework
	*postgres.Store
}

func (c caseInbox) FindingRecords(ctx context.Context, f rampart.FindingRecordFilter) ([]rampart.FindingRecord, error) {
	return c.Casework.FindingRecords(ctx, f)
}

func openCaseInbox(t *testing.T) storetest.CaseInboxStore {
	st := openTemp(t)
	return caseInbox{st.Casework(nil), st}
}

func TestCaseIncidents(t *testing.T) { storetest.RunCaseIncidents(t, openCaseInbox) }

func TestCrisisTags(t *testing.T) { storetest.RunCrisisTags(t, openCaseInbox) }

func TestInboxStore(t *testing.T) { storetest.RunInbox(t, openCaseInbox) }
