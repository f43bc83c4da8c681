package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// jsonValue is one JSON record found in an input: the raw bytes (valid only
// until the next value is read), where it starts, and whether it held
// invalid UTF-8 (which encoding/json turns into U+FFFD when decoding).
type jsonValue struct {
	raw         []byte
	line        int
	path        string
	invalidUTF8 bool
}

// jsonValues yields the records of a JSON input in any of the layouts that
// tools write: JSON Lines (one value per line; a bad line is a *RecordError
// and reading goes on), one document holding a top-level array (streamed
// element by element), or one or more pretty-printed documents (a syntax
// error there is fatal, since a decoder cannot find the next value). An
// array on a line, or a later top-level array, is expanded into its elements.
func jsonValues(ctx context.Context, src source) iter.Seq2[jsonValue, error] {
	return func(yield func(jsonValue, error) bool) {
		if jsonLinesLayout(src) {
			lineValues(ctx, src, yield)
			return
		}
		documentValues(ctx, src, yield)
	}
}

// jsonLinesLayout peeks at the input: it is JSON Lines unless it starts with
// an array or its first line is not a whole JSON value (a pretty-printed
// document).
func jsonLinesLayout(src source) bool {
	head, _ := src.br.Peek(readBufferSize)
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 {
		return true
	}
	if head[0] == '[' {
		return false
	}
	nl := bytes.IndexByte(head, '\n')
	if nl < 0 {
		return true // one line, or a first line longer than the peek
	}
	return json.Valid(head[:nl])
}

func lineValues(ctx context.Context, src source, yield func(jsonValue, error) bool) {
	lr := newLineReader(src.br)
	for {
		if err := ctx.Err(); err != nil {
			yield(jsonValue{}, err)
			return
		}
		line, tooLong, err := lr.next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			yield(jsonValue{}, src.fatal(fmt.Errorf("line %d: %w", lr.line+1, err)))
			return
		}
		if tooLong {
			if !yield(jsonValue{}, src.recordErr(lr.line, "", "line is longer than %d bytes; skipped", MaxRecordBytes)) {
				return
			}
			continue
		}
		if isBlank(line) {
			continue
		}
		invalid := !utf8.Valid(line)
		trimmed := bytes.TrimLeft(line, " \t")
		if trimmed[0] == '[' {
			var elems []json.RawMessage
			if err := json.Unmarshal(trimmed, &elems); err != nil {
				if !yield(jsonValue{}, src.recordErr(lr.line, "$", "invalid JSON: %v", err)) {
					return
				}
				continue
			}
			for i, e := range elems {
				v := jsonValue{raw: e, line: lr.line, path: fmt.Sprintf("$[%d]", i), invalidUTF8: invalid && !utf8.Valid(e)}
				if !yield(v, nil) {
					return
				}
			}
			continue
		}
		if !json.Valid(line) {
			var x json.RawMessage
			err := json.Unmarshal(line, &x)
			if !yield(jsonValue{}, src.recordErr(lr.line, "$", "invalid JSON: %v", err)) {
				return
			}
			continue
		}
		if !yield(jsonValue{raw: line, line: lr.line, path: "$", invalidUTF8: invalid}, nil) {
			return
		}
	}
}

func documentValues(ctx context.Context, src source, yield func(jsonValue, error) bool) {
	head, _ := src.br.Peek(readBufferSize)
	startsWithArray := len(bytes.TrimLeft(head, " \t\r\n")) > 0 && bytes.TrimLeft(head, " \t\r\n")[0] == '['
	pr := newPosReader(src.br)
	dec := json.NewDecoder(pr)
	fail := func(err error) {
		yield(jsonValue{}, src.fatal(fmt.Errorf("line %d: %w", pr.lineAt(dec.InputOffset()), err)))
	}
	if startsWithArray {
		if _, err := dec.Token(); err != nil {
			fail(err)
			return
		}
		for i := 0; dec.More(); i++ {
			if err := ctx.Err(); err != nil {
				yield(jsonValue{}, err)
				return
			}
			pr.mark = dec.InputOffset()
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				fail(err)
				return
			}
			v := jsonValue{raw: raw, line: pr.lineAt(dec.InputOffset() - int64(len(raw))), path: fmt.Sprintf("$[%d]", i), invalidUTF8: !utf8.Valid(raw)}
			if !yield(v, nil) {
				return
			}
		}
		pr.mark = dec.InputOffset()
		if _, err := dec.Token(); err != nil {
			fail(fmt.Errorf("top-level array: %w", err))
			return
		}
	}
	for {
		if err := ctx.Err(); err != nil {
			yield(jsonValue{}, err)
			return
		}
		pr.mark = dec.InputOffset()
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			fail(err)
			return
		}
		line := pr.lineAt(dec.InputOffset() - int64(len(raw)))
		if raw[0] == '[' {
			var elems []json.RawMessage
			if err := json.Unmarshal(raw, &elems); err != nil {
				fail(err)
				return
			}
			for i, e := range elems {
				if !yield(jsonValue{raw: e, line: line, path: fmt.Sprintf("$[%d]", i), invalidUTF8: !utf8.Valid(e)}, nil) {
					return
				}
			}
			continue
		}
		if !yield(jsonValue{raw: raw, line: line, path: "$", invalidUTF8: !utf8.Valid(raw)}, nil) {
			return
		}
	}
}

// fixUTF8 replaces invalid UTF-8 with U+FFFD and reports whether it did.
func fixUTF8(s string) (string, bool) {
	if utf8.ValidString(s) {
		return s, false
	}
	return strings.ToValidUTF8(s, "\uFFFD"), true
}

// flags returns the item flags for a record read with or without repairs.
func flags(invalidUTF8 bool) []string {
	if invalidUTF8 {
		return []string{rampart.FlagInvalidUTF8}
	}
	return nil
}

func utf8Valid(b []byte) bool { return utf8.Valid(b) }

// describeJSON rewrites encoding/json's type errors, which name Go types,
// in terms of the input: which field, what was found, what was wanted.
func describeJSON(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		want := "value of another type"
		switch te.Type.Kind().String() {
		case "string":
			want = "string"
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
			want = "number"
		case "bool":
			want = "true or false"
		case "slice", "array":
			want = "array"
		case "struct", "map":
			want = "object"
		}
		field := te.Field
		if field == "" {
			field = "value"
		} else {
			field = "field " + field
		}
		return fmt.Errorf("%s: want a %s, got a JSON %s", field, want, te.Value)
	}
	return err
}
