package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// StatementOfReasons is what the affected user is told when a platform
// acts on an item. Field names and values follow the statement-of-reasons
// schema of the DSA Transparency Database (Art. 17 and 24(5) of Regulation
// (EU) 2022/2065), so that a platform can file it there as it is.
//
// Names checked against the Transparency Database's API documentation
// (https://transparency.dsa.ec.europa.eu/page/api-documentation) and the
// validation rules of its statement endpoint: decision_visibility,
// decision_account, decision_ground, illegal_content_legal_ground,
// illegal_content_explanation, incompatible_content_ground,
// incompatible_content_explanation, decision_facts, automated_detection,
// automated_decision, territorial_scope, source_type, source_identity,
// content_type, category, application_date, content_date and puid all
// match. content_date (when the content was posted, YYYY-MM-DD) is filled
// from the stored post of the case that flagged the item; when no stored
// post gives it (an account, an item named by hand, a received request)
// it is left out and listed in Missing, for the platform to fill before
// filing. Redress is what Art. 17(3)(f) tells the user, not a field of the
// database.
type StatementOfReasons struct {
	DecisionVisibility []string `json:"decision_visibility,omitempty"`
	DecisionAccount    string   `json:"decision_account,omitempty"`
	DecisionGround     string   `json:"decision_ground"`
	// Illegal content (orders) or incompatible content (referrals).
	IllegalContentLegalGround      string   `json:"illegal_content_legal_ground,omitempty"`
	IllegalContentExplanation      string   `json:"illegal_content_explanation,omitempty"`
	IncompatibleContentGround      string   `json:"incompatible_content_ground,omitempty"`
	IncompatibleContentExplanation string   `json:"incompatible_content_explanation,omitempty"`
	FactsAndCircumstances          string   `json:"decision_facts"`
	AutomatedDetection             string   `json:"automated_detection"` // "Yes" or "No"
	AutomatedDecision              string   `json:"automated_decision"`
	TerritorialScope               []string `json:"territorial_scope"`
	SourceType                     string   `json:"source_type"`
	SourceIdentity                 string   `json:"source_identity,omitempty"`
	ContentType                    []string `json:"content_type"`
	Category                       string   `json:"category"`
	ApplicationDate                string   `json:"application_date"` // YYYY-MM-DD
	ContentDate                    string   `json:"content_date,omitempty"`
	PUID                           string   `json:"puid"` // the platform's id of the item
	// Redress tells the user how to challenge the decision: the
	// platform's internal appeal and, for orders, the legal remedy.
	Redress []string `json:"redress"`
	// Missing names fields the Transparency Database requires that
	// Rampart could not fill ("content_date"); empty when none.
	Missing []string `json:"missing,omitempty"`
}

// euTerritory is the territorial scope of an EU-wide order: the 27 member
// states, as the DSA schema lists them.
var euTerritory = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
	"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}

// Notice builds the statement of reasons for item i of a request, for the
// platform to send the affected user. It fails with EFORBIDDEN when an order
// says the user may not be told, and ECONFLICT when the item was not
// actioned. ref.Kind is "referral" or "order".
func (s *Referrals) Notice(ctx context.Context, p rampart.Principal, ref rampart.RequestRef) (StatementOfReasons, error) {
	var (
		st     rampart.RequestState
		order  *rampart.Order
		terms  string
		notice StatementOfReasons
	)
	switch ref.Kind {
	case KindReferral:
		r, err := s.Referral(ctx, p, ref.ID)
		if err != nil {
			return notice, err
		}
		st, terms = r.RequestState, r.Terms
	case KindOrder:
		o, err := s.Order(ctx, p, ref.ID)
		if err != nil {
			return notice, err
		}
		if !o.UserMayBeTold {
			return notice, forbidden("order %d says the user may not be told yet; no statement of reasons may be sent", o.ID)
		}
		st, order = o.RequestState, &o
	default:
		return notice, rampart.Errorf(rampart.EINVALID, "invalid notice: kind: %q: want referral or order", ref.Kind)
	}
	if ref.Item < 0 || ref.Item >= len(st.Items) {
		return notice, rampart.Errorf(rampart.EINVALID, "invalid notice: item: %d: the %s has items 0–%d", ref.Item, ref.Kind, len(st.Items)-1)
	}
	it := st.Items[ref.Item]
	if it.Outcome != rampart.OutcomeActioned {
		return notice, conflict("%s %d item %d is %q, not actioned: there is no decision to explain", ref.Kind, ref.ID, ref.Item, it.Outcome)
	}
	n := statement(st, it, order, terms)
	posted, ok, err := s.contentDate(ctx, it)
	if err != nil {
		return notice, fmt.Errorf("notice for %s %d item %d: content date: %w", ref.Kind, ref.ID, ref.Item, err)
	}
	if ok {
		n.ContentDate = posted.UTC().Format(time.DateOnly)
	} else {
		n.Missing = append(n.Missing, "content_date")
	}
	return n, nil
}

// statement fills the DSA fields from the item and its request.
func statement(st rampart.RequestState, it rampart.RequestItem, order *rampart.Order, terms string) StatementOfReasons {
	n := StatementOfReasons{
		AutomatedDetection: "No",
		AutomatedDecision:  "AUTOMATED_DECISION_NOT_AUTOMATED",
		SourceType:         "SOURCE_TYPE_OTHER_NOTIFICATION",
		Category:           "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
		ApplicationDate:    it.AnsweredAt.UTC().Format(time.DateOnly),
		PUID:               it.Subject.ID,
		ContentType:        []string{dsaContentType(it.ContentType)},
		Redress:            []string{"REDRESS_INTERNAL_MECHANISM", "REDRESS_OUT_OF_COURT_SETTLEMENT", "REDRESS_JUDICIAL"},
	}
	if it.FindingID != 0 || it.Detector != "" {
		// Flagged by Rampart's detectors, decided by people: detection
		// automated, decision partly so at most.
		n.AutomatedDetection, n.AutomatedDecision = "Yes", "AUTOMATED_DECISION_PARTIALLY"
	}
	switch {
	case it.Action == rampart.ActionSuspend:
		n.DecisionAccount = "DECISION_ACCOUNT_SUSPENDED"
	case it.Action == rampart.ActionRemove:
		n.DecisionVisibility = []string{"DECISION_VISIBILITY_CONTENT_REMOVED"}
	default:
		n.DecisionVisibility = []string{"DECISION_VISIBILITY_CONTENT_DISABLED"}
	}
	if cc, ok := it.Action.Country(); ok {
		n.TerritorialScope = []string{cc}
	}
	if order != nil {
		n.DecisionGround = "DECISION_GROUND_ILLEGAL_CONTENT"
		n.IllegalContentLegalGround = order.LegalBasis
		n.IllegalContentExplanation = order.Reasons
		n.SourceIdentity = order.IssuingAuthority
		n.FactsAndCircumstances = fmt.Sprintf("Removal order %s issued by %s under %s.", order.ReferenceNumber, order.IssuingAuthority, order.LegalBasis)
		n.Redress = append(n.Redress, "Order: "+order.Redress)
		if n.TerritorialScope == nil && order.Regime == RegimeEUTCO {
			n.TerritorialScope = slices.Clone(euTerritory)
		}
	} else {
		n.DecisionGround = "DECISION_GROUND_INCOMPATIBLE_CONTENT"
		n.IncompatibleContentGround = terms
		n.IncompatibleContentExplanation = "The content was reported by a referral unit and found, on review, to breach " + terms + "."
		n.FactsAndCircumstances = "Referral by a public authority's referral unit, checked against the platform's terms of service."
	}
	if n.TerritorialScope == nil {
		n.TerritorialScope = []string{}
	}
	if it.Rule != "" {
		n.FactsAndCircumstances += " Flagged under rule " + strings.TrimSpace(it.Rule) + "."
	}
	return n
}

func dsaContentType(t string) string {
	switch t {
	case "text":
		return "CONTENT_TYPE_TEXT"
	case "image":
		return "CONTENT_TYPE_IMAGE"
	case "video":
		return "CONTENT_TYPE_VIDEO"
	}
	return "CONTENT_TYPE_OTHER"
}
