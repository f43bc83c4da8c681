package designation

// Context words decide whether a short or ambiguous alias (TTP, BLA, LeT,
// ISIS, IS, JeM...) names the group in this text. They are matched like
// aliases, on token starts; words of five letters or more also match as a
// prefix (attack, attacks, attacked).
//
// genericContext applies to every group: words about militancy and its
// designation that rarely sit next to the ordinary senses of the acronyms.
var genericContext = []string{
	"militant", "terror", "terrorist", "attack", "claimed", "claims responsibility",
	"jihad", "mujahid", "insurgen", "banned outfit", "proscribed", "suicide bomb",
	"bomber", "ambush", "martyrdom", "shaheed", "khawarij", "khariji", "fighter",
	// Roman Urdu: attack, terror(ist), suicide (attack), banned, militant,
	// (claimed) responsibility. Posts in Roman Urdu use these where English
	// posts use the words above.
	"hamla", "dehshat", "dahshat", "khudkush", "kalaadam", "kaladam", "jangju",
	"zimmedari qabool",
	"حملہ", "دہشت", "کالعدم", "شدت پسند", "عسکریت", "جہاد", "مجاہد", "خوارج",
	// Pashto: attack, terrorist, armed.
	"برید", "ترهګر", "ترهگر", "وسله وال",
	"هجوم", "إرهاب", "مسلح",
}

// groupContext adds words for the stable group ids of the seed registry.
// Every group also gets, automatically, the words (five letters or more) of
// its own name and of its other aliases, and any match of one of its
// unambiguous aliases in the same text.
var groupContext = map[string][]string{
	"ttp": {"taliban", "tehreek", "tehrik", "tahreek", "pakistan", "khawarij", "fitna",
		"waziristan", "kpk", "khyber", "pakhtunkhwa", "mehsud", "noor wali", "bannu", "swat",
		"umar media", "طالبان", "تحریک", "خوارج", "وزیرستان", "فتنہ"},
	"bla": {"baloch", "baluch", "balochistan", "baluchistan", "quetta", "majeed", "hakkal",
		"separatist", "fitna al hindustan", "liberation army", "sarmachar", "بلوچ", "بلوچستان", "سرمچار"},
	"blf": {"baloch", "baluch", "balochistan", "baluchistan", "allah nazar", "kech", "panjgur",
		"separatist", "liberation front", "sarmachar", "بلوچ", "بلوچستان", "سرمچار"},
	"let": {"lashkar", "taiba", "tayyiba", "hafiz saeed", "kashmir", "mumbai", "jamaat",
		"dawa", "pahalgam", "لشکر", "طیبہ"},
	"jem": {"jaish", "masood azhar", "kashmir", "pulwama", "bahawalpur", "جیش"},
	"lej": {"jhangvi", "sectarian", "sipah", "hazara", "جھنگوی"},
	"jua": {"ahrar", "mohmand", "الاحرار", "احرار"},
	"iskp": {"khorasan", "khurasan", "daesh", "caliphate", "wilayat", "islamic state",
		"baghdadi", "داعش", "خراسان", "الدولة"},
	"hgb": {"bahadur", "waziristan", "gul bahadur", "بہادر"},
}

// negativeContext lists, per alias key, words of the other senses of an
// ambiguous acronym. When one is near, a match on case alone is not enough:
// a context word of the group must be near too. "TTP (thrombotic
// thrombocytopenic purpura)" and "BLA degree" are the kind of text this is
// for.
var negativeContext = map[string][]string{
	"ttp":  {"thrombotic", "thrombocytopenic", "purpura", "platelet", "haematolog", "hematolog", "plasma exchange", "patient", "trusted third party", "awareness", "blood", "disorder"},
	"bla":  {"degree", "bachelor", "university", "college", "graduate", "bla", "blah", "arts"},
	"let":  {"exam", "test", "licensure", "teacher", "let us", "us"},
	"isis": {"goddess", "osiris", "horus", "egypt", "mytholog", "temple", "river"},
	"jam":  {"jelly", "strawberry", "traffic", "session", "toast", "music"},
	"jem":  {"holograms", "jewel"},
	"imp":  {"devil", "demon", "goblin", "impish"},
	"is":   {},
	"hum":  {"hum", "humming", "music"},
	// Senior Superintendent of Police, the rank, is written SSP and S.S.P.
	"ssp": {"police", "superintendent", "dpo", "sho"},
}

// commonWords are short aliases that are also ordinary English words or
// common abbreviations (or Roman Urdu words): they match only as written (in
// the alias's own capitals) or with a context word of their group near.
var commonWords = map[string]bool{
	"let": true, "is": true, "isis": true, "jam": true, "bla": true, "imp": true,
	"jem": true, "ttp": true, "hum": true, "jud": true, "trf": true, "mml": true,
	"lej": true, "jua": true, "blf": true, "sla": true, "sra": true, "tjp": true,
	"ssp": true, "smp": true, "fif": true, "ptm": true, "tlp": true, "bra": true,
	"bnf": true, "ist": true, "isil": true, "aqis": true, "huji": true,
}
