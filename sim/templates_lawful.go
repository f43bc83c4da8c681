package sim

// Lawful speech about designated groups: news reporting, research, counter-
// speech and rights activism. Each names groups as often as propaganda does.
var lawfulTemplates = []tmplSet{
	{pool: poolNews, label: labelReporting, lang: langEN, items: []tmplSrc{
		{"attack1", "Police said {group} militants attacked a checkpost in {city}; {n} soldiers were martyred and {n3} injured."},
		{"claim1", "BREAKING: {group} has claimed responsibility for the attack in {city}, officials say. Death toll rises to {n}."},
		{"op1", "Security forces killed {n} militants linked to {group} in an intelligence-based operation in {city}, ISPR said."},
		{"wing1", "{wing}, the media arm of {group}, released a video on {day}; analysts say it targets young men in {city}."},
		{"arrest1", "The Counter Terrorism Department arrested {n} suspects allegedly affiliated with {group} in {city}."},
		{"court1", "Anti-terrorism court sentences {n} {group} members to life imprisonment over the {city} bombing."},
		{"talks1", "Officials deny reports of talks with {group}; opposition demands a briefing on security in {city}."},
	}},
	{pool: poolNews, label: labelReporting, lang: langRU, items: []tmplSrc{
		{"attack1", "Police ke mutabiq {group} ke dehshatgardon ne {city} mein checkpost par hamla kiya, {n} jawan shaheed"},
		{"arrest1", "{city}: CTD ki karwai, {group} se talluq rakhne wale {n} mulzim giraftar"},
		{"claim1", "{group} ne {city} hamle ki zimmedari qubool kar li, sarkari hukkam ki tasdeeq"},
	}},
	{pool: poolNews, label: labelReporting, lang: langUR, items: []tmplSrc{
		{"attack1", "پولیس کے مطابق {group} کے دہشت گردوں نے {city} میں چیک پوسٹ پر حملہ کیا، {n} اہلکار شہید ہو گئے"},
		{"claim1", "{city} حملہ: {group} نے ذمہ داری قبول کر لی"},
		{"op1", "سیکیورٹی فورسز کی {city} میں کارروائی، {group} سے تعلق رکھنے والے {n} دہشت گرد ہلاک: آئی ایس پی آر"},
		{"arrest1", "سی ٹی ڈی نے {city} سے {group} کے {n} مبینہ کارندوں کو گرفتار کر لیا"},
		{"wing1", "تجزیہ کاروں کے مطابق {wing} کی نئی ویڈیو کا مقصد نوجوانوں کو بھرتی کرنا ہے"},
		{"court1", "انسداد دہشت گردی عدالت نے {city} دھماکے میں ملوث {group} کے {n} ارکان کو سزا سنا دی"},
	}},
	{pool: poolNews, label: labelReporting, lang: langPS, items: []tmplSrc{
		{"attack1", "پولیسو ویلي چې د {group} وسله والو په {city} کې پر یوې چک پوسټ برید وکړ، {n} سرتېري ووژل شول"},
		{"claim1", "{group} د {city} د برید مسؤلیت په غاړه واخیست"},
		{"op1", "امنیتي ځواکونو په {city} کې د {group} {n} وسله وال ووژل"},
		{"arrest1", "په {city} کې د {group} سره د تړاو په تور {n} کسان ونیول شول"},
	}},
	{pool: poolNews, label: labelReporting, lang: langAR, items: []tmplSrc{
		{"attack1", "قالت الشرطة إن مسلحين من {group} هاجموا نقطة تفتيش في {city}، ما أدى إلى مقتل {n} جنود"},
		{"claim1", "{group} تتبنى الهجوم في {city} بحسب بيان نشرته {wing}"},
		{"op1", "مقتل {n} مسلحين من {group} في عملية أمنية في {city}"},
		{"wing1", "محللون: إصدار {wing} الجديد يستهدف تجنيد الشباب في {city}"},
	}},

	{pool: poolResearch, label: labelReporting, lang: langEN, items: []tmplSrc{
		{"thread1", "Thread 🧵 1/{n}: We analysed {n2} {group} claims published by {wing} since January. Most targeted police in {city}."},
		{"paper1", "New paper: how {group} uses Telegram channels to push content after takedowns. Data and methods below 👇"},
		{"evasion1", "Seeing a rise in {group}-aligned accounts re-uploading old {wing} posters. The pattern is consistent with ban evasion."},
		{"trend1", "{group} propaganda output dropped {pct}% this month in our dataset. Caveat: takedowns affect collection."},
		{"talk1", "Speaking on {day} about {group}'s recruitment messaging in Pashto and Urdu. Slides will be shared."},
	}},
	{pool: poolResearch, label: labelReporting, lang: langUR, items: []tmplSrc{
		{"thread1", "تحقیق: {group} کی آن لائن پروپیگنڈا مہم کا جائزہ، {n2} پوسٹس کا تجزیہ۔ تفصیل نیچے 👇"},
		{"trend1", "ہمارے ڈیٹا کے مطابق اس ماہ {wing} کی اشاعتوں میں {pct} فیصد کمی آئی"},
	}},
	{pool: poolResearch, label: labelReporting, lang: langRU, items: []tmplSrc{
		{"thread1", "Research thread: {group} ka online propaganda kaise phailta hai, {n2} posts ka jaiza 👇"},
	}},
	{pool: poolResearch, label: labelReporting, lang: langPS, items: []tmplSrc{
		{"thread1", "څېړنه: د {group} انلاین پروپاګنډه څنګه خپرېږي؟ د {n2} پوسټونو شننه 👇"},
	}},
	{pool: poolResearch, label: labelReporting, lang: langAR, items: []tmplSrc{
		{"thread1", "دراسة جديدة: كيف تستخدم {group} تيليغرام لنشر محتواها بعد الحذف؟ تحليل {n2} منشوراً 👇"},
	}},

	{pool: poolCounter, label: labelCounter, lang: langEN, items: []tmplSrc{
		{"murder1", "{group} killed {n} people in {city} and calls it jihad. There is nothing Islamic about murdering worshippers."},
		{"victim1", "My brother was a policeman in {city}. {group} took him from us. They do not speak for Pashtuns and they do not speak for Islam."},
		{"scholar1", "Scholars across Pakistan have declared {group}'s attacks haram. The khawarij kill Muslims and call it faith."},
		{"report1", "Don't share {wing} videos, even to condemn them. Report them. Starve {group} of attention."},
		{"youth1", "To every young man in {city} being messaged by {group} recruiters: they will spend your life for their videos. Talk to someone 🤍"},
	}},
	{pool: poolCounter, label: labelCounter, lang: langRU, items: []tmplSrc{
		{"murder1", "{group} wale khawarij hain, masoomon ka khoon bahane wala kabhi mujahid nahi ho sakta"},
		{"victim1", "Mera bhai {city} mein police mein tha, {group} ne usay shaheed kiya. Ye log Islam ke naam par dhabba hain"},
		{"scholar1", "Ulama ka fatwa wazeh hai: {group} ke hamle haram hain"},
	}},
	{pool: poolCounter, label: labelCounter, lang: langUR, items: []tmplSrc{
		{"murder1", "{group} کے خوارج نے {city} میں معصوم لوگوں کا خون بہایا، اسلام میں اس کی کوئی گنجائش نہیں"},
		{"scholar1", "علمائے کرام کا متفقہ فتویٰ: خودکش حملے حرام ہیں اور {group} خوارج ہیں"},
		{"victim1", "میرا بیٹا {city} میں شہید ہوا۔ {group} کے لوگ ہمارے بچوں کے قاتل ہیں، مجاہد نہیں"},
		{"report1", "{wing} کی ویڈیوز شیئر نہ کریں، رپورٹ کریں"},
	}},
	{pool: poolCounter, label: labelCounter, lang: langPS, items: []tmplSrc{
		{"murder1", "{group} خوارج دي، د بې ګناه خلکو وژل جهاد نه دی"},
		{"victim1", "زما ورور په {city} کې پولیس و، {group} شهید کړ. دوی د پښتنو استازي نه دي"},
		{"scholar1", "علماوو فتوا ورکړې چې ځانمرګي بریدونه حرام دي او {group} خوارج دي"},
		{"youth1", "ځوانانو، د {group} دروغجنو وعدو ته غوږ مه نیسئ"},
	}},
	{pool: poolCounter, label: labelCounter, lang: langAR, items: []tmplSrc{
		{"murder1", "ما تفعله {group} في {city} ليس جهاداً، بل قتل للأبرياء. هؤلاء خوارج العصر"},
		{"scholar1", "أفتى العلماء بأن التفجيرات الانتحارية محرمة وأن {group} من الخوارج"},
		{"report1", "لا تنشروا إصدارات {wing}، بلّغوا عنها لدى المنصة"},
	}},
}

// activismTemplates are lawful Baloch and Pashtun rights activism. Templates
// that name a group name it critically; the groups field keeps Baloch
// activists to Baloch armed groups and Pashtun activists to TTP.
var activismTemplates = []tmplSet{
	{pool: poolActivism, label: labelActivism, lang: langEN, items: []tmplSrc{
		{"sitin1", "Day {n2} of the sit-in for missing persons outside the {city} Press Club. Produce {name} in court. #ReleaseBalochMissingPersons"},
		{"byc1", "Baloch Yakjehti Committee march reaches {city} peacefully, thousands of women at the front. Being Baloch is not a crime. #BYC"},
		{"rally1", "Pashtuns want peace: no terrorism, no military operations that uproot our villages. Rally in {city} on {day}."},
	}},
	{pool: poolActivism, label: labelActivism, lang: langEN, groups: []group{groupBLA, groupBLF}, items: []tmplSrc{
		{"label1", "Labelling every Baloch student a {group} sympathiser is how enforced disappearances are justified. #BalochYakjehtiCommittee"},
		{"reject1", "We reject both {group}'s violence and state repression. Peaceful protest in {city} continues."},
	}},
	{pool: poolActivism, label: labelActivism, lang: langEN, groups: []group{groupTTP}, items: []tmplSrc{
		{"ttp1", "We buried {n} more from {city} this week. {group} kills us, then our youth are picked up in the name of fighting {group}. Enough."},
	}},
	{pool: poolActivism, label: labelActivism, lang: langRU, items: []tmplSrc{
		{"sitin1", "{city} mein lapata afraad ke liye dharna jaari, {name} ko adalat mein pesh karo #ReleaseBalochMissingPersons"},
		{"jirga1", "PTM ka aman jirga {day} ko {city} mein, sab pur-aman tareeqay se shirkat karein"},
	}},
	{pool: poolActivism, label: labelActivism, lang: langRU, groups: []group{groupTTP}, items: []tmplSrc{
		{"peace1", "Hum aman chahte hain, na {group} ki dehshatgardi, na lapata afraad. {day} ko {city} mein jalsa"},
	}},
	{pool: poolActivism, label: labelActivism, lang: langUR, items: []tmplSrc{
		{"sitin1", "لاپتہ افراد کی بازیابی کے لیے {city} پریس کلب کے سامنے دھرنا جاری ہے، {name} کو عدالت میں پیش کیا جائے"},
	}},
	{pool: poolActivism, label: labelActivism, lang: langUR, groups: []group{groupBLA, groupBLF}, items: []tmplSrc{
		{"byc1", "بلوچ یکجہتی کمیٹی کا پرامن مارچ {city} پہنچ گیا، ہم {group} کے تشدد اور جبری گمشدگیوں دونوں کو مسترد کرتے ہیں"},
	}},
	{pool: poolActivism, label: labelActivism, lang: langUR, groups: []group{groupTTP}, items: []tmplSrc{
		{"peace1", "پشتون امن چاہتے ہیں: نہ {group}، نہ ہمارے گھروں کی تباہی۔ {day} کو {city} میں جلسہ"},
	}},
	{pool: poolActivism, label: labelActivism, lang: langPS, items: []tmplSrc{
		{"sitin1", "د ورکو شویو کسانو د راڅرګندولو لپاره په {city} کې دهرنا روانه ده"},
	}},
	{pool: poolActivism, label: labelActivism, lang: langPS, groups: []group{groupTTP}, items: []tmplSrc{
		{"peace1", "موږ سوله غواړو، نه {group}، نه زموږ د کلیو ورانول. د {day} په ورځ په {city} کې جلسه ده"},
	}},
	{pool: poolActivism, label: labelActivism, lang: langAR, groups: []group{groupBLA, groupBLF}, items: []tmplSrc{
		{"missing1", "نطالب بالكشف عن مصير المختفين قسراً في بلوشستان. الاحتجاج السلمي حق، ونرفض عنف {group} وقمع الدولة معاً"},
	}},
}
