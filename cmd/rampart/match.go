package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

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
			e, err := loadEnv(envOptions{enable: enable})
			if err != nil {
				return err
			}
			bw := bufio.NewWriterSize(s.out, 64<<10)
			emit := func(line string) error {
				ms := e.matcher.Find(field, line)
				if ms == nil {
					ms = []rampart.Mention{}
				}
				b, err := json.Marshal(matchLine{Text: line, Matches: ms})
				if err != nil {
					return err
				}
				bw.Write(b)
				return bw.WriteByte('\n')
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

type matchLine struct {
	Text    string            `json:"text"`
	Matches []rampart.Mention `json:"matches"`
}

// eachLine calls fn for every line of r without its line ending. Lines of any
// length are read whole (bufio.Reader, not Scanner, which stops at 64 KiB).
func eachLine(r io.Reader, fn func(string) error) error {
	br := bufio.NewReaderSize(r, 256<<10)
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
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
