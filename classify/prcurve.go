package classify

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// PRCurve is a precision-recall curve of one score against one target.
type PRCurve struct {
	Name string `json:"name"`
	// Points run from the highest threshold to the lowest; one per distinct
	// score.
	Points []PRPoint `json:"points"`
	// AP is average precision: Σ (R_k − R_{k−1}) P_k over the points.
	AP float64 `json:"average_precision"`
}

// PRPoint is precision and recall when items scoring >= Threshold are
// called positive.
type PRPoint struct {
	Threshold float64 `json:"threshold"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
}

// prCurves returns curves for propaganda, recruitment, and the two together
// (score p(propaganda)+p(recruitment) against either label).
func prCurves(probs [][NumLabels]float64, y []int) []PRCurve {
	score := func(f func(p *[NumLabels]float64) float64, pos func(int) bool, name string) PRCurve {
		s := make([]float64, len(probs))
		t := make([]bool, len(probs))
		for i := range probs {
			s[i] = f(&probs[i])
			t[i] = pos(y[i])
		}
		return PR(name, s, t)
	}
	return []PRCurve{
		score(func(p *[NumLabels]float64) float64 { return p[idxPropaganda] }, func(c int) bool { return c == idxPropaganda }, LabelPropaganda),
		score(func(p *[NumLabels]float64) float64 { return p[idxRecruitment] }, func(c int) bool { return c == idxRecruitment }, LabelRecruitment),
		score(func(p *[NumLabels]float64) float64 { return p[idxPropaganda] + p[idxRecruitment] }, harmful, "propaganda+recruitment"),
	}
}

// PR computes the precision-recall curve of scores against positive labels.
func PR(name string, scores []float64, positive []bool) PRCurve {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	npos := 0
	for _, p := range positive {
		if p {
			npos++
		}
	}
	c := PRCurve{Name: name}
	if npos == 0 {
		return c
	}
	tp, fp := 0, 0
	prevR := 0.0
	for k, i := range idx {
		if positive[i] {
			tp++
		} else {
			fp++
		}
		// Emit a point only after the last item of a run of equal scores.
		if k+1 < len(idx) && scores[idx[k+1]] == scores[i] {
			continue
		}
		pt := PRPoint{Threshold: scores[i], Precision: float64(tp) / float64(tp+fp), Recall: float64(tp) / float64(npos)}
		c.AP += (pt.Recall - prevR) * pt.Precision
		prevR = pt.Recall
		c.Points = append(c.Points, pt)
	}
	return c
}

// WritePRSVG draws precision-recall curves as a standalone SVG image.
func WritePRSVG(w io.Writer, title string, curves []PRCurve) error {
	const (
		width, height = 640, 480
		left, right   = 70, 20
		top, bottom   = 40, 60
		pw, ph        = width - left - right, height - top - bottom
	)
	colours := []string{"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="24" font-size="15" text-anchor="middle">%s</text>`+"\n", width/2, xmlEscape(title))
	x := func(r float64) float64 { return left + r*pw }
	y := func(p float64) float64 { return top + (1-p)*ph }
	for i := 0; i <= 10; i++ {
		v := float64(i) / 10
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`+"\n", x(v), top, x(v), top+ph)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`+"\n", left, y(v), left+pw, y(v))
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%.1f</text>`+"\n", x(v), top+ph+18, v)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%.1f</text>`+"\n", left-6, y(v)+4, v)
	}
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>`+"\n", left, top, pw, ph)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">recall</text>`+"\n", left+pw/2, height-16)
	fmt.Fprintf(&b, `<text x="18" y="%d" text-anchor="middle" transform="rotate(-90 18 %d)">precision</text>`+"\n", top+ph/2, top+ph/2)
	for i, c := range curves {
		col := colours[i%len(colours)]
		if len(c.Points) > 0 {
			b.WriteString(`<polyline fill="none" stroke-width="2" stroke="` + col + `" points="`)
			// Step from (0, first precision) so the curve starts at the axis.
			fmt.Fprintf(&b, "%.1f,%.1f", x(0), y(c.Points[0].Precision))
			for _, p := range c.Points {
				if math.IsNaN(p.Precision) || math.IsNaN(p.Recall) {
					continue
				}
				fmt.Fprintf(&b, " %.1f,%.1f", x(p.Recall), y(p.Precision))
			}
			b.WriteString(`"/>` + "\n")
		}
		ly := top + ph - 16*(len(curves)-i)
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>`+"\n", left+12, ly-4, left+32, ly-4, col)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s (AP %.3f)</text>`+"\n", left+38, ly, xmlEscape(c.Name), c.AP)
	}
	b.WriteString("</svg>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write svg: %w", err)
	}
	return nil
}

func xmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}
