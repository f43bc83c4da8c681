package ingest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/rampart-tt/rampart"
)

// Format names accepted by Open.
const (
	FormatJSONL       = "jsonl"
	FormatXv2         = "x-v2"
	FormatTwitterV1   = "twitter-v1"
	FormatTelegram    = "telegram"
	FormatWhatsApp    = "whatsapp"
	FormatCrowdTangle = "crowdtangle"
	FormatTelethon    = "telethon"
	FormatAuto        = "auto"
)

// MaxRecordBytes bounds one record: a JSON line, one JSON value of a
// document, one CSV row, one WhatsApp line. Larger records are reported as a
// *RecordError (line formats) or end the read (document formats), so a hostile
// input cannot make a reader hold gigabytes.
const MaxRecordBytes = 16 << 20

// readBufferSize is the bufio buffer every reader reads through; it is also
// how far auto-detection peeks.
const readBufferSize = 64 << 10

// Formats lists the supported formats, for flags and error messages.
func Formats() []string {
	return []string{FormatJSONL, FormatXv2, FormatTwitterV1, FormatTelegram, FormatWhatsApp, FormatCrowdTangle, FormatTelethon}
}

// Reader yields the items of one input.
type Reader interface {
	// Items yields items in input order. A yielded error of type
	// *RecordError is about one record: the caller counts it and continues.
	// Any other error is fatal and ends the sequence. Items reads the
	// underlying stream, so it can be ranged over once.
	Items(ctx context.Context) iter.Seq2[rampart.Item, error]
	// Format is the format name (one of Formats()).
	Format() string
}

// RecordError is a problem with one record; reading continues after it.
type RecordError struct {
	File   string
	Line   int    // 1-based; 0 when unknown
	Path   string // JSON path within the record, e.g. "$.data[3]"; "" when not JSON
	Reason string
}

// RecordReason is the class of the reason (the text before its first
// colon), so that summaries group "invalid JSON: unexpected end at offset 12"
// with "... at offset 40". Its presence marks the error as about one record:
// callers count it and go on.
func (e *RecordError) RecordReason() string {
	if i := strings.IndexByte(e.Reason, ':'); i > 0 {
		return e.Reason[:i]
	}
	return e.Reason
}

// Error renders "file:line: path: reason", leaving out the parts not known.
func (e *RecordError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Path != "" {
		b.WriteString(": ")
		b.WriteString(e.Path)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Open returns a reader for one input. name is the file name, used in
// messages, in Origin and (for WhatsApp) as the chat; "-" means standard
// input. format is one of Formats() or FormatAuto (also ""), which sniffs the
// first bytes without consuming them and falls back on the name.
func Open(name string, r io.Reader, format string) (Reader, error) {
	br := bufio.NewReaderSize(r, readBufferSize)
	if format == "" || format == FormatAuto {
		head, err := br.Peek(readBufferSize)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return nil, fmt.Errorf("open %s: read start of input to detect its format: %w", name, err)
		}
		format = detect(name, head)
		if format == "" {
			return nil, rampart.Errorf(rampart.EINVALID,
				"open %s: cannot tell the format from its content or name; pass one of: %s",
				name, strings.Join(Formats(), ", "))
		}
	}
	switch format {
	case FormatJSONL:
		return &jsonlReader{src: newSource(name, br)}, nil
	case FormatXv2:
		return &xv2Reader{src: newSource(name, br)}, nil
	case FormatTwitterV1:
		return &twitterV1Reader{src: newSource(name, br)}, nil
	case FormatTelegram:
		return &telegramReader{src: newSource(name, br)}, nil
	case FormatWhatsApp:
		return &whatsAppReader{src: newSource(name, br)}, nil
	case FormatCrowdTangle:
		return &crowdTangleReader{src: newSource(name, br)}, nil
	case FormatTelethon:
		return &telethonReader{src: newSource(name, br)}, nil
	}
	return nil, rampart.Errorf(rampart.EINVALID, "open %s: unknown format %q; supported formats: %s, %s",
		name, format, strings.Join(Formats(), ", "), FormatAuto)
}

// source is the input shared by all readers: the buffered stream and its
// name, with the UTF-8 byte order mark dropped.
type source struct {
	name string
	br   *bufio.Reader
}

func newSource(name string, br *bufio.Reader) source {
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(3)
	}
	return source{name: name, br: br}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func (s source) origin(format string, line int, path string) rampart.Origin {
	return rampart.Origin{File: s.name, Line: line, Path: path, Format: format}
}

func (s source) recordErr(line int, path, format string, args ...any) *RecordError {
	return &RecordError{File: s.name, Line: line, Path: path, Reason: fmt.Sprintf(format, args...)}
}

// fatal wraps a non-record error with the input name.
func (s source) fatal(err error) error {
	return fmt.Errorf("read %s: %w", s.name, err)
}
