package sim

// Propaganda, recruitment and hate as designated groups' media write it:
// media-wing release notices, attack claims, glorification of the dead,
// threats, calls to join or to give money. The texts are short and
// formulaic on purpose: they carry the markers detectors must learn
// (branding, claims, calls to action) and nothing operational.
var harmfulTemplates = []tmplSet{
	{pool: poolPropaganda, label: labelPropaganda, lang: langEN, items: []tmplSrc{
		{"release1", "{wing} presents: \"{title}\", a new release from {self}. Watch and share before it is removed. {tag}"},
		{"claim1", "Claim: the lions of {self} struck an apostate army post in {city}, killing {n} soldiers. Allahu Akbar {tag}"},
		{"martyr1", "Glory to the martyrs of {self}. Brother {name} gave his life in {city}; his blood lights the path {tag}"},
		{"threat1", "Soldiers of {city}: your checkposts will not protect you. {self} is coming {tag}"},
	}},
	{pool: poolPropaganda, label: labelPropaganda, lang: langRU, items: []tmplSrc{
		{"release1", "{wing} pesh karta hai: \"{title}\", naya release. Zaroor dekhein aur share karein {tag}"},
		{"claim1", "{self} ke mujahideen ne {city} mein murtad fauj ki chowki par hamla kiya, {n} halak. Allahu Akbar {tag}"},
		{"martyr1", "Shaheed {name} ko salam, {self} ka ye sher {city} mein qurban hua {tag}"},
	}},
	{pool: poolPropaganda, label: labelPropaganda, lang: langUR, items: []tmplSrc{
		{"release1", "{wing} پیش کرتا ہے: نئی ویڈیو \"{title}\"۔ دیکھیں اور آگے پھیلائیں {tag}"},
		{"claim1", "{self} کے مجاہدین نے {city} میں مرتد فوج کی چوکی پر حملہ کیا، {n} اہلکار ہلاک۔ اللہ اکبر {tag}"},
		{"martyr1", "شہید {name} کو سلام، جس نے {city} میں جان قربان کی۔ {self} کا کارواں جاری رہے گا {tag}"},
		{"threat1", "{city} کے پولیس والو، تمہاری چوکیاں تمہیں نہیں بچا سکیں گی۔ {self} آ رہی ہے {tag}"},
	}},
	{pool: poolPropaganda, label: labelPropaganda, lang: langPS, items: []tmplSrc{
		{"release1", "{wing} وړاندې کوي: نوې ویډیو \"{title}\". وګورئ او خپره یې کړئ {tag}"},
		{"claim1", "د {self} مجاهدینو په {city} کې د مرتد پوځ پر پوسته برید وکړ، {n} عسکر ووژل شول. الله اکبر {tag}"},
		{"martyr1", "شهید {name} ته سلام، چې په {city} کې یې ځان قربان کړ. د {self} کاروان به روان وي {tag}"},
	}},
	{pool: poolPropaganda, label: labelPropaganda, lang: langAR, items: []tmplSrc{
		{"release1", "{wing} تقدم: إصدار مرئي جديد بعنوان \"{title}\" {tag}"},
		{"claim1", "بفضل الله، جنود {self} يستهدفون ثكنة للجيش المرتد في {city} ويقتلون {n} منهم {tag}"},
		{"martyr1", "تقبل الله أخانا {name} الذي قُتل في {city}، نحسبه شهيداً في صفوف {self} {tag}"},
	}},

	{pool: poolRecruit, label: labelRecruitment, lang: langEN, items: []tmplSrc{
		{"join1", "Brothers in {city}, the caravan needs you. Join {self}: message {contact} on Telegram {tag}"},
		{"fund1", "Your wealth is jihad too. Support the mujahideen of {self}, details via {contact} {tag}"},
	}},
	{pool: poolRecruit, label: labelRecruitment, lang: langRU, items: []tmplSrc{
		{"join1", "{city} ke naujawano, {self} ke karwan mein shamil ho jao. Rabta: {contact} {tag}"},
		{"fund1", "Mujahideen ki madad apne maal se karo, tafseelat ke liye {contact} {tag}"},
	}},
	{pool: poolRecruit, label: labelRecruitment, lang: langUR, items: []tmplSrc{
		{"join1", "{city} کے نوجوانو! {self} کے قافلے میں شامل ہو جاؤ، رابطہ: {contact} {tag}"},
		{"fund1", "اپنے مال سے جہاد کریں، مجاہدین کی مدد کے لیے رابطہ کریں {contact} {tag}"},
	}},
	{pool: poolRecruit, label: labelRecruitment, lang: langPS, items: []tmplSrc{
		{"join1", "د {city} ځوانانو، د {self} کاروان سره یوځای شئ. اړیکه: {contact} {tag}"},
		{"fund1", "د مجاهدینو سره په خپل مال مرسته وکړئ، د معلوماتو لپاره {contact} {tag}"},
	}},
	{pool: poolRecruit, label: labelRecruitment, lang: langAR, items: []tmplSrc{
		{"join1", "يا شباب {city}، التحقوا بركب {self}. للتواصل: {contact} {tag}"},
		{"fund1", "جاهدوا بأموالكم، لدعم المجاهدين تواصلوا مع {contact} {tag}"},
	}},

	// Sectarian hate as LeJ's media writes it.
	{pool: poolHate, label: labelHate, lang: langEN, groups: []group{groupLeJ}, items: []tmplSrc{
		{"sect1", "{self} will never let the enemies of the Sahaba live in peace in {city}. They are not Muslims {tag}"},
	}},
	{pool: poolHate, label: labelHate, lang: langRU, groups: []group{groupLeJ}, items: []tmplSrc{
		{"sect1", "Sahaba ke dushman musalman nahi, {city} mein inko chain se rehne nahi denge {tag}"},
	}},
	{pool: poolHate, label: labelHate, lang: langUR, groups: []group{groupLeJ}, items: []tmplSrc{
		{"sect1", "{self} کا اعلان: صحابہ کے دشمنوں کو {city} میں چین سے رہنے نہیں دیں گے، یہ مسلمان نہیں {tag}"},
	}},
	{pool: poolHate, label: labelHate, lang: langPS, groups: []group{groupLeJ}, items: []tmplSrc{
		{"sect1", "د صحابه کرامو دښمنان به په {city} کې په امن کې پرې نه ږدو {tag}"},
	}},
	{pool: poolHate, label: labelHate, lang: langAR, groups: []group{groupLeJ}, items: []tmplSrc{
		{"sect1", "لن نترك أعداء الصحابة ينعمون بالأمان في {city}، ليسوا مسلمين {tag}"},
	}},
}
