package designation

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// ofacPrograms maps the OFAC programme tags kept to designation list codes:
// Specially Designated Global Terrorists (EO 13224) and Foreign Terrorist
// Organizations. Every other programme (the country programmes, narcotics
// SDNT/SDNTK, cyber, Magnitsky, non-proliferation, and the older SDT of
// EO 12947) is excluded: they are not terrorism designations under the laws
// this tool serves, or in SDT's case are superseded by SDGT listings.
var ofacPrograms = map[string]string{"SDGT": "sdgt", "FTO": "fto"}

// ofacEmpty is how the legacy CSV writes an empty field.
const ofacEmpty = "-0-"

// OFACFiles are the legacy SDN CSV files. SDN is required; Alt and
// Comments may be nil. Names label errors.
type OFACFiles struct {
	SDN, Alt, Comments             io.Reader
	SDNName, AltName, CommentsName string
}

// ReadOFAC reads OFAC's legacy SDN CSV files: sdn.csv (ent_num, SDN_Name,
// SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag,
// Vess_owner, Remarks), alt.csv (ent_num, alt_num, alt_type, alt_name,
// alt_remarks) and sdn_comments.csv (ent_num, the remarks' continuation).
// Only SDGT and FTO entries that are organisations or individuals are
// kept; vessels and aircraft are not names found in posts. add.csv holds
// addresses, which the registry has no place for, and is not read.
func ReadOFAC(f OFACFiles) (ListImport, error) {
	b := newEntityBuilder("ofac")
	byEnt := map[string]int{}
	src := importLists["ofac"].title
	err := ofacCSV(f.SDN, f.SDNName, 12, func(line int, rec []string) error {
		ent, nm, typ, prog := rec[0], rec[1], rec[2], rec[3]
		if ent == "" || nm == "" {
			return errors.New("ent_num and SDN_Name must not be empty")
		}
		var ds []rampart.Designation
		for p := range strings.SplitSeq(prog, "] [") {
			if list, ok := ofacPrograms[strings.Trim(p, "[] ")]; ok {
				ds = append(ds, designationFor(list, "SDN "+ent, time.Time{}, src))
			}
		}
		if len(ds) == 0 {
			return nil
		}
		kind := rampart.EntityOrganisation
		switch typ {
		case "individual":
			kind = rampart.EntityPerson
		case "vessel", "aircraft":
			return nil
		case "":
		default:
			return fmt.Errorf("ent_num %s: SDN_Type %q; want individual, vessel, aircraft or -0-", ent, typ)
		}
		if _, dup := byEnt[ent]; dup {
			return fmt.Errorf("ent_num %s appears twice", ent)
		}
		e := b.add(nm, kind, ds...)
		byEnt[ent] = len(b.ents) - 1
		addOFACName(e, nm, rampart.AliasName, ent, false)
		b.note(e.ID, rec[11])
		return nil
	})
	if err != nil {
		return ListImport{}, err
	}
	if f.Alt != nil {
		err = ofacCSV(f.Alt, f.AltName, 5, func(line int, rec []string) error {
			i, ok := byEnt[rec[0]]
			if !ok {
				return nil
			}
			typ := rampart.AliasName
			switch strings.ToLower(rec[2]) {
			case "aka", "nka":
			case "fka":
				typ = rampart.AliasFormer
			default:
				return fmt.Errorf("ent_num %s: alt_type %q; want aka, fka or nka", rec[0], rec[2])
			}
			addOFACName(&b.ents[i], rec[3], typ, rec[0], strings.Contains(strings.ToLower(rec[4]), "weak"))
			return nil
		})
		if err != nil {
			return ListImport{}, err
		}
	}
	if f.Comments != nil {
		err = ofacCSV(f.Comments, f.CommentsName, 2, func(line int, rec []string) error {
			if i, ok := byEnt[rec[0]]; ok {
				// The comments file continues remarks cut at OFAC's field
				// limit, often mid-word, so the parts join without a space.
				id := b.ents[i].ID
				b.notes[id] += rec[1]
			}
			return nil
		})
		if err != nil {
			return ListImport{}, err
		}
	}
	li := ListImport{List: "ofac", Source: f.SDNName, Entities: b.ents, Notes: b.notes}
	return li, li.Validate()
}

// addOFACName adds an SDN name. Individuals are written "SURNAME, Given";
// posts write "Given SURNAME", so that order is added too.
func addOFACName(e *rampart.Entity, nm, typ, ent string, weak bool) {
	ref := "ent_num=" + ent
	addNameAliases(e, nm, typ, "OFAC", ref, weak)
	if e.Kind != rampart.EntityPerson {
		return
	}
	if last, given, ok := strings.Cut(nm, ","); ok && strings.TrimSpace(given) != "" && !strings.Contains(given, ",") {
		addAlias(e, strings.TrimSpace(given)+" "+strings.TrimSpace(last), typ, "OFAC", ref, weak)
	}
}

// ofacCSV reads one legacy CSV file with a fixed number of fields and no
// header, trimming fields and turning -0- into "".
func ofacCSV(r io.Reader, name string, fields int, row func(line int, rec []string) error) error {
	cr := csv.NewReader(&dropCtrlZ{r: r})
	cr.FieldsPerRecord = fields
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					return fmt.Errorf("%s: line %d: want %d fields; is this the right file of the SDN CSV set?", name, pe.StartLine, fields)
				}
				return fmt.Errorf("%s: line %d: %w", name, pe.StartLine, pe.Err)
			}
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		for i, v := range rec {
			v = strings.TrimSpace(v)
			if v == ofacEmpty {
				v = ""
			}
			if !utf8.ValidString(v) {
				return fmt.Errorf("%s: line %d: field %d is not valid UTF-8", name, line, i+1)
			}
			rec[i] = v
		}
		if err := row(line, rec); err != nil {
			return fmt.Errorf("%s: line %d: %w", name, line, err)
		}
	}
}

// dropCtrlZ removes the DOS end-of-file byte (0x1A) OFAC appends to its
// files; it never occurs inside a field.
type dropCtrlZ struct{ r io.Reader }

func (d *dropCtrlZ) Read(p []byte) (int, error) {
	for {
		n, err := d.r.Read(p)
		k := 0
		for _, c := range p[:n] {
			if c != 0x1A {
				p[k] = c
				k++
			}
		}
		if k > 0 || err != nil || n == 0 {
			return k, err
		}
	}
}

// importOFACFiles opens the legacy CSV set at path (sdn.csv, or the folder
// holding it) and reads it, hashing every file.
func importOFACFiles(path string) (ListImport, error) {
	dir, sdn := path, filepath.Join(path, "sdn.csv")
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		dir, sdn = filepath.Dir(path), path
	}
	paths := []string{sdn, filepath.Join(dir, "alt.csv"), filepath.Join(dir, "sdn_comments.csv")}
	var files [3]io.Reader
	hashes := [3]hash.Hash{sha256.New(), sha256.New(), sha256.New()}
	for i, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			if i > 0 && errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return ListImport{}, fmt.Errorf("import ofac list: %w (give sdn.csv or the folder holding it)", err)
		}
		defer f.Close()
		files[i] = &limited{r: io.TeeReader(f, hashes[i]), left: maxListBytes}
	}
	li, err := ReadOFAC(OFACFiles{
		SDN: files[0], Alt: files[1], Comments: files[2],
		SDNName: filepath.Base(paths[0]), AltName: "alt.csv", CommentsName: "sdn_comments.csv",
	})
	if err != nil {
		return ListImport{}, err
	}
	all := sha256.New()
	var names []string
	for i, p := range paths {
		if files[i] == nil {
			continue
		}
		fmt.Fprintf(all, "%s %x\n", filepath.Base(p), hashes[i].Sum(nil))
		names = append(names, filepath.Base(p))
	}
	li.SHA256 = hex.EncodeToString(all.Sum(nil))
	li.Source = strings.Join(names, "+")
	return li, nil
}
