package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api/client"
	"github.com/rampart-tt/rampart/casework"
)

func TestConcurrentClaims(t *testing.T) { forEachStore(t, testConcurrentClaims) }

// testConcurrentClaims has several reviewers claim one case at once:
// exactly one gets it, the others get 409, and the audit log records one
// claim.
func testConcurrentClaims(t *testing.T, b backend) {
	e := start(t, b, casework.Options{})
	ctx := t.Context()
	k := must(e.admin.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: account}, ""))(t)
	const n = 8
	revs := make([]*client.Client, n)
	for i := range revs {
		revs[i], _ = e.user(t, fmt.Sprint("rev", i), rampart.RoleReviewer, "")
	}
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i, c := range revs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Claim(ctx, k.ID)
			statuses[i] = statusOf(err)
		}()
	}
	wg.Wait()
	won := 0
	for i, s := range statuses {
		switch s {
		case 0:
			won++
		case http.StatusConflict:
		default:
			t.Errorf("reviewer %d: status %d, want success or 409", i, s)
		}
	}
	if won != 1 {
		t.Errorf("%d reviewers won the claim, want exactly 1", won)
	}
	al := must(e.admin.Audit(ctx, 0, 1000))(t)
	claims := 0
	for _, r := range al.Records {
		if r.Action == "review.claim" {
			claims++
		}
	}
	if claims != 1 {
		t.Errorf("%d review.claim records, want 1", claims)
	}
}

func TestUpdateCaseSerialises(t *testing.T) { forEachStore(t, testUpdateCaseSerialises) }

// testUpdateCaseSerialises runs two UpdateCase calls on one case whose
// functions wait for each other: a store that let both read the case
// before either wrote would lose one change. Each fn appends to the title,
// so the final title shows whether both applied in turn.
func testUpdateCaseSerialises(t *testing.T, b backend) {
	e := start(t, b, casework.Options{})
	ctx := t.Context()
	k := must(e.admin.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: account, Title: "t"}, ""))(t)
	st, err := b.open(ctx, e.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	var (
		mu     sync.Mutex
		inside int
		maxIn  int
		wg     sync.WaitGroup
	)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := st.cw.UpdateCase(ctx, k.ID, func(c *rampart.Case) (rampart.AuditEntry, error) {
				mu.Lock()
				inside++
				maxIn = max(maxIn, inside)
				mu.Unlock()
				// Give the other call time to get in, if the store lets it.
				select {
				case <-time.After(300 * time.Millisecond):
				case <-ctx.Done():
				}
				mu.Lock()
				inside--
				mu.Unlock()
				c.Title += fmt.Sprint(i)
				return rampart.AuditEntry{Actor: "test", Action: "case.test"}, nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if maxIn != 1 {
		t.Errorf("%d updates of one case ran at once; the store must serialise them", maxIn)
	}
	got := must(st.cw.Case(ctx, k.ID))(t)
	if got.Title != "t01" && got.Title != "t10" {
		t.Errorf("title %q after two appends, want t01 or t10 (a lost update otherwise)", got.Title)
	}
}
