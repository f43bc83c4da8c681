package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// lineReader reads lines of any length up to MaxRecordBytes. Unlike
// bufio.Scanner it does not fail for good on a long line: the line is
// skipped to its end and reported, and the next line reads normally.
type lineReader struct {
	br   *bufio.Reader
	line int    // number of the line last returned
	buf  []byte // reused when a line spans more than the bufio buffer
	max  int
}

func newLineReader(br *bufio.Reader) *lineReader {
	return &lineReader{br: br, max: MaxRecordBytes}
}

// next returns the next line without its "\n" or "\r\n". The slice is valid
// until the following call. tooLong reports a line over the limit, whose
// content is not returned. At the end of input err is io.EOF.
func (l *lineReader) next() (line []byte, tooLong bool, err error) {
	l.buf = l.buf[:0]
	spanned := false
	for {
		chunk, err := l.br.ReadSlice('\n')
		full := errors.Is(err, bufio.ErrBufferFull)
		eof := errors.Is(err, io.EOF)
		if err != nil && !full && !eof {
			return nil, false, err
		}
		if eof && len(chunk) == 0 && !spanned {
			return nil, false, io.EOF
		}
		if !spanned && !full {
			// The common case: the whole line sits in the bufio buffer.
			l.line++
			b := trimEOL(chunk)
			if len(b) > l.max {
				return nil, true, nil
			}
			return b, false, nil
		}
		spanned = true
		if !tooLong {
			l.buf = append(l.buf, chunk...)
			if len(l.buf) > l.max+2 {
				// Stop keeping bytes; read on to the end of the line.
				tooLong = true
				l.buf = l.buf[:0]
			}
		}
		if !full {
			l.line++
			if tooLong {
				return nil, true, nil
			}
			b := trimEOL(l.buf)
			if len(b) > l.max {
				return nil, true, nil
			}
			return b, false, nil
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// isBlank reports a line holding only JSON whitespace.
func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// posReader counts the bytes and newlines read through it so that a decoder
// offset can be turned into a line number, and refuses to read further than
// MaxRecordBytes past the start of the record being decoded, so that one
// huge JSON value cannot exhaust memory.
type posReader struct {
	r        io.Reader
	n        int64   // bytes read so far
	newlines []int64 // offsets of newlines not yet passed by lineAt
	passed   int     // newlines before the last offset asked about
	mark     int64   // start of the current record
	limit    int64
}

// errRecordTooLarge ends a document read whose current value is too large.
var errRecordTooLarge = errors.New("one JSON value is larger than 16 MiB; split the input or check that it is the format you named")

func newPosReader(r io.Reader) *posReader {
	return &posReader{r: r, limit: MaxRecordBytes + readBufferSize}
}

func (p *posReader) Read(b []byte) (int, error) {
	allowed := p.mark + p.limit - p.n
	if allowed <= 0 {
		return 0, errRecordTooLarge
	}
	if int64(len(b)) > allowed {
		b = b[:allowed] // a decoder asks for more at once as its buffer grows
	}
	n, err := p.r.Read(b)
	for i := 0; i < n; i++ {
		if b[i] == '\n' {
			p.newlines = append(p.newlines, p.n+int64(i))
		}
	}
	p.n += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset off. Offsets asked about
// must not decrease; newline positions before off are forgotten.
func (p *posReader) lineAt(off int64) int {
	i := 0
	for i < len(p.newlines) && p.newlines[i] < off {
		i++
	}
	p.passed += i
	p.newlines = p.newlines[i:]
	if cap(p.newlines) > 4096 && len(p.newlines) < cap(p.newlines)/4 {
		p.newlines = append([]int64(nil), p.newlines...)
	}
	return p.passed + 1
}

// seenSet remembers keys so that accounts repeated across records are
// yielded once. It is bounded: past maxSeen keys it starts afresh, and an
// account may then be yielded again, which stores tolerate (ingest is
// idempotent on platform, kind and id).
type seenSet struct {
	m map[string]struct{}
}

const maxSeen = 1 << 20

// add reports whether k is new, and remembers it.
func (s *seenSet) add(k string) bool {
	if s.m == nil {
		s.m = make(map[string]struct{})
	}
	if _, ok := s.m[k]; ok {
		return false
	}
	if len(s.m) >= maxSeen {
		clear(s.m)
	}
	s.m[k] = struct{}{}
	return true
}
