package ingest

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// The native JSON Lines path must sustain well over 100k records per second
// per core. rampart.Item.UnmarshalJSON decodes each record three times (into
// a map of raw values, each unknown value again, then the whole record into
// the struct), which costs several microseconds. decodeNativeFast scans the
// record once, slices out plain strings without copying through reflection,
// and hands only composite values (media, avatar, extra) to encoding/json.
//
// It handles the records Rampart itself writes (including the \u0026 escapes
// json.Marshal puts in URLs) and declines (ok=false) anything whose meaning
// it would have to reproduce from encoding/json's corner cases: escapes in
// keys, null, duplicate keys, non-ASCII keys,
// keys that differ from a field name only by case (encoding/json matches
// those case-insensitively), and anything invalid. The caller then uses the
// reference decoder, so results are identical by construction; the tests and
// FuzzJSONL check that they are.

// fastField is one top-level member of a record.
type fastField struct {
	key []byte
	raw []byte // the value as written
	str []byte // for a plain string: its content without quotes
	typ byte   // '"' string, 'n' number, 't' true, 'f' false, '{' object, '[' array
}

const maxFastFields = 40

var (
	postFields = []string{"kind", "platform", "id", "account_id", "chat", "created_at", "text", "lang",
		"urls", "hashtags", "mentions", "reply_to", "repost_of", "media", "url", "extra"}
	accountFields = []string{"kind", "platform", "id", "handle", "name", "bio", "created_at", "followers",
		"following", "posts_count", "verified", "avatar", "url", "extra"}
)

func decodeNativeFast(b []byte) (rampart.Item, bool) {
	if !utf8.Valid(b) {
		return rampart.Item{}, false
	}
	var fields [maxFastFields]fastField
	n := 0
	s := fastScanner{b: b}
	s.ws()
	if !s.eat('{') {
		return rampart.Item{}, false
	}
	for {
		s.ws()
		key, ok := s.plainString()
		if !ok {
			return rampart.Item{}, false
		}
		s.ws()
		if !s.eat(':') {
			return rampart.Item{}, false
		}
		s.ws()
		f, ok := s.value()
		if !ok || n == maxFastFields {
			return rampart.Item{}, false
		}
		f.key = key
		for i := 0; i < n; i++ {
			if bytes.Equal(fields[i].key, key) {
				return rampart.Item{}, false
			}
		}
		fields[n] = f
		n++
		s.ws()
		if s.eat(',') {
			continue
		}
		if s.eat('}') {
			break
		}
		return rampart.Item{}, false
	}
	s.ws()
	if s.i != len(b) {
		return rampart.Item{}, false
	}
	kind := ""
	for _, f := range fields[:n] {
		if string(f.key) == "kind" {
			if f.typ != '"' {
				return rampart.Item{}, false
			}
			kind = string(f.str)
		}
	}
	switch kind {
	case rampart.KindPost:
		return fastPost(fields[:n])
	case rampart.KindAccount:
		return fastAccount(fields[:n])
	}
	return rampart.Item{}, false
}

// unknownValue decodes a member the native format does not name, as the
// reference does (into any), after checking that the key cannot be confused
// with a field.
func unknownValue(f fastField) (any, bool) {
	for _, c := range f.key {
		if c >= utf8.RuneSelf {
			return nil, false
		}
	}
	for _, names := range [][]string{postFields, accountFields} {
		for _, name := range names {
			if bytes.EqualFold(f.key, []byte(name)) {
				return nil, false
			}
		}
	}
	switch k := string(f.key); k {
	case "id", "account_id", "reply_to", "repost_of":
		if f.typ != '"' {
			return nil, false // the reference refuses non-string ids
		}
	}
	switch f.typ {
	case '"':
		return string(f.str), true
	case 'n':
		v, err := strconv.ParseFloat(string(f.raw), 64)
		return v, err == nil
	case 't':
		return true, true
	case 'f':
		return false, true
	}
	var x any
	if err := json.Unmarshal(f.raw, &x); err != nil {
		return nil, false
	}
	return x, true
}

func fastPost(fields []fastField) (rampart.Item, bool) {
	p := &rampart.Post{}
	var extra map[string]any // made on the first unknown field: most records have none
	for _, f := range fields {
		var ok bool
		switch string(f.key) {
		case "kind":
			ok = true
		case "platform":
			p.Platform, ok = f.platform()
		case "id":
			p.ID, ok = f.text()
		case "account_id":
			p.AccountID, ok = f.text()
		case "chat":
			p.Chat, ok = f.text()
		case "text":
			p.Text, ok = f.text()
		case "lang":
			p.Lang, ok = f.text()
		case "reply_to":
			p.ReplyTo, ok = f.text()
		case "repost_of":
			p.RepostOf, ok = f.text()
		case "url":
			p.URL, ok = f.text()
		case "created_at":
			ok = f.typ == '"' && p.CreatedAt.UnmarshalJSON(f.raw) == nil
		case "urls":
			p.URLs, ok = f.strings()
		case "hashtags":
			p.Hashtags, ok = f.strings()
		case "mentions":
			p.Mentions, ok = f.strings()
		case "media":
			if p.Media, ok = f.media(); !ok {
				ok = f.typ == '[' && json.Unmarshal(f.raw, &p.Media) == nil
			}
		case "extra":
			ok = f.typ == '{' && json.Unmarshal(f.raw, &p.Extra) == nil
		default:
			var v any
			if v, ok = unknownValue(f); ok {
				if extra == nil {
					extra = map[string]any{}
				}
				extra[string(f.key)] = v
			}
		}
		if !ok {
			return rampart.Item{}, false
		}
	}
	p.Extra = mergeExtra(p.Extra, extra)
	return rampart.Item{Post: p}, true
}

func fastAccount(fields []fastField) (rampart.Item, bool) {
	a := &rampart.Account{}
	var extra map[string]any
	for _, f := range fields {
		var ok bool
		switch string(f.key) {
		case "kind":
			ok = true
		case "platform":
			a.Platform, ok = f.platform()
		case "id":
			a.ID, ok = f.text()
		case "handle":
			a.Handle, ok = f.text()
		case "name":
			a.Name, ok = f.text()
		case "bio":
			a.Bio, ok = f.text()
		case "url":
			a.URL, ok = f.text()
		case "created_at":
			ok = f.typ == '"' && a.CreatedAt.UnmarshalJSON(f.raw) == nil
		case "followers":
			a.Followers, ok = f.int()
		case "following":
			a.Following, ok = f.int()
		case "posts_count":
			a.PostsCount, ok = f.int()
		case "verified":
			ok = f.typ == 't' || f.typ == 'f'
			a.Verified = f.typ == 't'
		case "avatar":
			ok = f.typ == '{' && json.Unmarshal(f.raw, &a.Avatar) == nil
		case "extra":
			ok = f.typ == '{' && json.Unmarshal(f.raw, &a.Extra) == nil
		default:
			var v any
			if v, ok = unknownValue(f); ok {
				if extra == nil {
					extra = map[string]any{}
				}
				extra[string(f.key)] = v
			}
		}
		if !ok {
			return rampart.Item{}, false
		}
	}
	a.Extra = mergeExtra(a.Extra, extra)
	return rampart.Item{Account: a}, true
}

// mergeExtra mirrors the root decoder: fields from "extra" win over unknown
// top-level fields of the same name, and an empty set adds nothing.
func mergeExtra(have, add map[string]any) map[string]any {
	if len(add) == 0 {
		return have
	}
	if have == nil {
		return add
	}
	for k, v := range add {
		if _, dup := have[k]; !dup {
			have[k] = v
		}
	}
	return have
}

func (f fastField) text() (string, bool) {
	if f.typ != '"' {
		return "", false
	}
	return string(f.str), true
}

// platform returns the platform, sharing the constant strings for the
// common ones instead of allocating a copy per record.
func (f fastField) platform() (string, bool) {
	if f.typ != '"' {
		return "", false
	}
	switch string(f.str) {
	case rampart.PlatformX:
		return rampart.PlatformX, true
	case rampart.PlatformTelegram:
		return rampart.PlatformTelegram, true
	case rampart.PlatformWhatsApp:
		return rampart.PlatformWhatsApp, true
	case rampart.PlatformFacebook:
		return rampart.PlatformFacebook, true
	case rampart.PlatformInstagram:
		return rampart.PlatformInstagram, true
	}
	return string(f.str), true
}

func (f fastField) int() (*int64, bool) {
	if f.typ != 'n' {
		return nil, false
	}
	v, err := strconv.ParseInt(string(f.raw), 10, 64)
	if err != nil {
		return nil, false
	}
	return &v, true
}

// strings decodes an array of plain strings.
func (f fastField) strings() ([]string, bool) {
	if f.typ != '[' {
		return nil, false
	}
	s := fastScanner{b: f.raw, i: 1}
	out := []string{}
	s.ws()
	if s.eat(']') {
		return out, true
	}
	for {
		s.ws()
		v, ok := s.stringValue()
		if !ok {
			return nil, false
		}
		out = append(out, string(v))
		s.ws()
		if s.eat(',') {
			continue
		}
		return out, s.eat(']') && s.i == len(s.b)
	}
}

// fastScanner walks JSON bytes. It accepts a subset of JSON and reports
// anything else as not ok; composite values it only delimits, leaving
// validation to encoding/json.
type fastScanner struct {
	b []byte
	i int
}

func (s *fastScanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

func (s *fastScanner) eat(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// plainString reads a string without escapes or control characters and
// returns its content. Post texts are most of every record, so it tests
// eight bytes at a time for a quote, a backslash or a control byte (the
// zero-byte and less-than tests of Sean Eron Anderson's "Bit Twiddling
// Hacks", section "Determine if a word has a byte less than n"), and walks
// bytes only in the word that has one.
func (s *fastScanner) plainString() ([]byte, bool) {
	if !s.eat('"') {
		return nil, false
	}
	start := s.i
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	for s.i+8 <= len(s.b) {
		w := binary.LittleEndian.Uint64(s.b[s.i:])
		q := w ^ (ones * '"')
		bs := w ^ (ones * '\\')
		// A byte is flagged when it is below 0x20, or zero after the
		// xor (equal to the quote or backslash); bytes from 0x80 never
		// are, so the high bits of w mask them out.
		if ((w-ones*0x20)|(q-ones)|(bs-ones))&^w&highs != 0 {
			break
		}
		s.i += 8
	}
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return s.b[start : s.i-1], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
		s.i++
	}
	return nil, false
}

// stringValue reads a string value and returns its content with escapes
// decoded as encoding/json decodes them (RFC 8259 section 7; a lone UTF-16
// surrogate becomes U+FFFD). Without escapes the content is not copied.
func (s *fastScanner) stringValue() ([]byte, bool) {
	start := s.i
	if str, ok := s.plainString(); ok {
		return str, true
	}
	s.i = start + 1
	var out []byte
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return out, true
		case c < 0x20:
			return nil, false
		case c != '\\':
			out = append(out, c)
			s.i++
			continue
		}
		if s.i+1 >= len(s.b) {
			return nil, false
		}
		e := s.b[s.i+1]
		s.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := s.hex4()
			if !ok {
				return nil, false
			}
			if utf16.IsSurrogate(r) {
				save := s.i
				if s.i+1 < len(s.b) && s.b[s.i] == '\\' && s.b[s.i+1] == 'u' {
					s.i += 2
					if r2, ok := s.hex4(); ok {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							out = utf8.AppendRune(out, d)
							continue
						}
					}
				}
				s.i = save
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
		default:
			return nil, false
		}
	}
	return nil, false
}

func (s *fastScanner) hex4() (rune, bool) {
	if s.i+4 > len(s.b) {
		return 0, false
	}
	var r rune
	for _, c := range s.b[s.i : s.i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	s.i += 4
	return r, true
}

func (s *fastScanner) value() (fastField, bool) {
	if s.i >= len(s.b) {
		return fastField{}, false
	}
	start := s.i
	switch c := s.b[s.i]; {
	case c == '"':
		str, ok := s.stringValue()
		return fastField{raw: s.b[start:s.i], str: str, typ: '"'}, ok
	case c == '{' || c == '[':
		if !s.skipComposite() {
			return fastField{}, false
		}
		return fastField{raw: s.b[start:s.i], typ: c}, true
	case c == 't':
		return fastField{typ: 't'}, s.literal("true")
	case c == 'f':
		return fastField{typ: 'f'}, s.literal("false")
	case c == '-' || (c >= '0' && c <= '9'):
		if !s.number() {
			return fastField{}, false
		}
		return fastField{raw: s.b[start:s.i], typ: 'n'}, true
	}
	return fastField{}, false // null and anything invalid
}

func (s *fastScanner) literal(lit string) bool {
	if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return true
	}
	return false
}

// number checks JSON number grammar (RFC 8259 section 6), which is stricter
// than strconv's.
func (s *fastScanner) number() bool {
	s.eat('-')
	switch {
	case s.eat('0'):
	case s.i < len(s.b) && s.b[s.i] >= '1' && s.b[s.i] <= '9':
		s.digits()
	default:
		return false
	}
	if s.eat('.') {
		if s.digits() == 0 {
			return false
		}
	}
	if s.eat('e') || s.eat('E') {
		if !s.eat('+') {
			s.eat('-')
		}
		if s.digits() == 0 {
			return false
		}
	}
	return true
}

func (s *fastScanner) digits() int {
	n := 0
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
		n++
	}
	return n
}

// skipComposite moves past an object or array by counting brackets outside
// strings. It does not validate; the value is later given to encoding/json.
func (s *fastScanner) skipComposite() bool {
	depth := 0
	for s.i < len(s.b) {
		c := s.b[s.i]
		s.i++
		switch c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return true
			}
		case '"':
			for s.i < len(s.b) && s.b[s.i] != '"' {
				if s.b[s.i] == '\\' {
					s.i++
				}
				s.i++
			}
			if s.i >= len(s.b) {
				return false
			}
			s.i++
		}
	}
	return false
}
