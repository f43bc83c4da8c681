package traindata

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// Real is one row of a real labelled set: its text, the set's own label
// (not a project label; see ProjectLabel) and the set it came from.
type Real struct {
	Text  string `json:"text"`
	Label string `json:"label"`
	Set   string `json:"set"`
}

// Names of the real sets, as written in Real.Set.
const (
	SetRUHSOLD = "ruhsold"
	SetHSUrdu  = "hs-urdu"
	SetOSACT   = "osact2022"
	// Rows of the Arabic offensive-language collection carry
	// "arabic-offensive/<file name without .csv>".
	SetArabicOffensivePrefix = "arabic-offensive/"
)

// maxRowBytes bounds one line or record, so a file without line breaks
// cannot exhaust memory.
const maxRowBytes = 1 << 20

// LoadRUHSOLD reads RUHSOLD's task_2 file (text TAB label, labels 0-4).
func LoadRUHSOLD(path string) ([]Real, error) {
	return loadFile(path, ReadRUHSOLD)
}

// ReadRUHSOLD parses RUHSOLD task 2 rows from r; name is used in errors.
// Each non-empty line is split on its LAST tab, since tweets may contain
// tabs; CRLF line ends and a UTF-8 byte-order mark are accepted.
func ReadRUHSOLD(r io.Reader, name string) ([]Real, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxRowBytes)
	var out []Real
	ln := 0
	for sc.Scan() {
		ln++
		line := strings.TrimRight(sc.Text(), "\r")
		if ln == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("%s:%d: invalid UTF-8", name, ln)
		}
		i := strings.LastIndexByte(line, '\t')
		if i < 0 {
			return nil, fmt.Errorf("%s:%d: no tab: want text<TAB>label", name, ln)
		}
		label := strings.TrimSpace(line[i+1:])
		switch label {
		case "0", "1", "2", "3", "4":
		default:
			return nil, fmt.Errorf("%s:%d: label %q: want 0-4", name, ln, label)
		}
		text := strings.TrimSpace(line[:i])
		if text == "" {
			return nil, fmt.Errorf("%s:%d: empty text", name, ln)
		}
		out = append(out, Real{Text: text, Label: label, Set: SetRUHSOLD})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, ln+1, err)
	}
	return out, nil
}

// loadFile opens path and hands it to read, naming the file in errors.
func loadFile(path string, read func(io.Reader, string) ([]Real, error)) ([]Real, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open labelled set: %w", err)
	}
	defer f.Close()
	return read(f, path)
}

// errTooLong reports a record over maxRowBytes.
var errTooLong = errors.New("record too long")

// stripBOM drops a UTF-8 byte-order mark at the start of r.
func stripBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	return br
}
