package rampart

import "time"

// Entity categories. Only armed groups and their parts are screened by
// default; a political party or a rights movement that sits on a national
// list is screened only when a deployment turns it on explicitly.
const (
	CategoryArmedGroup     = "armed_group"
	CategoryPoliticalParty = "political_party"
	CategoryRightsMovement = "rights_movement"
	CategoryCivilSociety   = "civil_society" // a foundation, school network or charity on a list
)

// Entity kinds.
const (
	EntityOrganisation = "organisation"
	EntityMediaWing    = "media_wing"
	EntitySubunit      = "subunit"
	EntityPerson       = "person"
)

// Alias types.
const (
	AliasName      = "name"
	AliasAcronym   = "acronym"
	AliasMediaWing = "media_wing"
	AliasHandle    = "handle"
	AliasFormer    = "former" // f.k.a.
)

// Alias is one way of writing an entity's name. Weak aliases (UN quality
// "Low") never match on their own. The flags control ambiguity: a
// case-sensitive alias matches only as written; a whole-token alias never
// matches inside a longer word; a needs-context alias matches only when a
// context word of its group is near.
type Alias struct {
	Text          string `json:"text"`
	Script        string `json:"script,omitempty"` // ISO 15924: Latn, Arab
	Lang          string `json:"lang,omitempty"`   // BCP 47: en, ur, ps, ar, bal, und-Latn
	Type          string `json:"type,omitempty"`
	Weak          bool   `json:"weak,omitempty"`
	CaseSensitive bool   `json:"case_sensitive,omitempty"`
	WholeToken    bool   `json:"whole_token,omitempty"`
	NeedsContext  bool   `json:"needs_context,omitempty"`
	Source        string `json:"source,omitempty"` // list or source code, e.g. UN, NACTA, NEWS_UR
	SourceRef     string `json:"source_ref,omitempty"`
	SourceURL     string `json:"source_url,omitempty"`
}

// Designation is one listing of an entity by one authority: the instrument a
// referral cites.
type Designation struct {
	Authority    string    `json:"authority"`           // UN, US, GB, EU, PK
	List         string    `json:"list"`                // un, fto, sdgt, uk, eu, nacta
	Reference    string    `json:"reference,omitempty"` // e.g. QDe.132
	ListedOn     time.Time `json:"listed_on,omitzero"`
	DelistedOn   time.Time `json:"delisted_on,omitzero"`
	Source       string    `json:"source,omitempty"`       // document or URL
	Jurisdiction string    `json:"jurisdiction,omitempty"` // country code the list applies in; "UN" for the UN list
}

// InForce reports whether the designation applies at time t.
func (d Designation) InForce(t time.Time) bool {
	if !d.ListedOn.IsZero() && t.Before(d.ListedOn) {
		return false
	}
	return d.DelistedOn.IsZero() || t.Before(d.DelistedOn)
}

// Relation links two entities (media_wing_of, faction_of, successor_of, alias_of).
type Relation struct {
	Type   string `json:"type"`
	Target string `json:"target"`
}

// Entity is a designated organisation, or a media wing, sub-unit or person
// belonging to one. Group is the stable id of the organisation it belongs to
// (its own id for an organisation).
type Entity struct {
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	Kind         string        `json:"kind"`
	Group        string        `json:"group"`
	Category     string        `json:"category"`
	Aliases      []Alias       `json:"aliases"`
	Designations []Designation `json:"designations,omitempty"`
	Relations    []Relation    `json:"relations,omitempty"`
}

// Mention is one place where an alias of an entity was found in a text.
// Start and End are byte offsets into the original text. Method says how it
// matched: exact, folded, skeleton, fuzzy or phonetic.
type Mention struct {
	Entity string  `json:"entity"`
	Group  string  `json:"group"`
	Alias  string  `json:"alias"`
	Start  int     `json:"start"`
	End    int     `json:"end"`
	Score  float64 `json:"score"`
	Method string  `json:"method"`
}

// Match methods.
const (
	MethodExact    = "exact"
	MethodFolded   = "folded"
	MethodSkeleton = "skeleton"
	MethodFuzzy    = "fuzzy"
	MethodPhonetic = "phonetic"
)
