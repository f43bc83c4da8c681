package classify

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteText renders the report as plain-text tables for a terminal.
func (r *EvalReport) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	if r.Model != "" {
		p("model\t%s\n", r.Model)
	}
	p("items\t%d\naccuracy\t%.3f\nmacro-F1\t%.3f\nECE (15 bins)\t%.3f\n\n", r.N, r.Accuracy, r.MacroF1, r.ECE)
	p("label\tprecision\trecall\tF1\tsupport\tpredicted\n")
	for _, c := range r.Classes {
		p("%s\t%.3f\t%.3f\t%.3f\t%d\t%d\n", c.Label, c.Precision, c.Recall, c.F1, c.Support, c.Predicted)
	}
	p("\nconfusion (rows true, columns predicted)\n")
	p("\t%s\n", strings.Join(Labels[:], "\t"))
	for i, row := range r.Confusion {
		cells := make([]string, len(row))
		for j, v := range row {
			cells[j] = fmt.Sprint(v)
		}
		p("%s\t%s\n", Labels[i], strings.Join(cells, "\t"))
	}
	h := r.Headline
	p("\nheadline\n")
	p("lawful (reporting, counter-speech, activism) labelled propaganda/recruitment\t%d/%d\t%.1f%%\n", h.LawfulLabelled, h.Lawful, 100*h.LawfulLabelRate)
	p("lawful flagged (label and threshold)\t%d/%d\t%.1f%%\n", h.LawfulFlagged, h.Lawful, 100*h.LawfulFlagRate)
	p("activism flagged\t%d/%d\t%.1f%%\n", h.ActivismFlagged, h.Activism, 100*h.ActivismFlagRate)
	p("propaganda+recruitment recall, labelled\t%d/%d\t%.1f%%\n", h.HarmfulLabelled, h.Harmful, 100*h.RecallLabelled)
	p("propaganda+recruitment recall, flagged\t%d/%d\t%.1f%%\n", h.HarmfulFlagged, h.Harmful, 100*h.RecallFlagged)
	if len(r.Slices) > 0 {
		p("\nfield\tvalue\tn\tmacro-F1\tlawful→harmful\tlawful flagged\tactivism flagged\trecall labelled\trecall flagged\n")
		for _, s := range r.Slices {
			h := s.Headline
			p("%s\t%s\t%d\t%.3f\t%s\t%s\t%s\t%s\t%s\n", s.Field, s.Value, s.N, s.MacroF1,
				frac(h.LawfulLabelled, h.Lawful), frac(h.LawfulFlagged, h.Lawful), frac(h.ActivismFlagged, h.Activism),
				frac(h.HarmfulLabelled, h.Harmful), frac(h.HarmfulFlagged, h.Harmful))
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func frac(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d %.1f%%", a, b, 100*float64(a)/float64(b))
}
