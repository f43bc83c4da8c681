package designation

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ImportOptions tunes ImportFile.
type ImportOptions struct {
	// Mapping is the column mapping of a generic CSV (--list csv), in
	// ParseMapping's syntax.
	Mapping string
}

// ImportFile reads one list from path. list picks the format:
//
//	un            UN consolidated list XML
//	ofac          OFAC SDN: the legacy CSV (path is sdn.csv or the folder
//	              holding sdn.csv, alt.csv and sdn_comments.csv) or sdn.xml
//	fto           State Department FTO CSV (FTOMapping)
//	tel           Terrorist Exclusion List, OpenSanctions JSON or JSON lines
//	uk            Home Office proscribed organisations CSV (UKMapping)
//	uk-sanctions  FCDO UK Sanctions List CSV
//	eu            EU consolidated financial sanctions XML
//	nacta         NACTA First Schedule CSV (NACTAMapping)
//	csv           any CSV of facts, with opt.Mapping
//
// The whole file is parsed and validated before anything is returned; an
// error names the file and line (or XML element) and nothing of the list is
// kept. The result's SHA256 covers every byte read.
func ImportFile(list, path string, opt ImportOptions) (ListImport, error) {
	if list == "ofac" && !strings.EqualFold(filepath.Ext(path), ".xml") {
		return importOFACFiles(path)
	}
	var read func(io.Reader, string) (ListImport, error)
	switch list {
	case "un":
		read = ReadUN
	case "ofac":
		read = ReadOFACXML
	case "fto":
		read = ReadFTO
	case "tel":
		read = ReadTEL
	case "uk":
		read = ReadUK
	case "uk-sanctions":
		read = ReadUKSanctions
	case "eu":
		read = ReadEU
	case "nacta":
		read = ReadNACTA
	case "csv":
		m, err := ParseMapping(opt.Mapping)
		if err != nil {
			return ListImport{}, fmt.Errorf("--map: %w", err)
		}
		read = func(r io.Reader, name string) (ListImport, error) { return ReadCSV(r, name, m, "csv") }
	default:
		return ListImport{}, fmt.Errorf("list %q: want one of %s", list, strings.Join(ImportListCodes(), ", "))
	}
	f, err := os.Open(path)
	if err != nil {
		return ListImport{}, fmt.Errorf("import %s list: %w", list, err)
	}
	defer f.Close()
	h := sha256.New()
	li, err := read(hashing(f, h), filepath.Base(path))
	if err != nil {
		return ListImport{}, err
	}
	li.SHA256 = hex.EncodeToString(h.Sum(nil))
	return li, nil
}

// hashing returns a reader of r, bounded by maxListBytes, that feeds every
// byte read into h.
func hashing(r io.Reader, h hash.Hash) io.Reader {
	return &limited{r: io.TeeReader(r, h), left: maxListBytes}
}

// limited is io.LimitReader that fails, rather than ends quietly, when the
// limit is passed: a list cut short at the limit must not import as a
// smaller list.
type limited struct {
	r    io.Reader
	left int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			return 0, errLimit
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// stripBOM drops a leading UTF-8 byte order mark, which spreadsheet programs
// write and which would otherwise become part of the first column's name.
func stripBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\uFEFF")) {
		br.Discard(3)
	}
	return br
}
