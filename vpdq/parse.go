package vpdq

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/rampart-tt/rampart/pdq"
)

// MaxLineBytes bounds one line of a hash file; a valid line is under 100
// bytes, so anything longer is not a vPDQ hash file.
const MaxLineBytes = 4096

// ParseVPDQ reads a vPDQ hash file as the reference tools write it: one
// frame per line, "frame,quality,hash,timestamp", or "frame,quality,hash"
// as in older files (the timestamp is then 0). Blank lines and "#" comment
// lines (the file names `rampart hash vpdq` prints between videos) are
// skipped, and spaces around fields are allowed. name labels errors (a file name);
// every error names the line and field at fault.
func ParseVPDQ(r io.Reader, name string) ([]Feature, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 256), MaxLineBytes)
	var out []Feature
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' {
			continue
		}
		f, err := parseLine(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		out = append(out, f)
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return nil, fmt.Errorf("%s:%d: line longer than %d bytes: not a vpdq hash file", name, line+1, MaxLineBytes)
		}
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

func parseLine(text string) (Feature, error) {
	fields := strings.Split(text, ",")
	if len(fields) != 3 && len(fields) != 4 {
		return Feature{}, fmt.Errorf("%d comma-separated fields, want frame,quality,hash[,timestamp]", len(fields))
	}
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	var f Feature
	frame, err := strconv.Atoi(fields[0])
	if err != nil || frame < 0 {
		return Feature{}, fmt.Errorf("field 1 (frame) %q: want a non-negative integer", fields[0])
	}
	f.Frame = frame
	q, err := strconv.Atoi(fields[1])
	if err != nil || q < 0 || q > 100 {
		return Feature{}, fmt.Errorf("field 2 (quality) %q: want an integer from 0 to 100", fields[1])
	}
	f.Quality = q
	h, err := pdq.Parse(fields[2])
	if err != nil {
		return Feature{}, fmt.Errorf("field 3 (hash): %w", err)
	}
	f.Hash = h
	if len(fields) == 4 {
		ts, err := strconv.ParseFloat(fields[3], 64)
		if err != nil || ts < 0 || math.IsInf(ts, 0) || math.IsNaN(ts) {
			return Feature{}, fmt.Errorf("field 4 (timestamp) %q: want a non-negative number of seconds", fields[3])
		}
		f.Timestamp = ts
	}
	return f, nil
}
