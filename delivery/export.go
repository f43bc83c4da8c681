package delivery

import (
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/rampart-tt/rampart"
)

// PackageFormat names the export package layout.
const PackageFormat = "rampart-export/1"

// Package is everything sent to one platform, for hand-over where no
// webhook is set up: the records in full (JSON), one row per item (CSV)
// and a printable summary (HTML).
type Package struct {
	Format        string                 `json:"format"`
	Platform      string                 `json:"platform"`
	GeneratedAt   time.Time              `json:"generated_at"`
	Referrals     []rampart.Referral     `json:"referrals"`
	Orders        []rampart.Order        `json:"orders"`
	Preservations []rampart.Preservation `json:"preservations"`
}

// NewPackage keeps the records of one platform; records of others are
// left out, so that a package never leaks another platform's items.
func NewPackage(platform string, at time.Time, refs []rampart.Referral, ords []rampart.Order, pres []rampart.Preservation) Package {
	p := Package{Format: PackageFormat, Platform: platform, GeneratedAt: at.UTC(),
		Referrals: []rampart.Referral{}, Orders: []rampart.Order{}, Preservations: []rampart.Preservation{}}
	for _, r := range refs {
		if r.Platform == platform {
			p.Referrals = append(p.Referrals, r)
		}
	}
	for _, o := range ords {
		if o.Platform == platform {
			p.Orders = append(p.Orders, o)
		}
	}
	for _, x := range pres {
		if x.Platform == platform {
			p.Preservations = append(p.Preservations, x)
		}
	}
	return p
}

// WriteJSON writes the package as indented JSON.
func (p Package) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return fmt.Errorf("write package json: %w", err)
	}
	return nil
}

// csvHeader names the CSV columns: one row per item.
var csvHeader = []string{"kind", "id", "status", "reference", "legal_basis", "deadline", "item",
	"subject_kind", "subject_id", "url", "action", "outcome", "reason"}

// row is one CSV line.
type row struct {
	kind, reference, basis string
	id                     int64
	status                 rampart.RequestStatus
	deadline               time.Time
	items                  []rampart.RequestItem
}

func (p Package) rows() []row {
	var out []row
	for _, r := range p.Referrals {
		out = append(out, row{kind: "referral", id: r.ID, status: r.Status, basis: r.Terms, items: r.Items})
	}
	for _, o := range p.Orders {
		out = append(out, row{kind: "order", id: o.ID, status: o.Status, reference: o.ReferenceNumber, basis: o.LegalBasis, deadline: o.Deadline, items: o.Items})
	}
	for _, x := range p.Preservations {
		out = append(out, row{kind: "preservation:" + string(x.Kind), id: x.ID, status: x.Status, reference: x.Reference, basis: string(x.Process), deadline: x.PreserveUntil, items: x.Items})
	}
	return out
}

// WriteCSV writes one row per item. Cells that a spreadsheet would run as
// a formula (leading = + - @) are prefixed with a quote, since ids and
// reasons come from outside.
func (p Package) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("write package csv: %w", err)
	}
	for _, r := range p.rows() {
		deadline := ""
		if !r.deadline.IsZero() {
			deadline = r.deadline.UTC().Format(time.RFC3339)
		}
		for i, it := range r.items {
			rec := []string{r.kind, strconv.FormatInt(r.id, 10), string(r.status), r.reference, r.basis, deadline, strconv.Itoa(i),
				it.Subject.Kind, it.Subject.ID, it.URL, string(it.Action), string(it.Outcome), it.Reason}
			for j := range rec {
				rec[j] = defuse(rec[j])
			}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("write package csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write package csv: %w", err)
	}
	return nil
}

// defuse guards against CSV formula injection (OWASP).
func defuse(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

//go:embed summary.html.tmpl
var templates embed.FS

var summary = template.Must(template.New("summary.html.tmpl").Funcs(template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04 MST")
	},
	"counts": func(items []rampart.RequestItem) map[string]int {
		m := map[string]int{}
		for _, it := range items {
			o := string(it.Outcome)
			if o == "" {
				o = "pending"
			}
			m[o]++
		}
		return m
	},
}).ParseFS(templates, "summary.html.tmpl"))

// WriteHTML writes a printable summary; html/template escapes every value.
func (p Package) WriteHTML(w io.Writer) error {
	if err := summary.Execute(w, p); err != nil {
		return fmt.Errorf("write package html: %w", err)
	}
	return nil
}

// WriteDir writes <platform>.json, <platform>.csv and <platform>.html into
// dir and returns their paths.
func (p Package) WriteDir(dir string) ([]string, error) {
	if !validKey(p.Platform) {
		return nil, fmt.Errorf("write package: platform %q cannot name a file", p.Platform)
	}
	var paths []string
	for _, f := range []struct {
		ext   string
		write func(io.Writer) error
	}{{".json", p.WriteJSON}, {".csv", p.WriteCSV}, {".html", p.WriteHTML}} {
		path := filepath.Join(dir, p.Platform+f.ext)
		out, err := os.Create(path)
		if err != nil {
			return paths, fmt.Errorf("write package: %w", err)
		}
		werr := f.write(out)
		if err := out.Close(); werr == nil {
			werr = err
		}
		if werr != nil {
			return paths, fmt.Errorf("write package %s: %w", path, werr)
		}
		paths = append(paths, path)
	}
	return paths, nil
}
