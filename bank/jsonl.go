package bank

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// maxLine bounds one JSONL line: a vPDQ entry of a long video is the largest
// legitimate row (65 bytes a frame).
const maxLine = 8 << 20

// ReadJSONL reads native bank JSONL: one Entry object per line (blank lines
// are skipped; unknown fields are errors). Every line is checked before any is
// returned: bad lines give a *FileError listing them.
func ReadJSONL(r io.Reader, file string) ([]Entry, error) {
	set := newRowSet(file)
	err := eachLine(r, func(line int, b []byte) {
		var e Entry
		if err := decodeStrict(b, &e); err != nil {
			set.fe.add(line, err)
			return
		}
		set.add(line, e)
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	return set.result()
}

// eachLine calls fn for every non-blank line, numbered from 1.
func eachLine(r io.Reader, fn func(line int, b []byte)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		fn(line, b)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("line %d: longer than %d bytes", line+1, maxLine)
		}
		return err
	}
	return nil
}

// decodeStrict decodes one JSON value, refusing unknown fields and trailing
// data, and names the JSON path of a type error.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("$.%s: want %s, got JSON %s", te.Field, te.Type, te.Value)
		}
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if dec.More() {
		return errors.New("invalid JSON: more than one value on the line")
	}
	return nil
}

// WriteJSONL writes entries as native bank JSONL.
func WriteJSONL(w io.Writer, entries []Entry) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, e := range entries {
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("write jsonl: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}
