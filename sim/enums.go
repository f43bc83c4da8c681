package sim

// role is what an account really is. The order is the order of roleNames.
type role uint8

const (
	roleOrganic role = iota
	roleNews
	roleResearcher
	roleCounter
	roleActivist
	rolePropaganda
	roleBot
	roleEvader
	numRoles
)

// Role names as written in the labels file.
const (
	RoleOrganic       = "organic"
	RoleNews          = "news"
	RoleResearcher    = "researcher"
	RoleCounterSpeech = "counter_speech"
	RoleActivist      = "activist"
	RolePropaganda    = "propaganda"
	RoleBot           = "bot"
	RoleEvader        = "evader"
)

var roleNames = [numRoles]string{RoleOrganic, RoleNews, RoleResearcher, RoleCounterSpeech,
	RoleActivist, RolePropaganda, RoleBot, RoleEvader}

// label is what a post really is.
type label uint8

const (
	labelOther label = iota
	labelReporting
	labelCounter
	labelActivism
	labelPropaganda
	labelRecruitment
	labelHate
	numLabels
)

// Post label names as written in the labels file.
const (
	LabelOther         = "other"
	LabelReporting     = "reporting"
	LabelCounterSpeech = "counter_speech"
	LabelActivism      = "activism"
	LabelPropaganda    = "propaganda"
	LabelRecruitment   = "recruitment"
	LabelHate          = "hate"
)

var labelNames = [numLabels]string{LabelOther, LabelReporting, LabelCounterSpeech, LabelActivism,
	LabelPropaganda, LabelRecruitment, LabelHate}

// lang is the language and script a post is written in.
type lang uint8

const (
	langEN lang = iota
	langUR      // Urdu in Urdu (Perso-Arabic) script
	langRU      // Roman Urdu: Urdu in Latin letters
	langPS      // Pashto
	langAR      // Arabic
	numLangs
)

// Language codes as written in the labels file.
const (
	LangEnglish   = "en"
	LangUrdu      = "ur"
	LangRomanUrdu = "roman-ur"
	LangPashto    = "ps"
	LangArabic    = "ar"
)

var langCodes = [numLangs]string{LangEnglish, LangUrdu, LangRomanUrdu, LangPashto, LangArabic}

// group is a designated organisation. The ids match the stable entity ids
// of the designation registry (designations_seed.csv).
type group uint8

const (
	groupTTP group = iota
	groupISKP
	groupBLA
	groupBLF
	groupLeJ
	groupJuA
	groupLeT
	groupJeM
	groupHGB
	numGroups
	groupNone group = 255
)

var groupIDs = [numGroups]string{"ttp", "iskp", "bla", "blf", "lej", "jua", "let", "jem", "hgb"}

// Groups lists the ids of the designated groups the simulation knows, in a
// fixed order.
func Groups() []string { return append([]string(nil), groupIDs[:]...) }

func (g group) id() string {
	if g >= numGroups {
		return ""
	}
	return groupIDs[g]
}

// groupWeights is how often each group is the subject of propaganda and of
// lawful reporting: TTP, ISKP and BLA dominate Pakistan's attack reporting.
var groupWeights = [numGroups]float64{0.28, 0.2, 0.16, 0.07, 0.06, 0.07, 0.05, 0.05, 0.06}
