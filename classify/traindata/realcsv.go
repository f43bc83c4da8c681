package traindata

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// csvTable reads a CSV file with a header row and yields records with the
// line each starts on. Columns are looked up by header name.
type csvTable struct {
	name string
	r    *csv.Reader
	hdr  []string
	cols map[string]int
}

func newCSVTable(r io.Reader, name string) (*csvTable, error) {
	cr := csv.NewReader(stripBOM(r))
	cr.FieldsPerRecord = 0 // every row as wide as the header
	cr.ReuseRecord = false
	hdr, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s:1: empty file: want a header row", name)
		}
		return nil, csvErr(name, err)
	}
	cols := map[string]int{}
	for i, h := range hdr {
		k := strings.ToLower(strings.TrimSpace(h))
		if _, dup := cols[k]; !dup { // the first of two same-named columns wins
			cols[k] = i
		}
	}
	return &csvTable{name: name, r: cr, hdr: hdr, cols: cols}, nil
}

// need returns the index of each named column or an error naming the
// missing one and the header found.
func (t *csvTable) need(names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		j, ok := t.cols[n]
		if !ok {
			return nil, fmt.Errorf("%s:1: header has no %q column (have %q)", t.name, n, t.hdr)
		}
		out[i] = j
	}
	return out, nil
}

// optional returns the index of the first named column present, or -1.
func (t *csvTable) optional(names ...string) int {
	for _, n := range names {
		if j, ok := t.cols[n]; ok {
			return j
		}
	}
	return -1
}

// next returns the next record and its first line; io.EOF at the end.
func (t *csvTable) next() ([]string, int, error) {
	rec, err := t.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		return nil, 0, csvErr(t.name, err)
	}
	line, _ := t.r.FieldPos(0)
	for _, f := range rec {
		if len(f) > maxRowBytes {
			return nil, 0, fmt.Errorf("%s:%d: %w", t.name, line, errTooLong)
		}
		if !utf8.ValidString(f) {
			return nil, 0, fmt.Errorf("%s:%d: invalid UTF-8", t.name, line)
		}
	}
	return rec, line, nil
}

func csvErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %w", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// LoadHSUrdu reads HS-Urdu (hs_urdu_o_h_n.csv: Text,Label with labels
// o offensive, h hate, n neutral).
func LoadHSUrdu(path string) ([]Real, error) { return loadFile(path, ReadHSUrdu) }

// ReadHSUrdu parses HS-Urdu rows from r; name is used in errors.
func ReadHSUrdu(r io.Reader, name string) ([]Real, error) {
	t, err := newCSVTable(r, name)
	if err != nil {
		return nil, err
	}
	idx, err := t.need("text", "label")
	if err != nil {
		return nil, err
	}
	var out []Real
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		label := strings.TrimSpace(rec[idx[1]])
		switch label {
		case "o", "h", "n":
		default:
			return nil, fmt.Errorf("%s:%d: label %q: want o, h or n", name, line, label)
		}
		text := strings.TrimSpace(rec[idx[0]])
		if text == "" {
			return nil, fmt.Errorf("%s:%d: empty text", name, line)
		}
		out = append(out, Real{Text: text, Label: label, Set: SetHSUrdu})
	}
}

// LoadOSACT reads the OSACT 2022 shared-task training file
// (Id,Tweet,Offensive,Hate,Vulgar,Violence).
func LoadOSACT(path string) ([]Real, error) { return loadFile(path, ReadOSACT) }

// ReadOSACT parses OSACT 2022 rows from r; name is used in errors. Label is
// the fine hate class when there is one (HS1 race, HS2 religion, HS3
// ideology, HS4 disability, HS5 social class, HS6 gender), else OFF or
// NOT_OFF. The set writes line breaks inside tweets as "<LF>"; they are
// turned back into "\n".
func ReadOSACT(r io.Reader, name string) ([]Real, error) {
	t, err := newCSVTable(r, name)
	if err != nil {
		return nil, err
	}
	idx, err := t.need("tweet", "offensive", "hate")
	if err != nil {
		return nil, err
	}
	var out []Real
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		off, hate := strings.TrimSpace(rec[idx[1]]), strings.TrimSpace(rec[idx[2]])
		if off != "OFF" && off != "NOT_OFF" {
			return nil, fmt.Errorf("%s:%d: Offensive %q: want OFF or NOT_OFF", name, line, off)
		}
		label := off
		switch hate {
		case "NOT_HS":
		case "HS1", "HS2", "HS3", "HS4", "HS5", "HS6":
			label = hate
		default:
			return nil, fmt.Errorf("%s:%d: Hate %q: want NOT_HS or HS1-HS6", name, line, hate)
		}
		text := strings.TrimSpace(strings.ReplaceAll(rec[idx[0]], "<LF>", "\n"))
		if text == "" {
			return nil, fmt.Errorf("%s:%d: empty tweet", name, line)
		}
		out = append(out, Real{Text: text, Label: label, Set: SetOSACT})
	}
}

// LoadArabicOffensive reads one file of the Arabic offensive-language
// collection (see its SOURCE_README.md). Set is
// "arabic-offensive/<file name without extension>".
func LoadArabicOffensive(path string) ([]Real, error) {
	set := SetArabicOffensivePrefix + strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return loadFile(path, func(r io.Reader, name string) ([]Real, error) {
		return ReadArabicOffensive(r, name, set)
	})
}

// ReadArabicOffensive parses one collection file: columns "text" and
// "offensive" (0 or 1) and, where the file has one, an offence-strength
// column. Label is "hate" when that column marks hate speech, else the
// offensive value ("0" or "1"). Six rows of the OffensEval 2020 file were
// exported with their label fields still inside the text, separated by
// tabs; such a row is repaired from those fields. "_x000D_" (a carriage
// return escaped by a spreadsheet export) is removed.
func ReadArabicOffensive(r io.Reader, name, set string) ([]Real, error) {
	t, err := newCSVTable(r, name)
	if err != nil {
		return nil, err
	}
	idx, err := t.need("text", "offensive")
	if err != nil {
		return nil, err
	}
	strength := t.optional("offense strength", "offencse strength")
	var out []Real
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		text, off := rec[idx[0]], strings.TrimSpace(rec[idx[1]])
		str := ""
		if strength >= 0 {
			str = strings.ToLower(strings.TrimSpace(rec[strength]))
		}
		if off == "" {
			// Repair: "text\t0\tNOT_HS" packed into the text field.
			parts := strings.Split(text, "\t")
			if len(parts) >= 2 {
				if v := strings.TrimSpace(parts[1]); v == "0" || v == "1" {
					text, off = parts[0], v
				}
			}
		}
		if off != "0" && off != "1" {
			return nil, fmt.Errorf("%s:%d: offensive %q: want 0 or 1", name, line, off)
		}
		label := off
		switch str {
		case "hate spech", "hate speech", "hs":
			label = "hate"
		}
		text = strings.ReplaceAll(text, "_x000D_", "")
		text = strings.TrimSpace(strings.ReplaceAll(text, "<LF>", "\n"))
		if text == "" {
			return nil, fmt.Errorf("%s:%d: empty text", name, line)
		}
		out = append(out, Real{Text: text, Label: label, Set: set})
	}
}
