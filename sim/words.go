package sim

// words holds slot fillers per language. Lists with the same purpose keep
// the same order across languages where it matters (cities, teams) so that
// a rendering stays coherent, but nothing depends on it.
type words [numLangs][]string

// latin fills both English and Roman Urdu with the same list.
func latin(en, ur, ps, ar []string) words { return words{en, ur, en, ps, ar} }

var cities = latin(
	[]string{"Peshawar", "Quetta", "Bannu", "Karachi", "Lahore", "Dera Ismail Khan", "Turbat", "Gwadar",
		"Khyber", "North Waziristan", "Islamabad", "Lakki Marwat", "Bajaur", "Mastung", "Kech", "Swat"},
	[]string{"پشاور", "کوئٹہ", "بنوں", "کراچی", "لاہور", "ڈیرہ اسماعیل خان", "تربت", "گوادر",
		"خیبر", "شمالی وزیرستان", "اسلام آباد", "لکی مروت", "باجوڑ", "مستونگ", "کیچ", "سوات"},
	[]string{"پېښور", "کوټه", "بنو", "کراچۍ", "لاهور", "ډېره اسماعیل خان", "تربت", "ګوادر",
		"خیبر", "شمالي وزیرستان", "اسلام اباد", "لکي مروت", "باجوړ", "مستونګ", "کېچ", "سوات"},
	[]string{"بيشاور", "كويتا", "بنو", "كراتشي", "لاهور", "ديره إسماعيل خان", "تربت", "جوادر",
		"خيبر", "شمال وزيرستان", "إسلام آباد", "لكي مروت", "باجور", "مستونغ", "كيج", "سوات"},
)

var personNames = latin(
	[]string{"Ali", "Bilal", "Hamza", "Usman", "Ayesha", "Fatima", "Zainab", "Sana", "Imran", "Shahid",
		"Noor", "Gul Khan", "Asad", "Mahnoor", "Wali", "Sher Ali", "Jamal", "Hina", "Rukhsana", "Zarmina"},
	[]string{"علی", "بلال", "حمزہ", "عثمان", "عائشہ", "فاطمہ", "زینب", "ثنا", "عمران", "شاہد",
		"نور", "گل خان", "اسد", "ماہ نور", "ولی", "شیر علی", "جمال", "حنا"},
	[]string{"علي", "بلال", "حمزه", "عثمان", "عایشه", "فاطمه", "زینب", "ګل خان", "نور ولي", "شېر علي",
		"ملاله", "زرمینه", "جمال", "ولي", "اسد", "ګلالۍ"},
	[]string{"علي", "بلال", "حمزة", "عثمان", "عائشة", "فاطمة", "زينب", "خالد", "عمر", "يوسف",
		"مريم", "سارة", "أحمد", "إبراهيم"},
)

var teams = latin(
	[]string{"Peshawar Zalmi", "Quetta Gladiators", "Karachi Kings", "Lahore Qalandars", "Islamabad United", "Multan Sultans"},
	[]string{"پشاور زلمی", "کوئٹہ گلیڈی ایٹرز", "کراچی کنگز", "لاہور قلندرز", "اسلام آباد یونائیٹڈ", "ملتان سلطانز"},
	[]string{"پېښور زلمي", "کوټه ګلیډي ایټرز", "کراچۍ کنګز", "لاهور قلندرز", "اسلام اباد یونایټډ", "ملتان سلطانز"},
	[]string{"الهلال", "النصر", "الاتحاد", "الأهلي", "الزمالك", "الشباب"},
)

var foods = words{
	{"biryani", "pakoras", "chapli kebab", "karahi", "nihari", "samosas", "haleem", "daal chawal"},
	{"بریانی", "پکوڑے", "چپلی کباب", "کڑاہی", "نہاری", "سموسے", "حلیم", "دال چاول"},
	{"biryani", "pakore", "chapli kabab", "karahi", "nihari", "samose", "haleem", "daal chawal"},
	{"پلاو", "پکوړې", "چپلي کباب", "کړاهي", "منتو", "بولانۍ", "ډوډۍ او شوروا"},
	{"الكبسة", "المندي", "البرياني", "الفلافل", "المقلوبة", "الشاورما", "المجبوس"},
}

var groceries = words{
	{"Sugar", "Flour", "Tomatoes", "Ghee", "Onions", "Chicken"},
	{"چینی", "آٹا", "ٹماٹر", "گھی", "پیاز", "مرغی"},
	{"Cheeni", "Atta", "Tamatar", "Ghee", "Pyaz", "Murghi"},
	{"بوره", "اوړه", "رومیان", "غوړي", "پیاز", "چرګ"},
	{"السكر", "الطحين", "الطماطم", "الأرز", "البصل", "الدجاج"},
}

var weekdays = words{
	{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
	{"پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار"},
	{"Peer", "Mangal", "Budh", "Jumeraat", "Jumma", "Hafta", "Itwaar"},
	{"دوشنبې", "سه شنبې", "چهارشنبې", "پنجشنبې", "جمعې", "شنبې", "یکشنبې"},
	{"الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"},
}

var roads = latin(
	[]string{"GT Road", "University Road", "Ring Road", "Shahrah-e-Faisal", "Jail Road", "the Motorway"},
	[]string{"جی ٹی روڈ", "یونیورسٹی روڈ", "رنگ روڈ", "شاہراہ فیصل", "جیل روڈ", "موٹروے"},
	[]string{"جي ټي روډ", "پوهنتون سړک", "رنګ روډ", "موټروې"},
	[]string{"طريق الملك فهد", "الطريق الدائري", "شارع الشيخ زايد", "طريق المطار"},
)

// releaseTitles are invented titles of propaganda videos.
var releaseTitles = words{
	{"Caravan of the Martyrs", "Flames of Revenge", "The Mountains Remember", "Harvest of the Apostates", "Sons of Khorasan"},
	{"شہداء کا قافلہ", "انتقام کے شعلے", "پہاڑ گواہ ہیں", "مرتدین کی فصل", "خراسان کے بیٹے"},
	{"Shuhada ka Qafila", "Intiqam ke Shole", "Pahar Gawah Hain", "Murtadeen ki Fasal", "Khurasan ke Betay"},
	{"د شهیدانو کاروان", "د غچ لمبې", "غرونه شاهدان دي", "د مرتدینو فصل", "د خراسان زامن"},
	{"قافلة الشهداء", "لهيب الثأر", "الجبال تشهد", "حصاد المرتدين", "أبناء خراسان"},
}

// emojiTails vary otherwise identical texts; bots use them to dodge exact
// duplicate filters.
var emojiTails = []string{"", "", "", " 🔥", " ‼️", " 👇", " ✅", " 💯", " 🤲", " ⚔️", " 📢"}

// organicTags are hashtags ordinary users add, per language.
var organicTags = words{
	{"#PSL", "#Cricket", "#Loadshedding", "#Pakistan", "#Peshawar", "#JummaMubarak", "#Inflation"},
	{"#پاکستان", "#مہنگائی", "#کرکٹ", "#جمعہ_مبارک", "#لوڈشیڈنگ"},
	{"#PSL", "#Pakistan", "#Mehngai", "#JummaMubarak", "#Cricket"},
	{"#پښتون", "#پېښور", "#کرکټ", "#جمعه_مبارک"},
	{"#جمعة_مباركة", "#الرياض", "#دوري_روشن", "#الطقس"},
}

// lawfulTags are hashtags news, research and counter-speech posts carry.
var lawfulTags = words{
	{"#Pakistan", "#Balochistan", "#KP", "#Terrorism", "#CVE", "#Breaking", "#SayNoToTerrorism"},
	{"#پاکستان", "#دہشت_گردی", "#بلوچستان", "#خیبرپختونخوا"},
	{"#Pakistan", "#Dehshatgardi", "#KP", "#Balochistan"},
	{"#سوله", "#پښتونخوا", "#بلوچستان"},
	{"#باكستان", "#الإرهاب", "#أفغانستان"},
}

// telegramGroups are public Telegram groups where organic users and bots
// post (propaganda, news and activists post in their own channels).
var telegramGroups = []string{"peshawar_cricket_lovers", "karachi_prices_update", "pashto_shairi",
	"quetta_updates", "urdu_adab_circle", "gulf_pakistanis", "swat_valley_news", "bannu_youth"}
