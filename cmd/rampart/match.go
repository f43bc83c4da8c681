package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/rampart-tt/rampart"
	"github.com/spf13/cobra"
)

var matchFields = []string{"text", "handle", "name", "bio", "hashtag"}

func newMatchCmd(s *streams) *cobra.Command {
	var field string
	var enable []string
	c := &cobra.Command{
		Use:   "match [TEXT...]",
		Short: "Find designated groups, media wings and people named in lines of text",
		Long: `Match prints one JSON object per input line, in order:
  {"text": <input>, "matches": [{"entity","group","alias","start","end","score","method"}]}
Lines come from the arguments, or from stdin when there are none. start and end
are byte offsets into the line; group is the designated organisation (for a
media wing, its parent). --field tells the matcher what the text is: handles,
names and hashtags are split (camelCase, snake_case) and matched fuzzily.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(matchFields, field) {
				return usagef("unknown --field %q: want one of %s", field, strings.Join(matchFields, ", "))
			}
			e, err := loadEnv(envOptions{enable: enable, namesOnly: true}) // names only: no model to load
			if err != nil {
				return err
			}
			bw := bufio.NewWriterSize(s.out, 64<<10)
			var buf []byte
			emit := func(line string) error {
				ms := e.matcher.Find(field, line)
				if ms == nil {
					ms = []rampart.Mention{}
				}
				buf = appendMatchLine(buf[:0], line, ms)
				_, err := bw.Write(buf)
				return err
			}
			if len(args) > 0 {
				for _, a := range args {
					if err := emit(a); err != nil {
						return err
					}
				}
				return bw.Flush()
			}
			if err := eachLine(s.in, emit); err != nil {
				return err
			}
			return bw.Flush()
		},
	}
	c.Flags().StringVar(&field, "field", "text", "what the text is: "+strings.Join(matchFields, "|"))
	c.Flags().StringSliceVar(&enable, "enable", nil, "also screen these entities, off by default (e.g. ptm,tlp)")
	return c
}

// appendMatchLine appends one output line and its newline: the bytes
// json.Marshal gives for {"text": line, "matches": ms}, written directly
// because encoding/json's reflection cost about a fifth of the command's
// time on large inputs. The field order is rampart.Mention's.
func appendMatchLine(b []byte, line string, ms []rampart.Mention) []byte {
	b = append(b, `{"text":`...)
	b = appendJSONString(b, line)
	b = append(b, `,"matches":[`...)
	for i, m := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"entity":`...)
		b = appendJSONString(b, m.Entity)
		b = append(b, `,"group":`...)
		b = appendJSONString(b, m.Group)
		b = append(b, `,"alias":`...)
		b = appendJSONString(b, m.Alias)
		b = append(b, `,"start":`...)
		b = strconv.AppendInt(b, int64(m.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(m.End), 10)
		b = append(b, `,"score":`...)
		b = appendJSONFloat(b, m.Score)
		b = append(b, `,"method":`...)
		b = appendJSONString(b, m.Method)
		b = append(b, '}')
	}
	return append(b, "]}\n"...)
}

// appendJSONString quotes s as encoding/json does by default: \" \\ and
// \b \f \n \r \t escaped, other control bytes as \u00XX, < > & as \u003c
// \u003e \u0026 (HTML-safe), U+2028 and U+2029 escaped, and each invalid
// UTF-8 byte replaced by \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
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

// jsonPlain marks the ASCII bytes appendJSONString copies unchanged: a
// table lookup per byte instead of six comparisons.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONFloat formats f as encoding/json does: shortest 'f' form, or
// 'e' form below 1e-6 and from 1e21 with a two-digit negative exponent cut
// to one digit.
func appendJSONFloat(b []byte, f float64) []byte {
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

// eachLine calls fn for every line of r without its line ending. Lines of any
// length are read whole (bufio.Reader, not Scanner, which stops at 64 KiB).
//
// A line that fits the buffer is passed to fn as a string that shares the
// reader's buffer, with no copy: fn must not keep it, or anything that
// points into it, after it returns, because the next read overwrites it.
// The match command's fn only matches it and copies it into the output, so
// each line costs no allocation of its own and no extra copy.
func eachLine(r io.Reader, fn func(string) error) error {
	br := bufio.NewReaderSize(r, 256<<10)
	var long []byte // a line longer than the buffer, gathered piece by piece
	for n := 1; ; n++ {
		chunk, err := br.ReadSlice('\n')
		for err == bufio.ErrBufferFull {
			long = append(long, chunk...)
			chunk, err = br.ReadSlice('\n')
		}
		var line string
		if long != nil {
			long = append(long, chunk...)
			line, long = string(long), nil
		} else if len(chunk) > 0 {
			line = unsafe.String(&chunk[0], len(chunk))
		}
		if len(line) > 0 || err == nil {
			line = strings.TrimSuffix(line, "\n")
			line = strings.TrimSuffix(line, "\r")
			if ferr := fn(line); ferr != nil {
				return fmt.Errorf("line %d: %w", n, ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read line %d: %w", n, err)
		}
	}
}
