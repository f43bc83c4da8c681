package main

import (
	"context"
	"fmt"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/pipeline"
)

// storeSink batches items and findings into the store: one transaction per
// batch keeps SQLite fast, and a batch is small enough that an interrupted
// scan loses nothing it had already accepted (flush writes the rest).
type storeSink struct {
	items    rampart.ItemStore
	findings rampart.FindingStore
	itemBuf  []rampart.Item
	findBuf  []rampart.Finding
	counts   storeCounts
}

type storeCounts struct{ items, findings int }

const sinkBatch = 2000

// newStoreSink writes items to is and findings to fs; a nil is keeps items
// out (a rescan's items are already stored).
func newStoreSink(is rampart.ItemStore, fs rampart.FindingStore) *storeSink {
	return &storeSink{items: is, findings: fs}
}

func (s *storeSink) add(ctx context.Context, r pipeline.Result) error {
	if !r.Synthetic && s.items != nil {
		s.itemBuf = append(s.itemBuf, r.Item)
	}
	if r.Finding != nil {
		s.findBuf = append(s.findBuf, *r.Finding)
	}
	if len(s.itemBuf) >= sinkBatch || len(s.findBuf) >= sinkBatch {
		_, err := s.flush(ctx)
		return err
	}
	return nil
}

func (s *storeSink) flush(ctx context.Context) (storeCounts, error) {
	if len(s.itemBuf) > 0 {
		n, err := s.items.PutItems(ctx, s.itemBuf)
		if err != nil {
			return s.counts, fmt.Errorf("store items: %w", err)
		}
		s.counts.items += n
		s.itemBuf = s.itemBuf[:0]
	}
	if len(s.findBuf) > 0 {
		n, err := s.findings.PutFindings(ctx, s.findBuf)
		if err != nil {
			return s.counts, fmt.Errorf("store findings: %w", err)
		}
		s.counts.findings += n
		s.findBuf = s.findBuf[:0]
	}
	return s.counts, nil
}
