package designation

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/rampart-tt/rampart"
)

// Finder is what Evaluate measures: anything that finds mentions of
// designated entities in one field of an item. The matcher's *Matcher is one.
type Finder interface {
	Find(field, text string) []rampart.Mention
}

// EvalCase is one line of an evaluation set (testdata/eval/mentions_v1.jsonl):
// a text as it appears in one field, its language, and the group ids a
// matcher must report for it. An empty Expect marks a hard negative.
type EvalCase struct {
	Text   string   `json:"text"`
	Field  string   `json:"field"`
	Lang   string   `json:"lang"`
	Expect []string `json:"expect"`
	Note   string   `json:"note,omitempty"`
}

// Fields and languages an evaluation line may name. They are closed sets so
// that a typo ("roman_ur") fails loudly instead of opening a new bucket in
// the per-language breakdown.
var (
	evalFields = []string{"text", "handle", "name", "hashtag", "bio"}
	evalLangs  = []string{"en", "ur", "roman-ur", "ps", "ar", "bal"}
)

// maxEvalLine bounds one JSONL line; evaluation lines are short texts.
const maxEvalLine = 1 << 20

// EvalCounts are micro-averaged counts over (line, group) pairs: a group
// expected and found is a true positive, found but not expected a false
// positive, expected but not found a false negative.
type EvalCounts struct {
	Lines          int     `json:"lines"`
	TruePositives  int     `json:"true_positives"`
	FalsePositives int     `json:"false_positives"`
	FalseNegatives int     `json:"false_negatives"`
	Precision      float64 `json:"precision"`
	Recall         float64 `json:"recall"`
	F1             float64 `json:"f1"`
}

// EvalMistake is one line a matcher got wrong. Groups lists the groups it
// missed (in Misses) or reported wrongly (in FalsePositives).
type EvalMistake struct {
	Line     int      `json:"line"`
	Text     string   `json:"text"`
	Field    string   `json:"field"`
	Lang     string   `json:"lang"`
	Expected []string `json:"expected"`
	Got      []string `json:"got"`
	Groups   []string `json:"groups"`
	Note     string   `json:"note,omitempty"`
}

// EvalResult is the outcome of Evaluate: overall counts, the same per
// language, and every mistake with its line number.
type EvalResult struct {
	Overall        EvalCounts            `json:"overall"`
	ByLang         map[string]EvalCounts `json:"by_lang"`
	Misses         []EvalMistake         `json:"misses"`
	FalsePositives []EvalMistake         `json:"false_positives"`
}

// Evaluate runs m over every line of an evaluation set read from r and
// scores it. Each line is a JSON EvalCase; blank lines are skipped. Scoring
// compares the set of Mention.Group values m returns for a line with the
// line's Expect set, so reporting one group twice, or through two entities
// of the same group, counts once. Precision is 1 when m reported nothing and
// recall is 1 when nothing was expected, so that an all-negative slice (for
// example one language's hard negatives) is not scored as a failure.
//
// A malformed line stops the evaluation with an error naming the line.
func Evaluate(m Finder, r io.Reader) (EvalResult, error) {
	cases, err := ReadEvalCases(r)
	if err != nil {
		return EvalResult{}, err
	}
	res := EvalResult{ByLang: make(map[string]EvalCounts)}
	for _, c := range cases {
		got := mentionGroups(m.Find(c.Case.Field, c.Case.Text))
		want := uniqueSorted(c.Case.Expect)
		missed := difference(want, got)
		extra := difference(got, want)
		tp := len(want) - len(missed)

		lang := res.ByLang[c.Case.Lang]
		for _, k := range []*EvalCounts{&res.Overall, &lang} {
			k.Lines++
			k.TruePositives += tp
			k.FalsePositives += len(extra)
			k.FalseNegatives += len(missed)
		}
		res.ByLang[c.Case.Lang] = lang

		mistake := EvalMistake{
			Line: c.Line, Text: c.Case.Text, Field: c.Case.Field, Lang: c.Case.Lang,
			Expected: want, Got: got, Note: c.Case.Note,
		}
		if len(missed) > 0 {
			mk := mistake
			mk.Groups = missed
			res.Misses = append(res.Misses, mk)
		}
		if len(extra) > 0 {
			mk := mistake
			mk.Groups = extra
			res.FalsePositives = append(res.FalsePositives, mk)
		}
	}
	res.Overall.score()
	for l, k := range res.ByLang {
		k.score()
		res.ByLang[l] = k
	}
	return res, nil
}

// NumberedEvalCase is an EvalCase with the 1-based line it was read from.
type NumberedEvalCase struct {
	Line int
	Case EvalCase
}

// ReadEvalCases parses an evaluation set without running anything, so a test
// can check the set itself (for example that every expected id is a group of
// the registry). Errors name the line and the problem.
func ReadEvalCases(r io.Reader) ([]NumberedEvalCase, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var out []NumberedEvalCase
	for n := 1; ; n++ {
		line, err := readLine(br)
		if errors.Is(err, io.EOF) && line == nil {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("eval: line %d: %w", n, err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		c, perr := parseEvalLine(line)
		if perr != nil {
			return nil, fmt.Errorf("eval: line %d: %w", n, perr)
		}
		out = append(out, NumberedEvalCase{Line: n, Case: c})
	}
	if len(out) == 0 {
		return nil, errors.New("eval: no cases in input; want one JSON object per line")
	}
	return out, nil
}

// readLine returns one line without its terminator. It returns io.EOF with a
// nil line at the end of input, and an error for a line over maxEvalLine.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxEvalLine {
			return nil, fmt.Errorf("line longer than %d bytes", maxEvalLine)
		}
		switch {
		case err == nil:
			return bytes.TrimRight(buf, "\r\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(buf) == 0 {
				return nil, io.EOF
			}
			return bytes.TrimRight(buf, "\r\n"), nil
		default:
			return nil, fmt.Errorf("read: %w", err)
		}
	}
}

func parseEvalLine(line []byte) (EvalCase, error) {
	if !utf8.Valid(line) {
		return EvalCase{}, errors.New("invalid UTF-8; save the file as UTF-8")
	}
	// Decode into raw fields first so that a missing "expect" (a line the
	// author forgot to label) differs from an empty one (a hard negative).
	var raw struct {
		Text   *string   `json:"text"`
		Field  *string   `json:"field"`
		Lang   *string   `json:"lang"`
		Expect *[]string `json:"expect"`
		Note   string    `json:"note"`
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return EvalCase{}, fmt.Errorf("not a JSON evaluation object: %w", err)
	}
	if dec.More() {
		return EvalCase{}, errors.New("more than one JSON value on the line")
	}
	switch {
	case raw.Text == nil || strings.TrimSpace(*raw.Text) == "":
		return EvalCase{}, errors.New(`$.text: missing or empty`)
	case raw.Field == nil:
		return EvalCase{}, fmt.Errorf(`$.field: missing; want one of %s`, strings.Join(evalFields, ", "))
	case !slices.Contains(evalFields, *raw.Field):
		return EvalCase{}, fmt.Errorf(`$.field: %q; want one of %s`, *raw.Field, strings.Join(evalFields, ", "))
	case raw.Lang == nil:
		return EvalCase{}, fmt.Errorf(`$.lang: missing; want one of %s`, strings.Join(evalLangs, ", "))
	case !slices.Contains(evalLangs, *raw.Lang):
		return EvalCase{}, fmt.Errorf(`$.lang: %q; want one of %s`, *raw.Lang, strings.Join(evalLangs, ", "))
	case raw.Expect == nil:
		return EvalCase{}, errors.New(`$.expect: missing; use [] for a hard negative`)
	}
	seen := make(map[string]bool, len(*raw.Expect))
	for i, g := range *raw.Expect {
		if strings.TrimSpace(g) == "" {
			return EvalCase{}, fmt.Errorf("$.expect[%d]: empty group id", i)
		}
		if seen[g] {
			return EvalCase{}, fmt.Errorf("$.expect[%d]: group %q listed twice", i, g)
		}
		seen[g] = true
	}
	return EvalCase{Text: *raw.Text, Field: *raw.Field, Lang: *raw.Lang, Expect: *raw.Expect, Note: raw.Note}, nil
}

func (k *EvalCounts) score() {
	k.Precision = ratio(k.TruePositives, k.TruePositives+k.FalsePositives)
	k.Recall = ratio(k.TruePositives, k.TruePositives+k.FalseNegatives)
	if k.Precision+k.Recall > 0 {
		k.F1 = 2 * k.Precision * k.Recall / (k.Precision + k.Recall)
	}
}

// ratio is a/b, and 1 for 0/0: nothing claimed is nothing wrong.
func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func mentionGroups(ms []rampart.Mention) []string {
	gs := make([]string, 0, len(ms))
	for _, m := range ms {
		gs = append(gs, m.Group)
	}
	return uniqueSorted(gs)
}

func uniqueSorted(s []string) []string {
	out := slices.Clone(s)
	if out == nil {
		out = []string{}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// difference returns the elements of a (sorted, unique) not in b.
func difference(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			out = append(out, x)
		}
	}
	return out
}

// Summary renders the result as a short plain-text report: overall and
// per-language precision and recall, then every mistake with its line.
func (r EvalResult) Summary() string {
	var b strings.Builder
	line := func(name string, k EvalCounts) {
		fmt.Fprintf(&b, "%-9s lines=%-4d tp=%-4d fp=%-4d fn=%-4d P=%.3f R=%.3f F1=%.3f\n",
			name, k.Lines, k.TruePositives, k.FalsePositives, k.FalseNegatives, k.Precision, k.Recall, k.F1)
	}
	line("overall", r.Overall)
	langs := make([]string, 0, len(r.ByLang))
	for l := range r.ByLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		line(l, r.ByLang[l])
	}
	for _, m := range r.Misses {
		fmt.Fprintf(&b, "miss  line %d [%s/%s] missed %v (got %v): %q\n", m.Line, m.Lang, m.Field, m.Groups, m.Got, m.Text)
	}
	for _, m := range r.FalsePositives {
		fmt.Fprintf(&b, "false line %d [%s/%s] wrongly %v (expected %v): %q\n", m.Line, m.Lang, m.Field, m.Groups, m.Expected, m.Text)
	}
	return b.String()
}
