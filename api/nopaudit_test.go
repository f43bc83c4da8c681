package api_test

import (
	"context"
	"iter"

	"github.com/rampart-tt/rampart/audit"
)

// nopAudit is an empty audit store, for building a server only to read
// its route table.
type nopAudit struct{}

func (nopAudit) Last(context.Context) (audit.Record, error) { return audit.Record{}, nil }
func (nopAudit) Insert(context.Context, audit.Record) error { return nil }
func (nopAudit) Scan(context.Context, int64) iter.Seq2[audit.Record, error] {
	return func(func(audit.Record, error) bool) {}
}
