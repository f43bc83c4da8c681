package rampart

import (
	"fmt"
	"strings"
	"time"
)

// Action is what a decision asks for. Withholding is per country and written
// "withhold:PK" (ISO 3166-1 alpha-2).
type Action string

// Actions, from least to most severe.
const (
	ActionNone    Action = "none"
	ActionReview  Action = "review"
	ActionRefer   Action = "refer"
	ActionRemove  Action = "remove"
	ActionSuspend Action = "suspend"
	// withhold:<country> sits between refer and remove.
	withholdPrefix = "withhold:"
)

// Withhold returns the action that withholds content in one country.
func Withhold(country string) Action { return Action(withholdPrefix + strings.ToUpper(country)) }

// ParseAction validates an action string.
func ParseAction(s string) (Action, error) {
	switch a := Action(s); a {
	case ActionNone, ActionReview, ActionRefer, ActionRemove, ActionSuspend:
		return a, nil
	}
	if cc, ok := strings.CutPrefix(s, withholdPrefix); ok {
		if len(cc) == 2 && isUpperAlpha(cc) {
			return Action(s), nil
		}
		return "", fmt.Errorf("action %q: withhold needs a two-letter upper-case country code, as in withhold:PK", s)
	}
	return "", fmt.Errorf("action %q: want none, review, refer, withhold:<CC>, remove or suspend", s)
}

func isUpperAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// Country returns the country of a withhold action and whether it is one.
func (a Action) Country() (string, bool) { return strings.CutPrefix(string(a), withholdPrefix) }

// Severity orders actions: none 0, review 1, refer 2, withhold 3, remove 4,
// suspend 5. When several rules fire, the most severe action wins.
func (a Action) Severity() int {
	switch a {
	case ActionNone, "":
		return 0
	case ActionReview:
		return 1
	case ActionRefer:
		return 2
	case ActionRemove:
		return 4
	case ActionSuspend:
		return 5
	}
	if _, ok := a.Country(); ok {
		return 3
	}
	return 0
}

// Rule modes.
const (
	ModeLive     = "live"     // evaluated and acted on
	ModeShadow   = "shadow"   // evaluated and recorded, never acted on
	ModeDisabled = "disabled" // not evaluated
)

// Decision is the outcome of a policy for one subject: the action of the most
// severe live rule that fired, and every shadow rule that would have fired.
type Decision struct {
	Action Action `json:"action"`
	Rule   string `json:"rule,omitempty"`   // id of the deciding rule
	Reason string `json:"reason,omitempty"` // reason code of that rule
	Basis  string `json:"basis,omitempty"`  // legal or policy basis text
	// Fired lists every live rule that matched, most severe first.
	Fired []RuleHit `json:"fired,omitempty"`
	// Shadow lists shadow-mode rules that matched; they never set Action.
	Shadow []RuleHit `json:"shadow,omitempty"`
}

// RuleHit is one rule that matched.
type RuleHit struct {
	Rule   string `json:"rule"`
	Action Action `json:"action"`
	Reason string `json:"reason,omitempty"`
	Basis  string `json:"basis,omitempty"`
}

// Versions records what a finding was made under, so that a later reader can
// tell which policy, designation registry and models produced it.
type Versions struct {
	Policy   string            `json:"policy"`
	Registry string            `json:"registry"`
	Models   map[string]string `json:"models,omitempty"`
}

// Finding is a subject with at least one signal, the decision taken on it and
// everything needed to explain that decision. Its JSON form is the output
// contract of `rampart scan`.
type Finding struct {
	Platform  string    `json:"platform"`
	Kind      string    `json:"kind"`
	ID        string    `json:"id"`
	AccountID string    `json:"account_id,omitempty"`
	Action    Action    `json:"action"`
	Score     float64   `json:"score"`
	Rule      string    `json:"rule"`
	Reason    string    `json:"reason,omitempty"`
	Basis     string    `json:"basis"`
	Versions  Versions  `json:"versions"`
	Signals   []Signal  `json:"signals"`
	Shadow    []RuleHit `json:"shadow,omitempty"`
	Origin    *Origin   `json:"origin,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	// Incidents lists the crisis incidents that covered the finding when
	// it was stored (casework.TagFindings), lowest id first; nil for none.
	Incidents []int64 `json:"incidents,omitempty"`
	// Priority is set on a finding an incident covers: casework.Priority
	// of its score and action raised by the incidents' largest boost,
	// 0–100. It is 0 on other findings, whose priority is the plain one.
	Priority int `json:"priority,omitempty"`
}

// Subject returns the identity the finding is about.
func (f Finding) Subject() Subject { return Subject{Platform: f.Platform, Kind: f.Kind, ID: f.ID} }
