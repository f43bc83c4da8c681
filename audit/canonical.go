package audit

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Canonicalize rewrites one JSON value in canonical form, following the JSON
// Canonicalization Scheme (JCS, RFC 8785) for what Rampart emits:
//
//   - no whitespace between tokens (§3.2.1);
//   - strings escaped as in §3.2.2.2: only '"', '\\' and control characters
//     are escaped, as \b \t \n \f \r or \u00xx with lower-case hex; every
//     other character, including non-ASCII, is written as UTF-8;
//   - object members sorted by their names compared as UTF-16 code units
//     (§3.2.3), with duplicate names refused (I-JSON, RFC 7493 §2.3);
//   - literals true, false and null as they are.
//
// One deliberate difference: numbers are kept as given rather than
// re-serialised as ECMAScript numbers (§3.2.2.3). Rampart's data comes from
// encoding/json, which already writes floats in the ECMAScript form and
// integers exactly, and keeping the text keeps integers past 2^53 (platform
// ids) exact. Canonicalize is idempotent, which is what verification needs.
//
// Invalid JSON, invalid UTF-8, lone surrogates and nesting deeper than
// maxDepth are errors naming the byte offset.
func Canonicalize(in []byte) ([]byte, error) {
	p := &parser{in: in}
	var out bytes.Buffer
	out.Grow(len(in))
	p.ws()
	if err := p.value(&out, 0); err != nil {
		return nil, fmt.Errorf("canonical JSON: %w", err)
	}
	p.ws()
	if p.i != len(p.in) {
		return nil, fmt.Errorf("canonical JSON: offset %d: unexpected %s after the value", p.i, p.peekDesc())
	}
	return out.Bytes(), nil
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 256

type parser struct {
	in []byte
	i  int
}

func (p *parser) ws() {
	for p.i < len(p.in) {
		switch p.in[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) peekDesc() string {
	if p.i >= len(p.in) {
		return "end of input"
	}
	return strconv.QuoteRune(rune(p.in[p.i]))
}

func (p *parser) errf(format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *parser) value(out *bytes.Buffer, depth int) error {
	if depth > maxDepth {
		return p.errf("nested deeper than %d", maxDepth)
	}
	if p.i >= len(p.in) {
		return p.errf("unexpected end of input, want a value")
	}
	switch c := p.in[p.i]; {
	case c == '{':
		return p.object(out, depth)
	case c == '[':
		return p.array(out, depth)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return err
		}
		writeString(out, s)
		return nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(out)
	default:
		for _, lit := range []string{"true", "false", "null"} {
			if bytes.HasPrefix(p.in[p.i:], []byte(lit)) {
				p.i += len(lit)
				out.WriteString(lit)
				return nil
			}
		}
		return p.errf("unexpected %s, want a value", p.peekDesc())
	}
}

type member struct {
	key   string
	key16 []uint16
	val   []byte
}

func (p *parser) object(out *bytes.Buffer, depth int) error {
	p.i++ // {
	var ms []member
	p.ws()
	if p.i < len(p.in) && p.in[p.i] == '}' {
		p.i++
		out.WriteString("{}")
		return nil
	}
	for {
		p.ws()
		if p.i >= len(p.in) || p.in[p.i] != '"' {
			return p.errf("unexpected %s, want a member name", p.peekDesc())
		}
		at := p.i
		k, err := p.str()
		if err != nil {
			return err
		}
		p.ws()
		if p.i >= len(p.in) || p.in[p.i] != ':' {
			return p.errf("unexpected %s, want ':'", p.peekDesc())
		}
		p.i++
		p.ws()
		var v bytes.Buffer
		if err := p.value(&v, depth+1); err != nil {
			return err
		}
		for _, m := range ms {
			if m.key == k {
				return fmt.Errorf("offset %d: duplicate member name %q", at, k)
			}
		}
		ms = append(ms, member{key: k, key16: utf16.Encode([]rune(k)), val: v.Bytes()})
		p.ws()
		if p.i < len(p.in) && p.in[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.in) && p.in[p.i] == '}' {
			p.i++
			break
		}
		return p.errf("unexpected %s, want ',' or '}'", p.peekDesc())
	}
	// RFC 8785 §3.2.3: sort by UTF-16 code units, not by UTF-8 bytes
	// (they differ for characters above U+FFFF against U+E000–U+FFFF).
	slices.SortFunc(ms, func(a, b member) int { return slices.Compare(a.key16, b.key16) })
	out.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			out.WriteByte(',')
		}
		writeString(out, m.key)
		out.WriteByte(':')
		out.Write(m.val)
	}
	out.WriteByte('}')
	return nil
}

func (p *parser) array(out *bytes.Buffer, depth int) error {
	p.i++ // [
	out.WriteByte('[')
	p.ws()
	if p.i < len(p.in) && p.in[p.i] == ']' {
		p.i++
		out.WriteByte(']')
		return nil
	}
	for n := 0; ; n++ {
		if n > 0 {
			out.WriteByte(',')
		}
		p.ws()
		if err := p.value(out, depth+1); err != nil {
			return err
		}
		p.ws()
		if p.i < len(p.in) && p.in[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.in) && p.in[p.i] == ']' {
			p.i++
			out.WriteByte(']')
			return nil
		}
		return p.errf("unexpected %s, want ',' or ']'", p.peekDesc())
	}
}

// number checks the JSON number grammar (RFC 8259 §6) and copies the text.
func (p *parser) number(out *bytes.Buffer) error {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.in) && p.in[p.i] >= '0' && p.in[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.in[p.i] == '-' {
		p.i++
	}
	if p.i < len(p.in) && p.in[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return p.errf("malformed number")
	}
	if p.i < len(p.in) && p.in[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return p.errf("malformed number: no digits after '.'")
		}
	}
	if p.i < len(p.in) && (p.in[p.i] == 'e' || p.in[p.i] == 'E') {
		p.i++
		if p.i < len(p.in) && (p.in[p.i] == '+' || p.in[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return p.errf("malformed number: no digits in the exponent")
		}
	}
	out.Write(p.in[start:p.i])
	return nil
}

// str decodes a JSON string, refusing invalid UTF-8 and lone surrogates.
func (p *parser) str() (string, error) {
	p.i++ // "
	var b []byte
	for {
		if p.i >= len(p.in) {
			return "", p.errf("unterminated string")
		}
		c := p.in[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b), nil
		case c < 0x20:
			return "", p.errf("control character %#02x in a string must be escaped", c)
		case c == '\\':
			r, err := p.escape()
			if err != nil {
				return "", err
			}
			b = utf8.AppendRune(b, r)
		case c < utf8.RuneSelf:
			b = append(b, c)
			p.i++
		default:
			r, size := utf8.DecodeRune(p.in[p.i:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errf("invalid UTF-8")
			}
			b = append(b, p.in[p.i:p.i+size]...)
			p.i += size
		}
	}
}

func (p *parser) escape() (rune, error) {
	if p.i+1 >= len(p.in) {
		return 0, p.errf("unterminated escape")
	}
	c := p.in[p.i+1]
	p.i += 2
	switch c {
	case '"', '\\', '/':
		return rune(c), nil
	case 'b':
		return '\b', nil
	case 'f':
		return '\f', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'u':
		r, err := p.hex4()
		if err != nil {
			return 0, err
		}
		if utf16.IsSurrogate(r) {
			if r >= 0xDC00 || p.i+1 >= len(p.in) || p.in[p.i] != '\\' || p.in[p.i+1] != 'u' {
				return 0, p.errf("lone surrogate \\u%04x", r)
			}
			p.i += 2
			r2, err := p.hex4()
			if err != nil {
				return 0, err
			}
			dec := utf16.DecodeRune(r, r2)
			if dec == utf8.RuneError {
				return 0, p.errf("lone surrogate \\u%04x", r)
			}
			return dec, nil
		}
		return r, nil
	}
	return 0, p.errf("unknown escape \\%c", c)
}

func (p *parser) hex4() (rune, error) {
	if p.i+4 > len(p.in) {
		return 0, p.errf("short \\u escape")
	}
	v, err := strconv.ParseUint(string(p.in[p.i:p.i+4]), 16, 32)
	if err != nil {
		return 0, p.errf("bad \\u escape %q", p.in[p.i:p.i+4])
	}
	p.i += 4
	return rune(v), nil
}

// writeString writes s as a JCS string (RFC 8785 §3.2.2.2).
func writeString(out *bytes.Buffer, s string) {
	const hexDigits = "0123456789abcdef"
	out.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			out.WriteString(`\"`)
		case '\\':
			out.WriteString(`\\`)
		case '\b':
			out.WriteString(`\b`)
		case '\f':
			out.WriteString(`\f`)
		case '\n':
			out.WriteString(`\n`)
		case '\r':
			out.WriteString(`\r`)
		case '\t':
			out.WriteString(`\t`)
		default:
			if c < 0x20 {
				out.WriteString(`\u00`)
				out.WriteByte(hexDigits[c>>4])
				out.WriteByte(hexDigits[c&0xf])
			} else {
				out.WriteByte(c)
			}
		}
	}
	out.WriteByte('"')
}
