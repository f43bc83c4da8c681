package casework

import (
	"crypto/rand"
	"io"
	"log/slog"
	"time"

	"github.com/rampart-tt/rampart"
)

// Defaults for Options.
const (
	DefaultTokenTTL   = 90 * 24 * time.Hour
	DefaultClaimLease = 15 * time.Minute
	MaxTokenTTL       = 366 * 24 * time.Hour
)

// Options configure a Service. The zero value is the default.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rand is the source of token secrets; nil means crypto/rand.
	Rand io.Reader
	// Logger; nil discards.
	Logger *slog.Logger
	// TokenTTL is the lifetime of a token when the request names none.
	TokenTTL time.Duration
	// ClaimLease is how long a review claim holds before it lapses.
	ClaimLease time.Duration
	// TwoPerson lists the actions that need two different reviewers to
	// agree before a case is decided; nil means remove and suspend, and an
	// empty non-nil slice turns the rule off.
	TwoPerson []rampart.Action
	// SLA maps how urgent a case is to how long review may take.
	SLA SLA
	// EvidenceKey (EvidenceKeySize bytes) seals media originals kept
	// under legal hold; nil keeps hashes only.
	EvidenceKey []byte
	// MediaRoot is the directory media paths of items are read from when
	// originals are kept; reads cannot leave it (os.Root).
	MediaRoot string
}

// SLA is the review deadline by urgency.
type SLA struct {
	ThreatToLife time.Duration // default 1h
	Severe       time.Duration // remove or suspend proposed; default 24h
	Other        time.Duration // default 72h
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = DefaultTokenTTL
	}
	if o.ClaimLease <= 0 {
		o.ClaimLease = DefaultClaimLease
	}
	if o.TwoPerson == nil {
		o.TwoPerson = []rampart.Action{rampart.ActionRemove, rampart.ActionSuspend}
	}
	if o.SLA.ThreatToLife <= 0 {
		o.SLA.ThreatToLife = time.Hour
	}
	if o.SLA.Severe <= 0 {
		o.SLA.Severe = 24 * time.Hour
	}
	if o.SLA.Other <= 0 {
		o.SLA.Other = 72 * time.Hour
	}
	return o
}

// Service applies casework rules over the stores.
type Service struct {
	users  rampart.UserStore
	cases  rampart.CaseStore
	opt    Options
	sealer *sealer // nil without an evidence key
}

// New returns a service over the stores. An EvidenceKey of the wrong size
// is an error, so that a misconfigured server does not start.
func New(users rampart.UserStore, cases rampart.CaseStore, opt Options) (*Service, error) {
	s := &Service{users: users, cases: cases, opt: opt.withDefaults()}
	if opt.EvidenceKey != nil {
		var err error
		if s.sealer, err = newSealer(opt.EvidenceKey, s.opt.Rand); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// TwoPersonActions returns the actions the two-person rule covers.
func (s *Service) TwoPersonActions() []rampart.Action { return s.opt.TwoPerson }

func (s *Service) now() time.Time { return s.opt.Now().UTC() }
