// Package textnorm normalises multiscript social-media text (English, Urdu,
// Roman Urdu, Pashto, Arabic, Balochi) into matching keys while keeping, for
// every key position, the byte offset of the original rune it came from.
//
// One pass over the input produces, per letter or digit kept:
//
//   - Key: the exact key. NFKC, case folding, removal of diacritics and
//     tatweel, Arabic letter variants folded where they do not change meaning
//     (ك→ک, ي/ى→ی, أ/إ/ٱ→ا, ه→ہ, ة→ۃ), Arabic-Indic and Extended Arabic-Indic
//     digits read as ASCII. Separators are dropped: the key is "compact", so
//     T.T.P, T-T-P, T T P and #TTP all read "ttp".
//   - Fold: the loose key, the same length as Key. It also folds letters that
//     change meaning (آ→ا, ے→ی, ھ→ہ, ۃ→ہ, ؤ→و, ئ→ی, Pashto and Balochi letter
//     forms to their Urdu neighbours), maps Latin look-alikes from other
//     scripts to Latin by a Unicode TR39 style skeleton, and reads leetspeak
//     (0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s) inside tokens that also
//     contain letters.
//   - Brk: the boundary before the position: hard (whitespace, punctuation,
//     start of text), soft (zero-width characters, bidi controls, soft
//     hyphen, and a hyphen, dot or underscore between two letters), case (a
//     camelCase or letter/digit change) or none.
//   - Flags: what the source looked like (upper case, compatibility form,
//     confusable, leetspeak, loosened, inside a #hashtag or @handle, and
//     which of the two).
//   - Start: the byte offset of the source rune in the original text.
//
// Text.Span maps any key range back to byte offsets in the original, always
// on rune boundaries. Invalid UTF-8 never panics: a bad byte reads as U+FFFD,
// which is a hard separator mapped to that byte.
package textnorm
