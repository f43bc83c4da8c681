package bank

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// CSVColumns are the columns of the HMA-compatible bank CSV, in the order
// WriteCSV writes them. The first two are python-threatexchange's signal
// type and signal value; the rest are Rampart's labels and may be left out.
var CSVColumns = []string{"signal_type", "signal_value", "opinion", "group", "kind", "source", "tags", "id", "added_at", "disabled_at"}

// ReadCSV reads a bank CSV. With a header row (first cell "signal_type"),
// columns are found by name, in any order, and only signal_type and
// signal_value are required; without one, rows are read in CSVColumns order
// and need at least the first two. tags are separated by spaces; times are
// RFC 3339. Every row is checked before any is returned: bad rows give a
// *FileError listing them by line.
func ReadCSV(r io.Reader, file string) ([]Entry, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.Comment = '#'
	set := newRowSet(file)
	col := map[string]int{}
	for i, c := range CSVColumns {
		col[c] = i
	}
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, set.fail(pe.Line, pe.Err) // the rest of the file cannot be framed
			}
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if len(rec) > 0 && strings.EqualFold(strings.TrimPrefix(strings.TrimSpace(rec[0]), "\ufeff"), "signal_type") {
				if col, err = csvHeader(rec); err != nil {
					return nil, set.fail(line, err)
				}
				continue
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		e, err := csvRow(rec, col)
		if err != nil {
			set.fe.add(line, err)
			continue
		}
		set.add(line, e)
	}
	return set.result()
}

func csvHeader(rec []string) (map[string]int, error) {
	col := map[string]int{}
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !slices.Contains(CSVColumns, h) {
			return nil, fmt.Errorf("unknown column %q (known: %s)", h, strings.Join(CSVColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("column %q appears twice", h)
		}
		col[h] = i
	}
	for _, need := range CSVColumns[:2] {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("header lacks column %q", need)
		}
	}
	return col, nil
}

func csvRow(rec []string, col map[string]int) (Entry, error) {
	get := func(name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	if len(rec) < 2 {
		return Entry{}, fmt.Errorf("want at least signal_type and signal_value, got %d field(s)", len(rec))
	}
	if len(rec) > len(CSVColumns) {
		return Entry{}, fmt.Errorf("%d fields, more than the %d columns", len(rec), len(CSVColumns))
	}
	e := Entry{
		ID:      get("id"),
		Type:    SignalType(get("signal_type")),
		Value:   get("signal_value"),
		Opinion: Opinion(get("opinion")),
		Labels: Labels{
			Group:  get("group"),
			Kind:   get("kind"),
			Source: get("source"),
			Tags:   strings.Fields(get("tags")),
		},
	}
	var err error
	if e.AddedAt, err = parseTime("added_at", get("added_at")); err != nil {
		return Entry{}, err
	}
	if e.DisabledAt, err = parseTime("disabled_at", get("disabled_at")); err != nil {
		return Entry{}, err
	}
	return e, nil
}

func parseTime(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want an RFC 3339 time such as 2025-01-31T12:00:00Z", name, truncate(s))
	}
	return t.UTC(), nil
}

// WriteCSV writes entries as a bank CSV with a header row.
func WriteCSV(w io.Writer, entries []Entry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVColumns); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, e := range entries {
		rec := []string{string(e.Type), e.Value, string(e.Opinion), e.Labels.Group, e.Labels.Kind, e.Labels.Source,
			strings.Join(e.Labels.Tags, " "), e.ID, formatTime(e.AddedAt), formatTime(e.DisabledAt)}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
