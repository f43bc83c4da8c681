package output

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/rampart-tt/rampart"
)

// Formats are the names accepted by New.
var Formats = []string{"jsonl", "table", "csv"}

// FindingWriter writes findings one at a time; Close flushes.
type FindingWriter interface {
	Write(f *rampart.Finding) error
	Close() error
}

// New returns a writer for the named format.
func New(format string, w io.Writer) (FindingWriter, error) {
	switch format {
	case "jsonl", "":
		bw := bufio.NewWriterSize(w, 64<<10)
		return &jsonlWriter{bw: bw, enc: json.NewEncoder(bw)}, nil
	case "table":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ACTION\tSCORE\tPLATFORM\tKIND\tID\tACCOUNT\tGROUPS\tRULE\tEVIDENCE")
		return &tableWriter{tw: tw}, nil
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(csvHeader); err != nil {
			return nil, err
		}
		return &csvWriter{cw: cw}, nil
	}
	return nil, rampart.Errorf(rampart.EINVALID, "unknown output format %q: want one of %s", format, strings.Join(Formats, ", "))
}

type jsonlWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

func (w *jsonlWriter) Write(f *rampart.Finding) error { return w.enc.Encode(f) }
func (w *jsonlWriter) Close() error                   { return w.bw.Flush() }

type tableWriter struct{ tw *tabwriter.Writer }

func (w *tableWriter) Write(f *rampart.Finding) error {
	_, err := fmt.Fprintf(w.tw, "%s\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		f.Action, f.Score, f.Platform, f.Kind, clip(f.ID, 24), clip(f.AccountID, 20),
		strings.Join(Groups(f), ","), dash(f.Rule), clip(firstEvidence(f), 40))
	return err
}
func (w *tableWriter) Close() error { return w.tw.Flush() }

var csvHeader = []string{"platform", "kind", "id", "account_id", "action", "score", "rule", "reason", "basis",
	"groups", "entities", "detectors", "evidence", "policy_version", "registry_version"}

type csvWriter struct{ cw *csv.Writer }

func (w *csvWriter) Write(f *rampart.Finding) error {
	var ents, dets []string
	for _, s := range f.Signals {
		if s.Entity != "" && !slices.Contains(ents, s.Entity) {
			ents = append(ents, s.Entity)
		}
		if !slices.Contains(dets, s.Detector) {
			dets = append(dets, s.Detector)
		}
	}
	return w.cw.Write([]string{f.Platform, f.Kind, f.ID, f.AccountID, string(f.Action),
		strconv.FormatFloat(f.Score, 'f', 4, 64), f.Rule, f.Reason, f.Basis,
		strings.Join(Groups(f), ";"), strings.Join(ents, ";"), strings.Join(dets, ";"),
		firstEvidence(f), f.Versions.Policy, f.Versions.Registry})
}

func (w *csvWriter) Close() error { w.cw.Flush(); return w.cw.Error() }

// Groups lists the designated groups a finding's signals name, sorted.
func Groups(f *rampart.Finding) []string {
	var gs []string
	for _, s := range f.Signals {
		if s.Group != "" && !slices.Contains(gs, s.Group) {
			gs = append(gs, s.Group)
		}
	}
	slices.Sort(gs)
	return gs
}

func firstEvidence(f *rampart.Finding) string {
	for _, s := range f.Signals {
		for _, e := range s.Evidence {
			return e.Field + ": " + strings.ReplaceAll(e.Text, "\n", " ")
		}
	}
	return ""
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
