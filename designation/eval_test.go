package designation_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/designation"
)

// evalFinder answers from a table keyed by field and text, so that Evaluate's
// scoring can be checked without a real matcher.
type evalFinder map[string][]rampart.Mention

func (f evalFinder) Find(field, text string) []rampart.Mention { return f[field+"|"+text] }

func evalMention(entity, group string) rampart.Mention {
	return rampart.Mention{Entity: entity, Group: group, Method: rampart.MethodExact}
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		finder evalFinder
		want   designation.EvalResult
	}{
		{
			name: "perfect",
			input: `{"text": "TTP claims", "field": "text", "lang": "en", "expect": ["ttp"]}
{"text": "let's go", "field": "text", "lang": "en", "expect": []}
`,
			finder: evalFinder{"text|TTP claims": {evalMention("ttp", "ttp")}},
			want: designation.EvalResult{
				Overall: designation.EvalCounts{Lines: 2, TruePositives: 1, Precision: 1, Recall: 1, F1: 1},
				ByLang:  map[string]designation.EvalCounts{"en": {Lines: 2, TruePositives: 1, Precision: 1, Recall: 1, F1: 1}},
			},
		},
		{
			name: "miss, false positive and duplicate mentions",
			input: `{"text": "Umar Media", "field": "name", "lang": "en", "expect": ["ttp"]}
{"text": "BLA and BLF", "field": "text", "lang": "en", "expect": ["bla", "blf"]}

{"text": "لشکر جرار", "field": "text", "lang": "ur", "expect": [], "note": "idiom"}
`,
			finder: evalFinder{
				// Two entities of one group count as one (line, group) pair.
				"name|Umar Media":  {evalMention("ttp-umar-media", "ttp"), evalMention("ttp", "ttp")},
				"text|BLA and BLF": {evalMention("bla", "bla")},
				"text|لشکر جرار":   {evalMention("let", "let")},
			},
			want: designation.EvalResult{
				Overall: designation.EvalCounts{Lines: 3, TruePositives: 2, FalsePositives: 1, FalseNegatives: 1,
					Precision: 2.0 / 3, Recall: 2.0 / 3, F1: 2.0 / 3},
				ByLang: map[string]designation.EvalCounts{
					"en": {Lines: 2, TruePositives: 2, FalseNegatives: 1, Precision: 1, Recall: 2.0 / 3, F1: 0.8},
					"ur": {Lines: 1, FalsePositives: 1, Precision: 0, Recall: 1, F1: 0},
				},
				Misses: []designation.EvalMistake{{
					Line: 2, Text: "BLA and BLF", Field: "text", Lang: "en",
					Expected: []string{"bla", "blf"}, Got: []string{"bla"}, Groups: []string{"blf"},
				}},
				FalsePositives: []designation.EvalMistake{{
					Line: 4, Text: "لشکر جرار", Field: "text", Lang: "ur",
					Expected: []string{}, Got: []string{"let"}, Groups: []string{"let"}, Note: "idiom",
				}},
			},
		},
		{
			name:   "nothing found, nothing expected",
			input:  `{"text": "bla bla", "field": "text", "lang": "roman-ur", "expect": []}` + "\r\n",
			finder: evalFinder{},
			want: designation.EvalResult{
				Overall: designation.EvalCounts{Lines: 1, Precision: 1, Recall: 1, F1: 1},
				ByLang:  map[string]designation.EvalCounts{"roman-ur": {Lines: 1, Precision: 1, Recall: 1, F1: 1}},
			},
		},
		{
			name:   "everything missed",
			input:  `{"text": "#JeM", "field": "hashtag", "lang": "en", "expect": ["jem"]}`,
			finder: evalFinder{},
			want: designation.EvalResult{
				Overall: designation.EvalCounts{Lines: 1, FalseNegatives: 1, Precision: 1, Recall: 0, F1: 0},
				ByLang:  map[string]designation.EvalCounts{"en": {Lines: 1, FalseNegatives: 1, Precision: 1}},
				Misses: []designation.EvalMistake{{
					Line: 1, Text: "#JeM", Field: "hashtag", Lang: "en",
					Expected: []string{"jem"}, Got: []string{}, Groups: []string{"jem"},
				}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := designation.Evaluate(tt.finder, strings.NewReader(tt.input))
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-9), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Evaluate mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluateErrors(t *testing.T) {
	good := `{"text": "TTP", "field": "text", "lang": "en", "expect": ["ttp"]}` + "\n"
	tests := []struct {
		name    string
		input   string
		wantErr string
	}{
		{"empty input", "", "no cases"},
		{"only blank lines", "\n\n  \n", "no cases"},
		{"not json", good + "TTP claims\n", "line 2: not a JSON evaluation object"},
		{"unknown field", `{"text": "x", "field": "text", "lang": "en", "expect": [], "expected": []}`, `line 1: not a JSON evaluation object: json: unknown field "expected"`},
		{"missing expect", good + good + `{"text": "x", "field": "text", "lang": "en"}`, "line 3: $.expect: missing; use [] for a hard negative"},
		{"bad lang", `{"text": "x", "field": "text", "lang": "roman_ur", "expect": []}`, `line 1: $.lang: "roman_ur"; want one of en, ur, roman-ur, ps, ar, bal`},
		{"missing field", `{"text": "x", "lang": "en", "expect": []}`, "line 1: $.field: missing"},
		{"bad field", `{"text": "x", "field": "body", "lang": "en", "expect": []}`, `line 1: $.field: "body"`},
		{"empty text", `{"text": " ", "field": "text", "lang": "en", "expect": []}`, "line 1: $.text: missing or empty"},
		{"duplicate group", `{"text": "x", "field": "text", "lang": "en", "expect": ["ttp", "ttp"]}`, `line 1: $.expect[1]: group "ttp" listed twice`},
		{"empty group", `{"text": "x", "field": "text", "lang": "en", "expect": [""]}`, "line 1: $.expect[0]: empty group id"},
		{"two values", `{"text": "x", "field": "text", "lang": "en", "expect": []} {}`, "line 1: more than one JSON value"},
		{"invalid utf8", "{\"text\": \"\xff\", \"field\": \"text\", \"lang\": \"en\", \"expect\": []}", "line 1: invalid UTF-8"},
		{"expect not a list", `{"text": "x", "field": "text", "lang": "en", "expect": "ttp"}`, "line 1: not a JSON evaluation object"},
		{"line too long", `{"text": "` + strings.Repeat("a", 1<<20) + `", "field": "text", "lang": "en", "expect": []}`, "line 1: line longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := designation.Evaluate(evalFinder{}, strings.NewReader(tt.input))
			if err == nil {
				t.Fatalf("Evaluate(%q) succeeded; want error containing %q", tt.input, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Evaluate error = %q; want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestEvalSummary(t *testing.T) {
	res, err := designation.Evaluate(evalFinder{"text|let's go": {evalMention("let", "let")}},
		strings.NewReader(`{"text": "let's go", "field": "text", "lang": "en", "expect": []}
{"text": "#TTP", "field": "hashtag", "lang": "en", "expect": ["ttp"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := `overall   lines=2    tp=0    fp=1    fn=1    P=0.000 R=0.000 F1=0.000
en        lines=2    tp=0    fp=1    fn=1    P=0.000 R=0.000 F1=0.000
miss  line 2 [en/hashtag] missed [ttp] (got []): "#TTP"
false line 1 [en/text] wrongly [let] (expected []): "let's go"
`
	if diff := cmp.Diff(want, res.Summary()); diff != "" {
		t.Errorf("Summary mismatch (-want +got):\n%s", diff)
	}
}

// FuzzReadEvalCases checks that no input makes the evaluation reader panic,
// and that what it accepts is well formed.
func FuzzReadEvalCases(f *testing.F) {
	f.Add(`{"text": "TTP", "field": "text", "lang": "en", "expect": ["ttp"]}`)
	f.Add(`{"text": "let's", "field": "text", "lang": "en", "expect": []}` + "\n\n")
	f.Add(`{"text": "x", "field": "bio", "lang": "bal", "expect": ["a", "b"], "note": "n"}` + "\r\n{}")
	f.Add("{\"text\": \"\xff\"}")
	f.Add(`[1, 2]`)
	f.Fuzz(func(t *testing.T, in string) {
		cases, err := designation.ReadEvalCases(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, c := range cases {
			if c.Line < 1 || strings.TrimSpace(c.Case.Text) == "" || c.Case.Expect == nil {
				t.Fatalf("accepted malformed case %+v", c)
			}
		}
	})
}
