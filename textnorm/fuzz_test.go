package textnorm_test

import (
	"testing"

	"github.com/rampart-tt/rampart/textnorm"
)

// FuzzNormalize checks, for any input, that normalisation does not panic and
// that every key position maps to an in-range, non-decreasing offset on a
// rune boundary of the original (see checkOffsets).
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"T.T.P", "تحریکِ طالبان", "ＴＴＰ 𝐓 ᴛ", "7TP @a$", "\xff\xfe", "ا\u0653", "#CamelCase_snake", "ﷺ ﬁ ß",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := textnorm.Normalize(s)
		checkOffsets(t, s, n)
	})
}
