// Package jsonenc appends JSON values to byte slices exactly as
// encoding/json writes them, without reflection or allocation: for the few
// hot writers (rampart match's output, the simulator's corpus) that write
// millions of small objects and whose output must stay byte-identical to
// encoding/json's.
package jsonenc

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendString quotes s as encoding/json does by default: \" \\ and
// \b \f \n \r \t escaped, other control bytes as \u00XX, < > & as \u003c
// \u003e \u0026 (HTML-safe), U+2028 and U+2029 escaped, and each invalid
// UTF-8 byte replaced by \ufffd.
func AppendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plain[c] {
			// Printable ASCII that needs no escape: most of every line.
			i++
			continue
		}
		if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			// A two-byte sequence from C2 is valid UTF-8 and never U+2028
			// or U+2029: Arabic script, Cyrillic, Greek and accented Latin
			// pass through without decoding.
			i += 2
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plain marks the ASCII bytes AppendString copies unchanged: a
// table lookup per byte instead of six comparisons.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// AppendFloat formats f as encoding/json does: shortest 'f' form, or
// 'e' form below 1e-6 and from 1e21 with a two-digit negative exponent cut
// to one digit.
func AppendFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
