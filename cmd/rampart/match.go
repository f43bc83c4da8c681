package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/internal/jsonenc"
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
	b = jsonenc.AppendString(b, line)
	b = append(b, `,"matches":[`...)
	for i, m := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"entity":`...)
		b = jsonenc.AppendString(b, m.Entity)
		b = append(b, `,"group":`...)
		b = jsonenc.AppendString(b, m.Group)
		b = append(b, `,"alias":`...)
		b = jsonenc.AppendString(b, m.Alias)
		b = append(b, `,"start":`...)
		b = strconv.AppendInt(b, int64(m.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(m.End), 10)
		b = append(b, `,"score":`...)
		b = jsonenc.AppendFloat(b, m.Score)
		b = append(b, `,"method":`...)
		b = jsonenc.AppendString(b, m.Method)
		b = append(b, '}')
	}
	return append(b, "]}\n"...)
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
