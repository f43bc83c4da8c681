package rampart

import "context"

// Evidence points at the part of a subject that supports a signal. Start and
// End are byte offsets into Field of the item as given (not the normalised
// text), so a reviewer sees exactly what was matched.
type Evidence struct {
	Field string `json:"field"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Detector names, one per capability.
const (
	DetectorDesignation = "designation" // names and aliases of designated entities
	DetectorClassifier  = "classifier"  // text classifier
	DetectorHash        = "hash"        // media and URL hash banks
	DetectorBot         = "bot"         // fake/bot account score
	DetectorCoord       = "coord"       // coordinated behaviour
	DetectorEvasion     = "evasion"     // ban evasion
)

// Signal kinds.
const (
	SignalMention     = "mention"      // a designated entity is named
	SignalClassifier  = "classifier"   // label probabilities for the text
	SignalHashMatch   = "hash_match"   // media or URL matched a bank entry
	SignalBotScore    = "bot_score"    // account looks automated or fake
	SignalCoordinated = "coordination" // account is in a coordinated cluster
	SignalBanEvasion  = "ban_evasion"  // account resembles a removed one
)

// Signal is one observation about a subject, with its evidence. Entity is the
// designated entity it concerns (a media wing, a person, an organisation) and
// Group the designated organisation that entity belongs to. Jurisdictions
// lists the country codes whose lists in force designate Group. Attrs holds
// detector-specific facts (classifier probabilities, hash distance and bank,
// feature contributions) that policies and reviewers may read.
type Signal struct {
	Detector      string         `json:"detector"`
	Kind          string         `json:"kind"`
	Entity        string         `json:"entity,omitempty"`
	Group         string         `json:"group,omitempty"`
	Score         float64        `json:"score"`
	Evidence      []Evidence     `json:"evidence,omitempty"`
	Jurisdictions []string       `json:"jurisdictions,omitempty"`
	Attrs         map[string]any `json:"attrs,omitempty"`
}

// Detector looks at one item and returns what it sees. Detectors must be safe
// for concurrent use; they must not keep the item.
type Detector interface {
	Name() string
	Detect(ctx context.Context, it Item) ([]Signal, error)
}

// SubjectSignal is a signal about a subject other than the item being looked
// at: analyzers find things about accounts and clusters.
type SubjectSignal struct {
	Subject Subject `json:"subject"`
	Signal  Signal  `json:"signal"`
}

// Analyzer looks at a window of items (posts and accounts together) and
// returns signals about accounts and groups of accounts.
type Analyzer interface {
	Name() string
	Analyze(ctx context.Context, window []Item) ([]SubjectSignal, error)
}
