package sqlite_test

import (
	"context"
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

func openCaseInbox(t *testing.T) storetest.CaseInboxStore {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return caseInbox{st.Casework(nil), st}
}

// caseInbox joins the casework half of the store with its findings.
type caseInbox struct {
	*sqlite.Casework
	*sqlite.Store
}

func (c caseInbox) FindingRecords(ctx context.Context, f rampart.FindingRecordFilter) ([]rampart.FindingRecord, error) {
	return c.Casework.FindingRecords(ctx, f)
}

func TestCaseIncidents(t *testing.T) { storetest.RunCaseIncidents(t, openCaseInbox) }

func TestCrisisTags(t *testing.T) { storetest.RunCrisisTags(t, openCaseInbox) }

func TestInboxStore(t *testing.T) { storetest.RunInbox(t, openCaseInbox) }
