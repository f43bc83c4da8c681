package delivery

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// PayloadFormat names the inbox payload layout.
const PayloadFormat = "rampart-delivery/1"

// Payload is what an authority sends a platform's inbox: exactly one
// referral, order or preservation request, named by Kind.
type Payload struct {
	Format       string                `json:"format"`
	Sender       string                `json:"sender"` // the authority, as registered with the receiver
	Kind         string                `json:"kind"`   // "referral", "order" or "preservation"
	SentAt       time.Time             `json:"sent_at"`
	Referral     *rampart.Referral     `json:"referral,omitempty"`
	Order        *rampart.Order        `json:"order,omitempty"`
	Preservation *rampart.Preservation `json:"preservation,omitempty"`
}

// NewPayload wraps a record for sending.
func NewPayload(sender string, sentAt time.Time, record any) (Payload, error) {
	p := Payload{Format: PayloadFormat, Sender: sender, SentAt: sentAt}
	switch r := record.(type) {
	case rampart.Referral:
		p.Kind, p.Referral = "referral", &r
	case rampart.Order:
		p.Kind, p.Order = "order", &r
	case rampart.Preservation:
		p.Kind, p.Preservation = "preservation", &r
	default:
		return p, fmt.Errorf("new payload: %T is not a referral, order or preservation request", record)
	}
	return p, nil
}

// ParsePayload reads and checks a payload. Unknown fields, trailing data,
// a wrong format or kind, and items without an id or URL are errors that
// name the JSON path; nothing here panics on any input.
func ParsePayload(b []byte) (Payload, error) {
	var p Payload
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Payload{}, invalid("payload: %s", describeJSONError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Payload{}, invalid("payload: trailing data after the JSON object")
	}
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if p.Format != PayloadFormat {
		bad("format: %q: want %q", p.Format, PayloadFormat)
	}
	if strings.TrimSpace(p.Sender) == "" {
		bad("sender: required")
	}
	var (
		st      *rampart.RequestState
		present int
	)
	if p.Referral != nil {
		present++
		st = &p.Referral.RequestState
	}
	if p.Order != nil {
		present++
		st = &p.Order.RequestState
	}
	if p.Preservation != nil {
		present++
		st = &p.Preservation.RequestState
	}
	switch {
	case p.Kind != "referral" && p.Kind != "order" && p.Kind != "preservation":
		bad("kind: %q: want referral, order or preservation", p.Kind)
	case present != 1:
		bad("%s: want exactly one of referral, order, preservation; got %d", p.Kind, present)
	case p.Kind == "referral" && p.Referral == nil, p.Kind == "order" && p.Order == nil, p.Kind == "preservation" && p.Preservation == nil:
		bad("%s: missing; kind says %s", p.Kind, p.Kind)
	}
	if st != nil {
		if st.Platform == "" {
			bad("%s.platform: required", p.Kind)
		}
		if len(st.Items) == 0 {
			bad("%s.items: at least one item", p.Kind)
		}
		for i, it := range st.Items {
			if it.Subject.ID == "" && it.URL == "" {
				bad("%s.items[%d]: give subject.id or url", p.Kind, i)
			}
		}
	}
	if p.Order != nil {
		for _, f := range []struct{ name, v string }{{"reference_number", p.Order.ReferenceNumber},
			{"issuing_authority", p.Order.IssuingAuthority}, {"legal_basis", p.Order.LegalBasis}} {
			if strings.TrimSpace(f.v) == "" {
				bad("order.%s: required", f.name)
			}
		}
	}
	if len(probs) > 0 {
		return Payload{}, invalid("payload: %s", strings.Join(probs, "; "))
	}
	return p, nil
}

// describeJSONError names where decoding failed.
func describeJSONError(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		// The path names Go's embedded struct; the JSON has no such level.
		field := strings.ReplaceAll(te.Field, "RequestState.", "")
		return fmt.Sprintf("%s: want %s, got JSON %s (byte %d)", field, te.Type, te.Value, te.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "invalid JSON at byte end: the body ends before the object does"
	case errors.Is(err, io.EOF):
		return "empty body; want a JSON object"
	}
	return err.Error()
}

func invalid(format string, args ...any) error {
	return rampart.Errorf(rampart.EINVALID, format, args...)
}
