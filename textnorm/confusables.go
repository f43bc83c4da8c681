package textnorm

// confusable maps characters that look like Latin letters to the Latin
// letter they imitate, after NFKC (so full-width and mathematical letters are
// already plain Latin and marked as compatibility forms instead).
//
// This follows the idea of the skeleton in Unicode Technical Standard #39,
// "Unicode Security Mechanisms", section 4 (Confusable Detection): two
// strings are confusable when their skeletons are equal, where the skeleton
// replaces each character by its prototype from confusables.txt. The full
// data file cannot be shipped here, so this table keeps the entries that
// matter for spoofing Latin names: the Cyrillic, Greek, Armenian and Cherokee
// letters whose confusables.txt prototype is a Latin letter, Latin small
// capitals and IPA letters, and a few Latin letters without a decomposition.
// Keys are the characters as written (upper and lower case separately,
// because Greek Η looks like H while η looks like n); values are lower-case
// Latin. Entries were chosen from the Unicode code charts by glyph shape.
var confusable = map[rune]rune{
	// Cyrillic capitals (U+0400 block).
	'А': 'a', 'В': 'b', 'С': 'c', 'Е': 'e', 'Н': 'h', 'І': 'i', 'Ј': 'j',
	'К': 'k', 'М': 'm', 'О': 'o', 'Р': 'p', 'Ѕ': 's', 'Т': 't', 'Х': 'x',
	'У': 'y', 'Ү': 'y', 'Ԁ': 'd', 'Һ': 'h', 'Ԛ': 'q', 'Ԝ': 'w', 'Ӏ': 'l',
	'Ь': 'b', 'Ѵ': 'v', 'Ζ': 'z',
	// Cyrillic small letters.
	'а': 'a', 'в': 'b', 'с': 'c', 'ԁ': 'd', 'е': 'e', 'һ': 'h', 'і': 'i',
	'ј': 'j', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'ԛ': 'q',
	'ѕ': 's', 'т': 't', 'у': 'y', 'ү': 'y', 'х': 'x', 'ԝ': 'w', 'ӏ': 'l',
	'ь': 'b', 'ѵ': 'v', 'г': 'r', 'п': 'n', 'ѡ': 'w',
	// Greek capitals.
	'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Η': 'h', 'Ι': 'i', 'Κ': 'k', 'Μ': 'm',
	'Ν': 'n', 'Ο': 'o', 'Ρ': 'p', 'Τ': 't', 'Υ': 'y', 'Χ': 'x', 'Ϲ': 'c',
	'Ϳ': 'j',
	// Greek small letters.
	'α': 'a', 'β': 'b', 'γ': 'y', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k',
	'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w',
	'ϲ': 'c', 'ϳ': 'j',
	// Armenian.
	'Օ': 'o', 'Ս': 'u', 'օ': 'o', 'ս': 'u', 'հ': 'h', 'ո': 'n', 'ց': 'g',
	'զ': 'q', 'ք': 'p', 'ռ': 'n',
	// Cherokee capitals that copy Latin shapes.
	'Ꭺ': 'a', 'Ᏼ': 'b', 'Ꮯ': 'c', 'Ꭼ': 'e', 'Ꮋ': 'h', 'Ꭻ': 'j', 'Ꮶ': 'k',
	'Ꮮ': 'l', 'Ꮇ': 'm', 'Ꮲ': 'p', 'Ꮪ': 's', 'Ꭲ': 't', 'Ꮩ': 'v', 'Ꮃ': 'w',
	'Ꮓ': 'z', 'Ꮐ': 'g', 'Ꭱ': 'r',
	// Latin small capitals and IPA letters (U+1D00 block and IPA extensions).
	'ᴀ': 'a', 'ʙ': 'b', 'ᴄ': 'c', 'ᴅ': 'd', 'ᴇ': 'e', 'ꜰ': 'f', 'ɢ': 'g',
	'ʜ': 'h', 'ɪ': 'i', 'ᴊ': 'j', 'ᴋ': 'k', 'ʟ': 'l', 'ᴍ': 'm', 'ɴ': 'n',
	'ᴏ': 'o', 'ᴘ': 'p', 'ʀ': 'r', 'ꜱ': 's', 'ᴛ': 't', 'ᴜ': 'u', 'ᴠ': 'v',
	'ᴡ': 'w', 'ʏ': 'y', 'ᴢ': 'z', 'ɑ': 'a', 'ɡ': 'g', 'ɩ': 'i', 'ɵ': 'o',
	'ʋ': 'u', 'ƿ': 'p',
	// Latin letters with no canonical decomposition to a base letter.
	'ı': 'i', 'ȷ': 'j', 'ł': 'l', 'Ł': 'l', 'ø': 'o', 'Ø': 'o', 'đ': 'd',
	'Đ': 'd', 'ħ': 'h', 'Ħ': 'h', 'ƀ': 'b', 'ɨ': 'i', 'ʉ': 'u', 'ǀ': 'l',
}

// latinExpand spells Latin letters that case folding or common practice
// writes as two letters; they are not confusables but fold the same way.
var latinExpand = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d",
}

// leet reads digits and symbols as the letters they stand for in
// leetspeak; applied only inside tokens that also contain letters.
var leet = [128]rune{
	'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's',
}
