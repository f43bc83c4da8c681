package classify

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxLine is the longest JSONL line ReadExamples accepts.
const maxLine = 1 << 20

// ReadExamples reads labelled JSONL: one object per line with at least
// "text" and "label", and optionally "id", "lang", "group", "community",
// "activism", "template", "source" (other fields are ignored). Blank lines
// are skipped. name is used in errors, which say the line and the field.
func ReadExamples(r io.Reader, name string) ([]Example, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	var out []Example
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var ex Example
		if err := json.Unmarshal(b, &ex); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				return nil, fmt.Errorf("%s:%d: $.%s: want a JSON %s, got %s", name, line, te.Field, te.Type, te.Value)
			}
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if strings.TrimSpace(ex.Text) == "" {
			return nil, fmt.Errorf("%s:%d: $.text: missing or empty", name, line)
		}
		if _, err := LabelIndex(ex.Label); err != nil {
			return nil, fmt.Errorf("%s:%d: $.label: %w", name, line, err)
		}
		out = append(out, ex)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s:%d: line longer than %d bytes", name, line+1, maxLine)
		}
		return nil, fmt.Errorf("%s: read: %w", name, err)
	}
	return out, nil
}
