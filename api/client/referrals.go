package client

import (
	"context"
	"net/url"
	"strconv"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
)

// CreateReferral drafts a referral; idemKey "" sends no Idempotency-Key.
func (c *Client) CreateReferral(ctx context.Context, r casework.NewReferral, idemKey string) (rampart.Referral, error) {
	var out rampart.Referral
	return out, c.Do(ctx, "POST", "/api/v1/referrals", idem(idemKey), r, &out)
}

// Referrals lists referrals; q takes platform, status, incident, after
// and limit.
func (c *Client) Referrals(ctx context.Context, q url.Values) (api.ReferralList, error) {
	var out api.ReferralList
	return out, c.Do(ctx, "GET", "/api/v1/referrals"+encode(q), nil, nil, &out)
}

// Referral returns one referral.
func (c *Client) Referral(ctx context.Context, id int64) (rampart.Referral, error) {
	var out rampart.Referral
	return out, c.Do(ctx, "GET", requestPath("referrals", id, ""), nil, nil, &out)
}

// MoveReferral applies step ("approve", "submit" or "acknowledge") to a
// referral.
func (c *Client) MoveReferral(ctx context.Context, id int64, step string) (rampart.Referral, error) {
	var out rampart.Referral
	return out, c.Do(ctx, "POST", requestPath("referrals", id, "/"+step), nil, struct{}{}, &out)
}

// AnswerReferral records the platform's answers.
func (c *Client) AnswerReferral(ctx context.Context, id int64, answers []casework.ItemAnswer) (rampart.Referral, error) {
	var out rampart.Referral
	return out, c.Do(ctx, "POST", requestPath("referrals", id, "/answers"), nil, api.Answers{Answers: answers}, &out)
}

// Notice returns the statement of reasons for item of a referral or
// order (kind casework.KindReferral or casework.KindOrder).
func (c *Client) Notice(ctx context.Context, kind string, id int64, item int) (casework.StatementOfReasons, error) {
	var out casework.StatementOfReasons
	return out, c.Do(ctx, "GET", requestPath(kind+"s", id, "/items/"+strconv.Itoa(item)+"/notice"), nil, nil, &out)
}

// CreateOrder drafts an order.
func (c *Client) CreateOrder(ctx context.Context, r casework.NewOrder, idemKey string) (rampart.Order, error) {
	var out rampart.Order
	return out, c.Do(ctx, "POST", "/api/v1/orders", idem(idemKey), r, &out)
}

// Orders lists orders.
func (c *Client) Orders(ctx context.Context, q url.Values) (api.OrderList, error) {
	var out api.OrderList
	return out, c.Do(ctx, "GET", "/api/v1/orders"+encode(q), nil, nil, &out)
}

// Order returns one order.
func (c *Client) Order(ctx context.Context, id int64) (rampart.Order, error) {
	var out rampart.Order
	return out, c.Do(ctx, "GET", requestPath("orders", id, ""), nil, nil, &out)
}

// MoveOrder applies step ("approve", "submit" or "acknowledge") to an
// order.
func (c *Client) MoveOrder(ctx context.Context, id int64, step string) (rampart.Order, error) {
	var out rampart.Order
	return out, c.Do(ctx, "POST", requestPath("orders", id, "/"+step), nil, struct{}{}, &out)
}

// AnswerOrder records the platform's answers.
func (c *Client) AnswerOrder(ctx context.Context, id int64, answers []casework.ItemAnswer) (rampart.Order, error) {
	var out rampart.Order
	return out, c.Do(ctx, "POST", requestPath("orders", id, "/answers"), nil, api.Answers{Answers: answers}, &out)
}

// CreatePreservation drafts a preservation or disclosure request.
func (c *Client) CreatePreservation(ctx context.Context, r casework.NewPreservation, idemKey string) (rampart.Preservation, error) {
	var out rampart.Preservation
	return out, c.Do(ctx, "POST", "/api/v1/preservations", idem(idemKey), r, &out)
}

// Preservations lists requests; q must carry purpose.
func (c *Client) Preservations(ctx context.Context, q url.Values) (api.PreservationList, error) {
	var out api.PreservationList
	return out, c.Do(ctx, "GET", "/api/v1/preservations"+encode(q), nil, nil, &out)
}

// Preservation returns one request; the read is logged with purpose.
func (c *Client) Preservation(ctx context.Context, id int64, purpose string) (rampart.Preservation, error) {
	var out rampart.Preservation
	return out, c.Do(ctx, "GET", requestPath("preservations", id, "")+encode(url.Values{"purpose": {purpose}}), nil, nil, &out)
}

// MovePreservation applies step ("approve", "submit" or "acknowledge").
func (c *Client) MovePreservation(ctx context.Context, id int64, step string) (rampart.Preservation, error) {
	var out rampart.Preservation
	return out, c.Do(ctx, "POST", requestPath("preservations", id, "/"+step), nil, struct{}{}, &out)
}

// RespondPreservation records the platform's response.
func (c *Client) RespondPreservation(ctx context.Context, id int64, r casework.PreservationResponse) (rampart.Preservation, error) {
	var out rampart.Preservation
	return out, c.Do(ctx, "POST", requestPath("preservations", id, "/response"), nil, r, &out)
}

// FileAppeal files a user's appeal, as the platform.
func (c *Client) FileAppeal(ctx context.Context, r casework.NewAppeal, idemKey string) (rampart.Appeal, error) {
	var out rampart.Appeal
	return out, c.Do(ctx, "POST", "/api/v1/appeals", idem(idemKey), r, &out)
}

// Appeals lists appeals; q takes platform, status and limit.
func (c *Client) Appeals(ctx context.Context, q url.Values) ([]rampart.Appeal, error) {
	var out api.AppealList
	return out.Appeals, c.Do(ctx, "GET", "/api/v1/appeals"+encode(q), nil, nil, &out)
}

// Appeal returns one appeal.
func (c *Client) Appeal(ctx context.Context, id int64) (rampart.Appeal, error) {
	var out rampart.Appeal
	return out, c.Do(ctx, "GET", requestPath("appeals", id, ""), nil, nil, &out)
}

// DecideAppeal upholds or reverses an appeal.
func (c *Client) DecideAppeal(ctx context.Context, id int64, d casework.AppealDecision) (rampart.Appeal, error) {
	var out rampart.Appeal
	return out, c.Do(ctx, "POST", requestPath("appeals", id, "/decision"), nil, d, &out)
}

// ReversalRates returns how often appeals were reversed.
func (c *Client) ReversalRates(ctx context.Context) ([]casework.ReversalRate, error) {
	var out api.ReversalRateList
	return out.Rates, c.Do(ctx, "GET", "/api/v1/appeals/reversal-rates", nil, nil, &out)
}

// Compliance returns the compliance report.
func (c *Client) Compliance(ctx context.Context) (casework.ComplianceReport, error) {
	var out casework.ComplianceReport
	return out, c.Do(ctx, "GET", "/api/v1/compliance", nil, nil, &out)
}

// OpenIncident opens a crisis incident.
func (c *Client) OpenIncident(ctx context.Context, r casework.NewIncident) (rampart.Incident, error) {
	var out rampart.Incident
	return out, c.Do(ctx, "POST", "/api/v1/incidents", nil, r, &out)
}

// Incidents returns the incidents in force.
func (c *Client) Incidents(ctx context.Context) ([]rampart.Incident, error) {
	var out api.IncidentList
	return out.Incidents, c.Do(ctx, "GET", "/api/v1/incidents", nil, nil, &out)
}

// CloseIncident ends an incident.
func (c *Client) CloseIncident(ctx context.Context, id int64) (rampart.Incident, error) {
	var out rampart.Incident
	return out, c.Do(ctx, "POST", requestPath("incidents", id, "/close"), nil, struct{}{}, &out)
}

func requestPath(kind string, id int64, tail string) string {
	return "/api/v1/" + kind + "/" + strconv.FormatInt(id, 10) + tail
}
