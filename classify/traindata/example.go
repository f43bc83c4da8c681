package traindata

// Example is one constructed training item. Template is the family the text
// was generated from ("<lang>/<family>"); whole families are held out
// together by Split so that validation measures generalisation to unseen
// phrasings, not recall of seen ones.
type Example struct {
	Text     string `json:"text"`
	Label    string `json:"label"`
	Lang     string `json:"lang"`
	Group    string `json:"group"`
	Template string `json:"template"`
	Source   string `json:"source"`
}

// The six project labels (docs/labelling.md).
const (
	LabelPropaganda    = "propaganda"
	LabelRecruitment   = "recruitment"
	LabelHate          = "hate"
	LabelReporting     = "reporting"
	LabelCounterSpeech = "counter_speech"
	LabelOther         = "other"
)

// Labels lists the project labels in a fixed order.
func Labels() []string {
	return []string{LabelPropaganda, LabelRecruitment, LabelHate, LabelReporting, LabelCounterSpeech, LabelOther}
}

// Languages of the constructed corpus.
const (
	LangEnglish   = "en"
	LangRomanUrdu = "roman-ur"
	LangUrdu      = "ur"
	LangPashto    = "ps"
	LangArabic    = "ar"
)

// Langs lists the corpus languages in a fixed order.
func Langs() []string {
	return []string{LangEnglish, LangRomanUrdu, LangUrdu, LangPashto, LangArabic}
}

// Groups lists the designated groups the constructed corpus names, by the
// stable ids of docs/labelling.md. hgb is deliberately absent: it is the
// held-out group (see the package doc and README).
func Groups() []string {
	return []string{"ttp", "iskp", "bla", "blf", "lej", "jua", "let", "jem"}
}

// HeldOutGroup is the group id never mentioned in the constructed corpus.
const HeldOutGroup = "hgb"

// SourceConstructed marks examples produced by Constructed.
const SourceConstructed = "constructed"

func isLabel(s string) bool {
	for _, l := range Labels() {
		if l == s {
			return true
		}
	}
	return false
}
