package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// jsonlReader reads Rampart's native JSON Lines: one account or post object
// per line, as rampart.Item.MarshalJSON writes them.
type jsonlReader struct{ src source }

func (r *jsonlReader) Format() string { return FormatJSONL }

func (r *jsonlReader) Items(ctx context.Context) iter.Seq2[rampart.Item, error] {
	return func(yield func(rampart.Item, error) bool) {
		lr := newLineReader(r.src.br)
		for n := 0; ; n++ {
			// Checking the context on every line costs more than decoding a
			// small record; every 64 lines still stops within microseconds.
			if n&63 == 0 {
				if err := ctx.Err(); err != nil {
					yield(rampart.Item{}, err)
					return
				}
			}
			line, tooLong, err := lr.next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(rampart.Item{}, r.src.fatal(fmt.Errorf("line %d: %w", lr.line+1, err)))
				return
			}
			if tooLong {
				if !yield(rampart.Item{}, r.src.recordErr(lr.line, "", "line is longer than %d bytes; skipped", MaxRecordBytes)) {
					return
				}
				continue
			}
			if isBlank(line) {
				continue
			}
			it, err := decodeNative(line)
			if err != nil {
				if first := bytes.TrimLeft(line, " \t"); first[0] != '{' {
					err = fmt.Errorf("want one JSON object (an account or a post) per line, got %s", truncate(first))
				}
				if !yield(rampart.Item{}, r.src.recordErr(lr.line, "$", "%v", err)) {
					return
				}
				continue
			}
			it.Origin = r.src.origin(FormatJSONL, lr.line, "")
			if !utf8.Valid(line) {
				it.Flags = append(it.Flags, rampart.FlagInvalidUTF8)
			}
			if !yield(it, nil) {
				return
			}
		}
	}
}

// decodeNative decodes one native record: along the fast path when it can,
// otherwise with rampart.Item.UnmarshalJSON, which is the reference and
// writes the error messages.
func decodeNative(line []byte) (rampart.Item, error) {
	if it, ok := decodeNativeFast(line); ok {
		return it, nil
	}
	var it rampart.Item
	if err := it.UnmarshalJSON(line); err != nil {
		return rampart.Item{}, err
	}
	return it, nil
}
