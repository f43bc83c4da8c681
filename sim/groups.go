package sim

// groupInfo is how a designated group is written about, per language.
// Names are how outsiders (news, researchers, activists) name it; self are
// how its own media name it. The two overlap on purpose: a mention of "TTP"
// says nothing about who is speaking. Names follow the aliases of the
// designation registry (designations_seed.csv) and common press usage.
type groupInfo struct {
	names words
	self  words
	wing  words    // media wing; empty where the group has none we model
	tags  []string // hashtags its propaganda uses
	bases []string // handle stems of its propaganda accounts
}

var groupInfos = [numGroups]groupInfo{
	groupTTP: {
		names: words{
			{"TTP", "TTP", "Tehreek-e-Taliban Pakistan", "Pakistani Taliban", "Fitna al-Khawarij"},
			{"کالعدم تحریک طالبان پاکستان", "ٹی ٹی پی", "تحریک طالبان پاکستان", "فتنہ الخوارج"},
			{"TTP", "TTP", "Tehreek-e-Taliban", "Pakistani Taliban", "Fitna al-Khawarij"},
			{"تحریک طالبان پاکستان", "ټي ټي پي", "پاکستاني طالبان"},
			{"حركة طالبان باكستان", "طالبان باكستان"},
		},
		self: words{
			{"Tehreek-e-Taliban Pakistan", "TTP", "TTP mujahideen"},
			{"تحریک طالبان پاکستان", "ٹی ٹی پی"},
			{"Tehreek-e-Taliban Pakistan", "TTP"},
			{"تحریک طالبان پاکستان", "ټي ټي پي"},
			{"حركة طالبان باكستان"},
		},
		wing:  words{{"Umar Media"}, {"عمر میڈیا"}, {"Umar Media"}, {"عمر میډیا"}, {"مؤسسة عمر الإعلامية"}},
		tags:  []string{"#UmarMedia", "#TTP", "#عمر_میڈیا", "#Ghazwa"},
		bases: []string{"umar_media", "umar_urdu", "umarmedia_official", "ghazwatul_hind_ttp"},
	},
	groupISKP: {
		names: words{
			{"ISKP", "IS-Khorasan", "Daesh", "ISIS-K", "Islamic State Khorasan Province"},
			{"داعش", "داعش خراسان", "دولت اسلامیہ خراسان"},
			{"ISKP", "Daesh", "Daish Khorasan", "ISIS-K"},
			{"داعش", "د خراسان داعش", "داعش خراسان"},
			{"ولاية خراسان", "تنظيم الدولة في خراسان", "داعش خراسان"},
		},
		self: words{
			{"Islamic State Khorasan Province", "Wilayat Khorasan", "ISKP"},
			{"دولت اسلامیہ ولایت خراسان", "ولایت خراسان"},
			{"Wilayat Khurasan", "Dawlat-ul-Islamia Khurasan"},
			{"د خراسان ولایت", "اسلامي دولت ولایت خراسان"},
			{"الدولة الإسلامية ولاية خراسان", "ولاية خراسان"},
		},
		wing:  words{{"Al-Azaim", "Al-Azaim Foundation"}, {"العزائم میڈیا"}, {"Al-Azaim"}, {"العزائم بنسټ"}, {"مؤسسة العزائم"}},
		tags:  []string{"#AlAzaim", "#Khurasan", "#ولاية_خراسان", "#VoiceOfKhurasan"},
		bases: []string{"alazaim", "al_azaim_urdu", "khurasan_ghag", "voice_of_khurasan"},
	},
	groupBLA: {
		names: words{
			{"BLA", "Balochistan Liberation Army", "Majeed Brigade", "Fitna al-Hindustan"},
			{"کالعدم بی ایل اے", "بلوچ لبریشن آرمی", "مجید بریگیڈ", "فتنہ الہندوستان"},
			{"BLA", "Baloch Liberation Army", "Majeed Brigade"},
			{"بلوڅ لبریشن ارمي", "بي ايل اې"},
			{"جيش تحرير بلوشستان"},
		},
		self: words{
			{"BLA", "Baloch Liberation Army", "Majeed Brigade"},
			{"بلوچ لبریشن آرمی", "مجید بریگیڈ"},
			{"BLA", "Majeed Brigade"},
			{"بلوڅ لبریشن ارمي"},
			{"جيش تحرير بلوشستان"},
		},
		wing:  words{{"Hakkal", "Hakkal Media"}, {"ہکل میڈیا"}, {"Hakkal"}, {"هکل میډیا"}, {"مؤسسة هكل"}},
		tags:  []string{"#Hakkal", "#BLA", "#MajeedBrigade", "#Sarmachar"},
		bases: []string{"hakkal", "hakkal_media", "sarmachar_voice", "majeed_brigade"},
	},
	groupBLF: {
		names: words{
			{"BLF", "Balochistan Liberation Front"},
			{"بلوچستان لبریشن فرنٹ", "بی ایل ایف"},
			{"BLF", "Balochistan Liberation Front"},
			{"د بلوچستان د ازادۍ جبهه", "بي ايل اېف"},
			{"جبهة تحرير بلوشستان"},
		},
		self: words{
			{"BLF", "Balochistan Liberation Front"},
			{"بلوچستان لبریشن فرنٹ"},
			{"BLF"},
			{"د بلوچستان د ازادۍ جبهه"},
			{"جبهة تحرير بلوشستان"},
		},
		tags:  []string{"#BLF", "#Sarmachar", "#FreeBalochistan"},
		bases: []string{"blf_sarmachar", "aajoi_front", "blf_updates"},
	},
	groupLeJ: {
		names: words{
			{"LeJ", "Lashkar-e-Jhangvi"},
			{"لشکر جھنگوی", "کالعدم لشکر جھنگوی"},
			{"Lashkar-e-Jhangvi", "LeJ"},
			{"لښکر جهنګوي"},
			{"عسكر جهنكوي"},
		},
		self: words{
			{"Lashkar-e-Jhangvi", "LeJ"},
			{"لشکر جھنگوی"},
			{"Lashkar-e-Jhangvi"},
			{"لښکر جهنګوي"},
			{"عسكر جهنكوي"},
		},
		tags:  []string{"#LeJ", "#Jhangvi", "#لشکر_جھنگوی"},
		bases: []string{"jhangvi_lashkar", "lej_alalami", "sipah_jhangvi"},
	},
	groupJuA: {
		names: words{
			{"Jamaat-ul-Ahrar", "JuA"},
			{"جماعت الاحرار"},
			{"Jamaat-ul-Ahrar", "JuA"},
			{"جماعت الاحرار"},
			{"جماعة الأحرار"},
		},
		self: words{
			{"Jamaat-ul-Ahrar"},
			{"جماعت الاحرار"},
			{"Jamaat-ul-Ahrar"},
			{"جماعت الاحرار"},
			{"جماعة الأحرار"},
		},
		wing:  words{{"Ihya-e-Khilafat"}, {"احیائے خلافت"}, {"Ihya-e-Khilafat"}, {"احیای خلافت"}, {"إحياء الخلافة"}},
		tags:  []string{"#JuA", "#IhyaeKhilafat", "#Ahrar"},
		bases: []string{"ihya_khilafat", "ahrar_media", "jua_official"},
	},
	groupLeT: {
		names: words{
			{"LeT", "Lashkar-e-Taiba"},
			{"لشکر طیبہ", "کالعدم لشکر طیبہ"},
			{"Lashkar-e-Taiba", "LeT"},
			{"لښکر طیبه"},
			{"عسكر طيبة"},
		},
		self: words{
			{"Lashkar-e-Taiba"},
			{"لشکر طیبہ"},
			{"Lashkar-e-Taiba"},
			{"لښکر طیبه"},
			{"عسكر طيبة"},
		},
		tags:  []string{"#LeT", "#Taiba", "#لشکر_طیبہ"},
		bases: []string{"taiba_voice", "lashkar_updates", "mujahid_taiba"},
	},
	groupJeM: {
		names: words{
			{"JeM", "Jaish-e-Mohammed"},
			{"جیش محمد", "کالعدم جیش محمد"},
			{"Jaish-e-Muhammad", "JeM"},
			{"جیش محمد"},
			{"جيش محمد"},
		},
		self: words{
			{"Jaish-e-Mohammed"},
			{"جیش محمد"},
			{"Jaish-e-Muhammad"},
			{"جیش محمد"},
			{"جيش محمد"},
		},
		wing:  words{{"Al-Qalam"}, {"القلم"}, {"Al-Qalam"}, {"القلم"}, {"القلم"}},
		tags:  []string{"#AlQalam", "#Jaish", "#جیش_محمد"},
		bases: []string{"alqalam_weekly", "jaish_media", "qalam_urdu"},
	},
	groupHGB: {
		names: words{
			{"Hafiz Gul Bahadur group", "Gul Bahadur Group"},
			{"حافظ گل بہادر گروپ"},
			{"Hafiz Gul Bahadur group", "Gul Bahadur group"},
			{"د حافظ ګل بهادر ډله"},
			{"جماعة حافظ غل بهادر"},
		},
		self: words{
			{"Hafiz Gul Bahadur group"},
			{"حافظ گل بہادر گروپ"},
			{"Hafiz Gul Bahadur group"},
			{"د حافظ ګل بهادر ډله"},
			{"جماعة حافظ غل بهادر"},
		},
		tags:  []string{"#GulBahadur", "#Waziristan", "#حافظ_گل_بہادر"},
		bases: []string{"gul_bahadur_news", "waziristan_mujahid", "hgb_media"},
	},
}

// propagandaHosts are the kinds of places propaganda links point to: the
// group's own channel and file hosts that re-uploads rely on. Paths are
// random, so no link leads to real material.
var propagandaHosts = []string{"https://t.me/", "https://archive.org/details/", "https://justpaste.it/",
	"https://files.fm/u/", "https://www.mediafire.com/file/"}

// newsOutlets are invented outlets; their domains are fictional.
var newsOutlets = []struct{ name, handle, domain string }{
	{"The Frontier Ledger", "FrontierLedger", "frontierledger.pk"},
	{"Khyber Tribune", "KhyberTribune", "khybertribune.pk"},
	{"Quetta Evening Post", "QuettaPost", "quettaeveningpost.pk"},
	{"Indus Observer", "IndusObserver", "indusobserver.com"},
	{"Sarhad News TV", "SarhadNewsTV", "sarhadnews.tv"},
	{"روزنامہ آئینہ پشاور", "AainaPeshawar", "aainapeshawar.pk"},
	{"د پښتونخوا غږ", "PakhtunkhwaGhag", "pakhtunkhwaghag.af"},
	{"Gulf Urdu Times", "GulfUrduTimes", "gulfurdutimes.ae"},
	{"صوت باكستان", "SawtPakistan", "sawtpakistan.net"},
	{"Makran Daily", "MakranDaily", "makrandaily.pk"},
}
