package sim

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Latin first names and surnames for handles and display names; script
// surnames for display names of accounts that write in Urdu, Pashto or
// Arabic.
var (
	latinFirst = []string{"ali", "bilal", "hamza", "usman", "ayesha", "fatima", "zainab", "sana", "imran",
		"shahid", "noor", "gul", "asad", "mahnoor", "wali", "sher", "jamal", "hina", "rukhsana", "zarmina",
		"malala", "khalid", "omar", "yousuf", "maryam", "sara", "ahmed", "ibrahim", "nadia", "farhan",
		"sadia", "waqas", "junaid", "iqra", "hassan", "hussain", "abdullah", "kamran", "shazia", "baryal"}
	latinLast = []string{"khan", "ahmed", "yousafzai", "afridi", "baloch", "marri", "mengal", "shinwari",
		"mehsud", "wazir", "qureshi", "siddiqui", "butt", "malik", "chaudhry", "alharbi", "alqahtani",
		"durrani", "bugti", "kakar", "achakzai", "rind", "raisani", "bangash", "khattak", "orakzai"}
	scriptLast = words{
		nil,
		{"خان", "احمد", "یوسفزئی", "آفریدی", "بلوچ", "مری", "مینگل", "قریشی", "صدیقی", "ملک"},
		nil,
		{"خان", "یوسفزی", "اپریدی", "شینواری", "محسود", "وزیر", "کاکړ", "اڅکزی", "خټک"},
		{"الحربي", "القحطاني", "العتيبي", "الشمري", "خان", "أحمد"},
	}
)

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// personName returns a display name in the account's script.
func personName(rng *rand.Rand, l lang, first, last string) string {
	if l == langEN || l == langRU || len(scriptLast[l]) == 0 || rng.IntN(3) == 0 {
		return title(first) + " " + title(last)
	}
	return pickWord(rng, personNames[l]) + " " + pickWord(rng, scriptLast[l])
}

// personHandle builds a handle from a name in one of the shapes people use.
func personHandle(rng *rand.Rand, first, last string) string {
	var h string
	switch rng.IntN(5) {
	case 0:
		h = first + "_" + last
	case 1:
		h = first + last
	case 2:
		h = title(first) + title(last)
	case 3:
		h = first + "_" + last[:min(len(last), 3)]
	default:
		h = last + "_" + first
	}
	switch rng.IntN(10) {
	case 0, 1:
		h += strconv.Itoa(1975 + rng.IntN(35)) // birth years
	case 2, 3:
		h += strconv.Itoa(rng.IntN(100))
	}
	return h
}

// botHandle is digit-heavy, as platforms suggest when a name is taken and
// as bulk-registered accounts keep.
func botHandle(rng *rand.Rand) string {
	switch rng.IntN(10) {
	case 0, 1, 2:
		return "user" + digits(rng, 10)
	case 3, 4:
		return pickWord(rng, latinFirst) + "_" + pickWord(rng, latinLast) + digits(rng, 4)
	default:
		return pickWord(rng, latinFirst) + digits(rng, 8)
	}
}

func digits(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	return string(b)
}

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func code(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[rng.IntN(len(alnum))]
	}
	return string(b)
}

// bios per role and language; %s is a city where present.
var bios = [numRoles]words{
	roleOrganic: {
		{"Cricket lover 🏏 | %s", "Proud Pakistani 🇵🇰 | Engineer", "Student. Tea addict ☕", "Dad, banker, Zalmi fan", "Doctor in %s. Tweets are personal", ""},
		{"ماں کی دعا جنت کی ہوا", "%s | طالب علم", "پاکستان زندہ باد 🇵🇰", ""},
		{"Zindagi ek safar hai 🙂 | %s", "Chai, cricket aur dost", ""},
		{"پښتون یم او پر دې ویاړم", "د %s اوسېدونکی | زده کوونکی", "ښکلې ورځې 🌸", ""},
		{"اللهم ارزقني الجنة", "مهندس | %s", "أحب القهوة والكتب ☕", ""},
	},
	roleNews: {
		{"Independent news from %s and the tribal districts. Tips: DM", "Breaking news, analysis and reports from Pakistan"},
		{"تازہ ترین خبریں، تجزیے اور رپورٹس | %s"},
		{"Taza tareen khabrein | %s"},
		{"تازه خبرونه او راپورونه له %s څخه"},
		{"أخبار باكستان وأفغانستان لحظة بلحظة"},
	},
	roleResearcher: {
		{"Researcher: militancy and online extremism in South Asia. Views my own.", "PhD candidate | P/CVE | %s", "Analyst. I read propaganda so you don't have to."},
		{"محقق | انتہا پسندی اور سوشل میڈیا"},
		{"Researcher | extremism online"},
		{"څېړونکی | افراطیت او ټولنیزې رسنۍ"},
		{"باحث في شؤون الجماعات المتطرفة"},
	},
	roleCounter: {
		{"Peace over violence. Khawarij do not represent Islam.", "Victim's family member, %s. #NeverForget", "Imam and teacher. Islam forbids killing innocents."},
		{"امن ہمارا نصب العین ہے", "شہید کا بھائی | %s"},
		{"Aman hamara haq hai ✌️", "Shaheed ka beta | %s"},
		{"سوله غواړو ✌️", "د شهید ورور | %s"},
		{"الإسلام دين السلام", "إمام وخطيب"},
	},
	roleActivist: {
		{"Human rights defender | missing persons | Baloch ✊", "Pashtun rights, peace and dignity ✊", "Student activist, %s. Peaceful struggle only."},
		{"انسانی حقوق کا کارکن | لاپتہ افراد کی آواز", "بلوچ یکجہتی کمیٹی | %s"},
		{"Lapata afraad ki awaz ✊", "Aman aur haqooq | %s"},
		{"د پښتنو حقونه او سوله ✊", "د ورکو شویو غږ | %s"},
		{"مدافع عن حقوق الإنسان"},
	},
	roleBot: {
		{"", "", "Follow back 💯", "🇵🇰🇵🇰🇵🇰", "Be humble"},
		{"", "", "پاکستان زندہ باد"},
		{"", "", "Follow for follow"},
		{"", ""},
		{"", "", "سبحان الله"},
	},
}

// propagandaBios name the channel's wing and its backup contact.
var propagandaBios = words{
	{"Official channel of %s. Backup: %s", "Releases and news of %s. Follow the backup %s", "%s | updates | %s"},
	{"%s کا آفیشل چینل | بیک اپ: %s", "%s کی خبریں اور اشاعتیں | %s"},
	{"%s ka official channel. Backup: %s"},
	{"د %s رسمي چینل | بیک اپ: %s"},
	{"القناة الرسمية لـ%s | الاحتياطية: %s"},
}
