package postgres

import (
	"context"
	"fmt"
	"github.com/jackc/pgx/v5"

	"github.com/rampart-tt/rampart"
)

// CreateReferral stores r; the audit entry's Subject and Data are set to it.
func (c *Casework) CreateReferral(ctx context.Context, r rampart.Referral, e rampart.AuditEntry) (rampart.Referral, error) {
	return referralTable.create(ctx, c, r, e)
}

// Referral returns one referral.
func (c *Casework) Referral(ctx context.Context, id int64) (rampart.Referral, error) {
	return referralTable.get(ctx, c, id)
}

// Referrals lists referrals in id order.
func (c *Casework) Referrals(ctx context.Context, f rampart.RequestFilter) ([]rampart.Referral, error) {
	v, err := referralTable.list(ctx, c.s.pool, f.Platform, statusStrings(f.Statuses), f.IncidentID, f.AfterID, f.Limit)
	return v, c.s.wrap(ctx, "list referrals", err)
}

// UpdateReferral changes one referral with its audit record.
func (c *Casework) UpdateReferral(ctx context.Context, id int64, fn func(*rampart.Referral) (rampart.AuditEntry, error)) (rampart.Referral, error) {
	return referralTable.update(ctx, c, id, fn)
}

// CreateOrder stores o; the audit entry's Subject and Data are set to it.
func (c *Casework) CreateOrder(ctx context.Context, o rampart.Order, e rampart.AuditEntry) (rampart.Order, error) {
	return orderTable.create(ctx, c, o, e)
}

// Order returns one order.
func (c *Casework) Order(ctx context.Context, id int64) (rampart.Order, error) {
	return orderTable.get(ctx, c, id)
}

// Orders lists orders in id order.
func (c *Casework) Orders(ctx context.Context, f rampart.RequestFilter) ([]rampart.Order, error) {
	v, err := orderTable.list(ctx, c.s.pool, f.Platform, statusStrings(f.Statuses), f.IncidentID, f.AfterID, f.Limit)
	return v, c.s.wrap(ctx, "list orders", err)
}

// UpdateOrder changes one order with its audit record.
func (c *Casework) UpdateOrder(ctx context.Context, id int64, fn func(*rampart.Order) (rampart.AuditEntry, error)) (rampart.Order, error) {
	return orderTable.update(ctx, c, id, fn)
}

// CreatePreservation stores p; the audit entry's Subject and Data are set.
func (c *Casework) CreatePreservation(ctx context.Context, p rampart.Preservation, e rampart.AuditEntry) (rampart.Preservation, error) {
	return preservationTable.create(ctx, c, p, e)
}

// ReadPreservation returns one request and logs the access with it.
func (c *Casework) ReadPreservation(ctx context.Context, id int64, e rampart.AuditEntry) (rampart.Preservation, error) {
	var p rampart.Preservation
	err := c.inTx(ctx, fmt.Sprintf("read preservation %d", id), func(tx pgx.Tx) (rampart.AuditEntry, error) {
		var err error
		p, err = preservationTable.read(ctx, tx, id, false)
		e.Subject = fmt.Sprintf("preservation/%d", id)
		return e, err
	})
	return p, err
}

// Preservations lists requests in id order and logs the listing.
func (c *Casework) Preservations(ctx context.Context, f rampart.RequestFilter, e rampart.AuditEntry) ([]rampart.Preservation, error) {
	var out []rampart.Preservation
	err := c.inTx(ctx, "list preservations", func(tx pgx.Tx) (rampart.AuditEntry, error) {
		var err error
		out, err = preservationTable.list(ctx, tx, f.Platform, statusStrings(f.Statuses), f.IncidentID, f.AfterID, f.Limit)
		ids := make([]int64, len(out))
		for i, p := range out {
			ids[i] = p.ID
		}
		if e.Subject == "" {
			e.Subject = "preservations"
		}
		e.Data = map[string]any{"ids": ids, "request": e.Data}
		return e, err
	})
	return out, err
}

// UpdatePreservation changes one request with its audit record.
func (c *Casework) UpdatePreservation(ctx context.Context, id int64, fn func(*rampart.Preservation) (rampart.AuditEntry, error)) (rampart.Preservation, error) {
	return preservationTable.update(ctx, c, id, fn)
}

// CreateAppeal stores a; the audit entry's Subject and Data are set to it.
func (c *Casework) CreateAppeal(ctx context.Context, a rampart.Appeal, e rampart.AuditEntry) (rampart.Appeal, error) {
	return appealTable.create(ctx, c, a, e)
}

// Appeal returns one appeal.
func (c *Casework) Appeal(ctx context.Context, id int64) (rampart.Appeal, error) {
	return appealTable.get(ctx, c, id)
}

// Appeals lists appeals in id order.
func (c *Casework) Appeals(ctx context.Context, f rampart.AppealFilter) ([]rampart.Appeal, error) {
	v, err := appealTable.list(ctx, c.s.pool, f.Platform, statusStrings(f.Statuses), 0, 0, f.Limit)
	return v, c.s.wrap(ctx, "list appeals", err)
}

// UpdateAppeal changes one appeal with its audit record.
func (c *Casework) UpdateAppeal(ctx context.Context, id int64, fn func(*rampart.Appeal) (rampart.AuditEntry, error)) (rampart.Appeal, error) {
	return appealTable.update(ctx, c, id, fn)
}

// CreateIncident stores i; the audit entry's Subject and Data are set to it.
func (c *Casework) CreateIncident(ctx context.Context, i rampart.Incident, e rampart.AuditEntry) (rampart.Incident, error) {
	return incidentTable.create(ctx, c, i, e)
}

// Incident returns one incident.
func (c *Casework) Incident(ctx context.Context, id int64) (rampart.Incident, error) {
	return incidentTable.get(ctx, c, id)
}

// Incidents lists every incident in id order.
func (c *Casework) Incidents(ctx context.Context) ([]rampart.Incident, error) {
	v, err := incidentTable.list(ctx, c.s.pool, "", nil, 0, 0, 0)
	return v, c.s.wrap(ctx, "list incidents", err)
}

// UpdateIncident changes one incident with its audit record.
func (c *Casework) UpdateIncident(ctx context.Context, id int64, fn func(*rampart.Incident) (rampart.AuditEntry, error)) (rampart.Incident, error) {
	return incidentTable.update(ctx, c, id, fn)
}
