package textnorm

// Arabic-script letter folding for Urdu, Pashto, Arabic and Balochi.
//
// exactArabic folds variants that writers use interchangeably for the same
// letter (Arabic-keyboard forms typed in Urdu text, hamza-carrying alefs
// whose hamza is orthographic) and is safe for the exact key. looseArabic
// folds letters that can change a word's meaning or belong to another
// language's orthography (آ/ا, ے/ی, ھ/ہ, ۃ/ہ, Pashto ټ/ډ/ړ/ڼ/ې/ۍ, Balochi ۏ)
// and is used only for the loose key.
var exactArabic = map[rune]rune{
	'\u0623': '\u0627', // أ alef with hamza above → ا
	'\u0625': '\u0627', // إ alef with hamza below → ا
	'\u0671': '\u0627', // ٱ alef wasla → ا
	'\u0672': '\u0627', // ٲ alef with wavy hamza above → ا
	'\u0673': '\u0627', // ٳ alef with wavy hamza below → ا
	'\u0643': '\u06A9', // ك Arabic kaf → ک keheh (Urdu, Persian)
	'\u06AA': '\u06A9', // ڪ swash kaf → ک
	'\u064A': '\u06CC', // ي Arabic yeh → ی Farsi yeh
	'\u0649': '\u06CC', // ى alef maksura → ی
	'\u0647': '\u06C1', // ه Arabic heh → ہ heh goal (Urdu)
	'\u06D5': '\u06C1', // ە ae → ہ
	'\u06C0': '\u06C1', // ۀ heh with yeh above (izafat) → ہ
	'\u06C2': '\u06C1', // ۂ heh goal with hamza above (izafat) → ہ
	'\u0629': '\u06C3', // ة teh marbuta → ۃ teh marbuta goal (Urdu)
	'\u06D3': '\u06D2', // ۓ yeh barree with hamza → ے
}

var looseArabic = map[rune]rune{
	'\u0622': '\u0627', // آ alef madda → ا
	'\u06D2': '\u06CC', // ے yeh barree → ی
	'\u06D0': '\u06CC', // ې Pashto e → ی
	'\u06CD': '\u06CC', // ۍ Pashto yeh with tail → ی
	'\u06BE': '\u06C1', // ھ heh doachashmee → ہ
	'\u06C3': '\u06C1', // ۃ teh marbuta goal → ہ
	'\u0624': '\u0648', // ؤ waw with hamza → و
	'\u0626': '\u06CC', // ئ yeh with hamza → ی
	'\u06CF': '\u0648', // ۏ Balochi waw with dot above → و
	'\u06BA': '\u0646', // ں noon ghunna → ن
	'\u06BC': '\u0646', // ڼ Pashto noon with ring → ن
	// Retroflex letters of Urdu and Pashto, which Arabic writes with the
	// plain letter, and the Persian-Urdu letters Arabic lacks.
	'\u0679': '\u062A', // ٹ → ت
	'\u067C': '\u062A', // ټ Pashto teh with ring → ت
	'\u0688': '\u062F', // ڈ → د
	'\u0689': '\u062F', // ډ Pashto dal with ring → د
	'\u0691': '\u0631', // ڑ → ر
	'\u0693': '\u0631', // ړ Pashto reh with ring → ر
	'\u067E': '\u0628', // پ peh → ب (باكستان for پاکستان)
	'\u0686': '\u062C', // چ tcheh → ج
	'\u06AF': '\u06A9', // گ gaf → ک
	'\u0698': '\u0632', // ژ jeh → ز
}

// Combining marks that compose with the previous letter into a letter the
// exact key keeps apart (a decomposed آ, ؤ or ئ must equal the precomposed
// one).
const (
	maddaAbove = '\u0653'
	hamzaAbove = '\u0654'
)

func composeArabic(prev, mark rune) (rune, bool) {
	switch {
	case mark == maddaAbove && prev == '\u0627':
		return '\u0622', true
	case mark == hamzaAbove && prev == '\u0648':
		return '\u0624', true
	case mark == hamzaAbove && prev == '\u06CC':
		return '\u0626', true
	}
	return 0, false
}

// digitValue reads decimal digits of any script (Arabic-Indic ٠-٩,
// Extended Arabic-Indic ۰-۹, Devanagari, full-width...) as ASCII. Unicode
// assigns every Nd digit run in blocks of ten starting at zero.
func digitValue(r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9':
		return r, true
	case r >= '\u0660' && r <= '\u0669':
		return '0' + r - '\u0660', true
	case r >= '\u06F0' && r <= '\u06F9':
		return '0' + r - '\u06F0', true
	}
	return 0, false
}
