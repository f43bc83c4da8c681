package traindata

// Slot fillers for the template families. Names are given in every script
// the corpus uses, so that each class sees the same names in each language.
// Index order of the per-language arrays: en, roman-ur, ur, ps, ar.

// langIndex maps a language to its column in the filler tables.
var langIndex = map[string]int{LangEnglish: 0, LangRomanUrdu: 1, LangUrdu: 2, LangPashto: 3, LangArabic: 4}

// groupNames holds, per group, the names any voice uses ({G}), the official
// or pejorative names used by the state, the press and counter-speech ({GO}),
// media wings and sub-units ({M}) and where the group operates ({P}).
type groupNames struct {
	names    [5][]string
	official [5][]string
	media    [5][]string
	places   []string // keys of placeNames
}

var groupTable = map[string]groupNames{
	"ttp": {
		names: [5][]string{
			{"TTP", "Tehreek-e-Taliban Pakistan", "the Pakistani Taliban", "Tehrik-i-Taliban Pakistan", "the TTP"},
			{"TTP", "Tehreek-e-Taliban Pakistan", "Tehreek e Taliban", "Pakistani Taliban", "tehreek-e-taliban"},
			{"ٹی ٹی پی", "تحریک طالبان پاکستان", "پاکستانی طالبان", "تحریکِ طالبان"},
			{"ټي ټي پي", "تحریک طالبان پاکستان", "پاکستاني طالبان"},
			{"حركة طالبان باكستان", "طالبان باكستان", "تحريك طالبان باكستان"},
		},
		official: [5][]string{
			{"Fitna al-Khawarij", "the khawarij", "Fitna-al-Khawarij"},
			{"Fitna al Khawarij", "khawarij", "fitna-al-khawarij", "khwarij"},
			{"فتنہ الخوارج", "خوارج"},
			{"فتنه الخوارج", "خوارج"},
			{"فتنة الخوارج", "الخوارج"},
		},
		media: [5][]string{
			{"Umar Media"}, {"Umar Media", "Umar media"}, {"عمر میڈیا"}, {"عمر میډیا"}, {"مؤسسة عمر الإعلامية", "عمر ميديا"},
		},
		places: []string{"bannu", "dik", "nwaz", "swaz", "lakki", "tank", "khyber", "swat", "peshawar", "bajaur", "mohmand"},
	},
	"iskp": {
		names: [5][]string{
			{"ISKP", "IS-Khorasan", "Islamic State Khorasan", "IS-K", "Daesh", "Wilayat Khurasan"},
			{"ISKP", "Daesh", "Daish", "IS Khorasan", "Wilayat Khurasan", "daesh khorasan"},
			{"داعش", "داعش خراسان", "ولایت خراسان", "دولتِ اسلامیہ خراسان"},
			{"داعش", "داعش خراسان", "ولایت خراسان"},
			{"ولاية خراسان", "تنظيم الدولة في خراسان", "داعش خراسان", "داعش"},
		},
		official: [5][]string{
			{"Daesh", "the Daesh khawarij"},
			{"Daesh", "daish ke khawarij"},
			{"داعش کے خوارج", "داعش"},
			{"د داعش خوارج", "داعش"},
			{"خوارج داعش", "داعش"},
		},
		media: [5][]string{
			{"Al-Azaim", "Amaq", "al-Azaim Foundation"}, {"Al Azaim", "Amaq", "Al-Azaim"}, {"العزائم", "اعماق"}, {"العزائم", "اعماق"}, {"مؤسسة العزائم", "وكالة أعماق"},
		},
		places: []string{"bajaur", "peshawar", "kabul", "nangarhar", "kunar", "jalalabad", "mastung", "orakzai"},
	},
	"bla": {
		names: [5][]string{
			{"BLA", "the Balochistan Liberation Army", "Balochistan Liberation Army", "the Baloch Liberation Army"},
			{"BLA", "Balochistan Liberation Army", "B.L.A"},
			{"بی ایل اے", "بلوچستان لبریشن آرمی", "بلوچ لبریشن آرمی"},
			{"بي ايل اې", "بلوچستان لبریشن آرمي"},
			{"جيش تحرير بلوشستان", "جيش تحرير إقليم بلوشستان"},
		},
		official: [5][]string{
			{"Fitna al-Hindustan", "Fitna-al-Hindustan"},
			{"Fitna al Hindustan", "fitna-al-hindustan"},
			{"فتنہ الہندوستان"},
			{"فتنه الهندوستان"},
			{"فتنة الهندوستان"},
		},
		media: [5][]string{
			{"Hakkal", "the Majeed Brigade"}, {"Hakkal", "Majeed Brigade"}, {"ہکل", "مجید بریگیڈ"}, {"هکل", "مجید بریګیډ"}, {"هكل", "لواء مجيد"},
		},
		places: []string{"quetta", "kech", "gwadar", "turbat", "panjgur", "mastung", "noshki", "kalat", "bolan"},
	},
	"blf": {
		names: [5][]string{
			{"BLF", "the Balochistan Liberation Front", "Balochistan Liberation Front"},
			{"BLF", "Balochistan Liberation Front"},
			{"بی ایل ایف", "بلوچستان لبریشن فرنٹ"},
			{"بي ايل اف", "بلوچستان لبریشن فرنټ"},
			{"جبهة تحرير بلوشستان"},
		},
		official: [5][]string{
			{"Fitna al-Hindustan"}, {"Fitna al Hindustan"}, {"فتنہ الہندوستان"}, {"فتنه الهندوستان"}, {"فتنة الهندوستان"},
		},
		places: []string{"kech", "turbat", "awaran", "panjgur", "gwadar", "kharan"},
	},
	"lej": {
		names: [5][]string{
			{"LeJ", "Lashkar-e-Jhangvi", "LeJ al-Alami", "Lashkar-e-Jhangvi al-Alami"},
			{"LeJ", "Lashkar-e-Jhangvi", "Lashkar e Jhangvi", "LeJ al Alami"},
			{"لشکر جھنگوی", "لشکرِ جھنگوی العالمی"},
			{"لښکر جهنګوي"},
			{"عسكر جهنكوي", "لشكر جهنكوي"},
		},
		places: []string{"quetta", "hazaratown", "karachi", "mastung", "parachinar"},
	},
	"jua": {
		names: [5][]string{
			{"Jamaat-ul-Ahrar", "JuA", "Jamaatul Ahrar"},
			{"Jamaat ul Ahrar", "JuA", "Jamat-ul-Ahrar"},
			{"جماعت الاحرار"},
			{"جماعت الاحرار"},
			{"جماعة الأحرار"},
		},
		official: [5][]string{
			{"the khawarij"}, {"khawarij"}, {"خوارج"}, {"خوارج"}, {"الخوارج"},
		},
		places: []string{"mohmand", "peshawar", "bajaur", "khyber", "lahore"},
	},
	"let": {
		names: [5][]string{
			{"LeT", "Lashkar-e-Taiba", "Lashkar-e-Tayyiba", "the TRF"},
			{"LeT", "Lashkar-e-Taiba", "Lashkar e Tayyaba"},
			{"لشکر طیبہ", "لشکرِ طیبہ"},
			{"لښکر طیبه"},
			{"عسكر طيبة", "لشكر طيبة"},
		},
		places: []string{"kashmir", "srinagar", "kupwara", "mumbai", "muridke"},
	},
	"jem": {
		names: [5][]string{
			{"JeM", "Jaish-e-Mohammed", "Jaish-e-Muhammad"},
			{"JeM", "Jaish-e-Mohammad", "Jaish e Muhammad"},
			{"جیش محمد", "جیشِ محمد"},
			{"جیش محمد"},
			{"جيش محمد"},
		},
		places: []string{"kashmir", "pulwama", "bahawalpur", "uri", "pathankot"},
	},
}

// placeNames: en (also roman-ur), ur, ps, ar.
var placeNames = map[string][4]string{
	"bannu":      {"Bannu", "بنوں", "بنو", "بنو"},
	"dik":        {"Dera Ismail Khan", "ڈیرہ اسماعیل خان", "ډېره اسماعیل خان", "ديرة إسماعيل خان"},
	"nwaz":       {"North Waziristan", "شمالی وزیرستان", "شمالي وزیرستان", "وزيرستان الشمالية"},
	"swaz":       {"South Waziristan", "جنوبی وزیرستان", "سویلي وزیرستان", "وزيرستان الجنوبية"},
	"lakki":      {"Lakki Marwat", "لکی مروت", "لکي مروت", "لكي مروت"},
	"tank":       {"Tank", "ٹانک", "ټانک", "تانك"},
	"khyber":     {"Khyber", "خیبر", "خیبر", "خيبر"},
	"swat":       {"Swat", "سوات", "سوات", "سوات"},
	"peshawar":   {"Peshawar", "پشاور", "پېښور", "بيشاور"},
	"bajaur":     {"Bajaur", "باجوڑ", "باجوړ", "باجور"},
	"mohmand":    {"Mohmand", "مہمند", "مومند", "مهمند"},
	"kabul":      {"Kabul", "کابل", "کابل", "كابل"},
	"nangarhar":  {"Nangarhar", "ننگرہار", "ننګرهار", "ننغرهار"},
	"kunar":      {"Kunar", "کنڑ", "کونړ", "كونار"},
	"jalalabad":  {"Jalalabad", "جلال آباد", "جلال اباد", "جلال آباد"},
	"mastung":    {"Mastung", "مستونگ", "مستونګ", "ماستونغ"},
	"orakzai":    {"Orakzai", "اورکزئی", "اورکزي", "أوركزاي"},
	"quetta":     {"Quetta", "کوئٹہ", "کوټه", "كويتا"},
	"kech":       {"Kech", "کیچ", "کېچ", "كيچ"},
	"gwadar":     {"Gwadar", "گوادر", "ګوادر", "جوادر"},
	"turbat":     {"Turbat", "تربت", "تربت", "تربت"},
	"panjgur":    {"Panjgur", "پنجگور", "پنجګور", "بنجغور"},
	"noshki":     {"Noshki", "نوشکی", "نوشکي", "نوشكي"},
	"kalat":      {"Kalat", "قلات", "قلات", "قلات"},
	"bolan":      {"Bolan", "بولان", "بولان", "بولان"},
	"awaran":     {"Awaran", "آواران", "اواران", "آواران"},
	"kharan":     {"Kharan", "خاران", "خاران", "خاران"},
	"hazaratown": {"Hazara Town", "ہزارہ ٹاؤن", "هزاره ټاون", "حي الهزارة"},
	"karachi":    {"Karachi", "کراچی", "کراچۍ", "كراتشي"},
	"parachinar": {"Parachinar", "پاراچنار", "پاراچنار", "باراچنار"},
	"lahore":     {"Lahore", "لاہور", "لاهور", "لاهور"},
	"kashmir":    {"Kashmir", "کشمیر", "کشمیر", "كشمير"},
	"srinagar":   {"Srinagar", "سری نگر", "سرینګر", "سريناغار"},
	"kupwara":    {"Kupwara", "کپواڑہ", "کپواړه", "كوبوارا"},
	"mumbai":     {"Mumbai", "ممبئی", "ممبۍ", "مومباي"},
	"muridke":    {"Muridke", "مریدکے", "مریدکې", "موريدكي"},
	"pulwama":    {"Pulwama", "پلوامہ", "پلوامه", "بولواما"},
	"bahawalpur": {"Bahawalpur", "بہاولپور", "بهاولپور", "بهاولبور"},
	"uri":        {"Uri", "اڑی", "اوړي", "أوري"},
	"pathankot":  {"Pathankot", "پٹھان کوٹ", "پټان کوټ", "باتانكوت"},
	"islamabad":  {"Islamabad", "اسلام آباد", "اسلام اباد", "إسلام آباد"},
	"rawalpindi": {"Rawalpindi", "راولپنڈی", "راولپنډۍ", "راولبندي"},
	"multan":     {"Multan", "ملتان", "ملتان", "مولتان"},
	"hyderabad":  {"Hyderabad", "حیدرآباد", "حیدراباد", "حيدر آباد"},
	"faisalabad": {"Faisalabad", "فیصل آباد", "فیصل اباد", "فيصل آباد"},
	"mardan":     {"Mardan", "مردان", "مردان", "مردان"},
	"chitral":    {"Chitral", "چترال", "چترال", "جترال"},
}

// Places used when a template has a place but no group.
var neutralPlaces = []string{"quetta", "peshawar", "karachi", "lahore", "islamabad", "rawalpindi", "multan", "hyderabad", "faisalabad", "mardan", "chitral", "bannu", "swat", "gwadar", "turbat", "kabul"}

// romanPlaceVariants gives Roman Urdu spelling variants seen in real posts.
var romanPlaceVariants = map[string][]string{
	"Bannu":            {"Bannu", "Banu", "bannu"},
	"Dera Ismail Khan": {"Dera Ismail Khan", "DI Khan", "D.I.Khan", "Dera"},
	"Quetta":           {"Quetta", "Quetta", "kwetta"},
	"Peshawar":         {"Peshawar", "Pishawar", "pshawar"},
	"North Waziristan": {"North Waziristan", "N. Waziristan", "shumali Waziristan"},
	"Lakki Marwat":     {"Lakki Marwat", "Lakki"},
	"Karachi":          {"Karachi", "khi", "Karachi"},
}

// Generic fillers by language. Each slot name maps to five columns (en,
// roman-ur, ur, ps, ar). Empty strings make a slot optional.
var genericSlots = map[string][5][]string{
	"DAY": {
		{"today", "yesterday", "this morning", "last night", "on Friday", "on Monday", "this evening", "early on Sunday"},
		{"aaj", "kal", "subah", "raat ko", "jumme ko", "aaj subah", "kal raat", "peer ke din"},
		{"آج", "گزشتہ روز", "صبح", "رات گئے", "جمعے کو", "آج صبح", "گزشتہ رات", "پیر کے روز"},
		{"نن", "پرون", "نن سهار", "د شپې", "د جمعې په ورځ", "پرون ماښام", "د دوشنبې په ورځ"},
		{"اليوم", "أمس", "صباح اليوم", "مساء أمس", "فجر الجمعة", "ليلة أمس", "يوم الاثنين"},
	},
	"EP": {
		{"🏴", "✊", "🔥", "💪", "🦁", "⚔️", "", "", "🏴🏴", "✊🏽"},
		{"🏴", "✊", "🔥", "💪", "🦁", "⚔️", "", "", "🏴🏴", "✊🏽"},
		{"🏴", "✊", "🔥", "💪", "🦁", "⚔️", "", "", "🏴🏴", "✊🏽"},
		{"🏴", "✊", "🔥", "💪", "🦁", "⚔️", "", "", "🏴🏴"},
		{"🏴", "✊", "🔥", "💪", "🦁", "⚔️", "", "", "🏴🏴"},
	},
	"ES": {
		{"💔", "🤲", "😢", "🕊️", "🥀", "😔", "", "", "💔💔"},
		{"💔", "🤲", "😢", "🕊️", "🥀", "😔", "", "", "😭"},
		{"💔", "🤲", "😢", "🕊️", "🥀", "😔", "", ""},
		{"💔", "🤲", "😢", "🕊️", "🥀", "", ""},
		{"💔", "🤲", "😢", "🕊️", "🥀", "", ""},
	},
	"EA": {
		{"😡", "🤬", "👊", "", "", "😤"},
		{"😡", "🤬", "👊", "", "", "😤"},
		{"😡", "🤬", "👊", "", ""},
		{"😡", "🤬", "", ""},
		{"😡", "🤬", "", ""},
	},
	"EL": {
		{"😂", "🤡", "👏", "🙄", "😂😂", "👏👏"},
		{"😂", "🤡", "👏", "🙄", "😂😂", "🤣"},
		{"😂", "🤡", "👏", "🙄", "😂😂"},
		{"😂", "🤡", "👏", "🙄"},
		{"😂", "🤡", "👏", "🙄", "😂😂"},
	},
	"EN": {
		{"", "", "🔴", "📌", "⚡", "🚨"},
		{"", "", "🔴", "📌", "⚡", "🚨"},
		{"", "", "🔴", "📌", "⚡", "🚨"},
		{"", "", "🔴", "📌", "🚨"},
		{"", "", "🔴", "📌", "⚡", "🚨"},
	},
	"NAME": {
		{"Umar", "Majeed", "Hafiz", "Bilal", "Asif", "Sana", "Ayesha", "Imran", "Zainab", "Kamran"},
		{"Umar", "Majeed", "Hafiz", "Bilal", "Asif", "Sana", "Ayesha", "Imran", "Zainab", "Kamran"},
		{"عمر", "مجید", "حافظ", "بلال", "آصف", "ثنا", "عائشہ", "عمران", "زینب", "کامران"},
		{"عمر", "مجید", "حافظ", "بلال", "اسد", "ګل مکۍ", "زرمینه", "عمران", "ولي"},
		{"عمر", "مجيد", "حافظ", "بلال", "خالد", "سارة", "عائشة", "أحمد", "مريم"},
	},
}
