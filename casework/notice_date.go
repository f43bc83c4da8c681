package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rampart-tt/rampart"
)

// contentDate is when the item's content was posted, read from the stored
// post of the case that flagged it (rampart.Post.CreatedAt), and whether
// one was found. Accounts, items named by hand (no case), received
// requests (the sender's case ids are dropped) and posts whose export gave
// no time have none.
func (s *Referrals) contentDate(ctx context.Context, it rampart.RequestItem) (time.Time, bool, error) {
	ev, ok := s.store.(interface {
		CaseItems(ctx context.Context, caseID int64) ([]rampart.StoredItem, error)
	})
	if !ok || it.CaseID == 0 || it.Subject.Kind != rampart.KindPost {
		return time.Time{}, false, nil
	}
	items, err := ev.CaseItems(ctx, it.CaseID)
	if err != nil {
		return time.Time{}, false, err
	}
	for _, si := range items {
		if si.Platform != it.Subject.Platform || si.Kind != rampart.KindPost || si.ID != it.Subject.ID {
			continue
		}
		var item rampart.Item
		if err := json.Unmarshal(si.Body, &item); err != nil {
			return time.Time{}, false, fmt.Errorf("stored item %s/%s/%s: %w", si.Platform, si.Kind, si.ID, err)
		}
		if item.Post != nil && !item.Post.CreatedAt.IsZero() {
			return item.Post.CreatedAt, true, nil
		}
	}
	return time.Time{}, false, nil
}
