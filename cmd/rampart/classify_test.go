package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rampart-tt/rampart/classify"
)

// trainSmall trains a small, quick model on the constructed corpus.
func trainSmall(t *testing.T, out string) string {
	t.Helper()
	return mustRun(t, "classify", "train", "--data", "constructed", "--out", out, "--seed", "1",
		"--date", "2026-01-01", "--buckets", "14", "--epochs", "2")
}

func TestClassifyTrainIsReproducible(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a", "small.rmodel"), filepath.Join(dir, "b", "small.rmodel")
	for _, d := range []string{filepath.Dir(a), filepath.Dir(b)} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	outA := trainSmall(t, a)
	trainSmall(t, b)
	ba, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	bb, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ba, bb) {
		t.Errorf("same command, same seed and date gave different model files (%d and %d bytes)", len(ba), len(bb))
	}
	m, err := classify.LoadFile(a)
	if err != nil {
		t.Fatalf("the trained model does not load: %v", err)
	}
	wantHead := "model " + a + ": " + m.Version() + ", " + strconv.Itoa(len(ba)) + " bytes\n"
	if !strings.HasPrefix(outA, wantHead) {
		t.Errorf("summary starts %q, want %q", outA, wantHead)
	}
	meta := m.Meta()
	if !strings.Contains(outA, "trained on "+strconv.Itoa(meta.Training.Examples)+" examples, validated on "+strconv.Itoa(meta.Training.Valid)+"\n") {
		t.Errorf("summary does not give the model's example counts %d/%d:\n%s", meta.Training.Examples, meta.Training.Valid, outA)
	}
	for _, re := range []string{
		`(?m)^validation: accuracy 0\.\d{3}, macro-F1 0\.\d{3}, log-loss \d+\.\d{3}, ECE 0\.\d{3}, temperature \d+\.\d{3}$`,
		`(?m)^thresholds: propaganda 0\.\d{3}, recruitment 0\.\d{3} \(lawful flagged \d+\.\d%, propaganda\+recruitment recall \d+\.\d%\)$`,
	} {
		if !regexp.MustCompile(re).MatchString(outA) {
			t.Errorf("summary does not match %s:\n%s", re, outA)
		}
	}
}

func TestClassifyTrainUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "m.rmodel")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no data", []string{"classify", "train", "--out", out}, exitUsage, "--data"},
		{"no out", []string{"classify", "train", "--data", "constructed"}, exitUsage, "--out"},
		{"bad date", []string{"classify", "train", "--data", "constructed", "--out", out, "--date", "29/11/2026"}, exitUsage, "--date"},
		{"bad buckets", []string{"classify", "train", "--data", "constructed", "--out", out, "--buckets", "3"}, exitUsage, "3"},
		{"bad seed", []string{"classify", "train", "--data", "constructed", "--out", out, "--seed", "-1"}, exitUsage, "--seed"},
		{"missing data file", []string{"classify", "train", "--data", filepath.Join(dir, "none.jsonl"), "--out", out}, exitFatal, "none.jsonl"},
		{"bad data line", []string{"classify", "train", "--data", "testdata/mixed.jsonl", "--out", out}, exitFatal, "mixed.jsonl"},
	}
	for _, tc := range tests {
		r := runCLI(t, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d (want %d), stderr %q (want it to name %q)", tc.name, r.code, tc.code, r.stderr, tc.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed train left a model file (stat: %v)", err)
	}
}

// evalReport is the part of classify eval --json the tests read.
type evalReport struct {
	Model     string  `json:"model"`
	N         int     `json:"n"`
	Accuracy  float64 `json:"accuracy"`
	MacroF1   float64 `json:"macro_f1"`
	Confusion [][]int `json:"confusion"`
	Classes   []struct {
		Label   string  `json:"label"`
		F1      float64 `json:"f1"`
		Support int     `json:"support"`
	} `json:"classes"`
}

func TestClassifyEval(t *testing.T) {
	t.Parallel()
	def, err := classify.Default()
	if err != nil {
		t.Fatal(err)
	}
	plot := filepath.Join(t.TempDir(), "pr.svg")
	r := runCLI(t, "", "classify", "eval", "--json", "--plot", plot, "testdata/classify/eval_en.jsonl")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("eval --json: %v\n%s", err, r.stdout)
	}
	if rep.Model != def.Version() || rep.N != 318 {
		t.Errorf("model %s over %d items, want the embedded %s over 318", rep.Model, rep.N, def.Version())
	}
	// Support counts come from the labelled file (docs: eval_en.jsonl).
	wantSupport := map[string]int{"propaganda": 52, "recruitment": 42, "hate": 47, "reporting": 63, "counter_speech": 62, "other": 52}
	diag, total, f1sum := 0, 0, 0.0
	for i, c := range rep.Classes {
		if c.Support != wantSupport[c.Label] {
			t.Errorf("%s: support %d, want %d", c.Label, c.Support, wantSupport[c.Label])
		}
		row := 0
		for j, n := range rep.Confusion[i] {
			row += n
			total += n
			if i == j {
				diag += n
			}
		}
		if row != c.Support {
			t.Errorf("%s: confusion row sums to %d, support is %d", c.Label, row, c.Support)
		}
		f1sum += c.F1
	}
	if total != 318 || math.Abs(rep.Accuracy-float64(diag)/318) > 1e-9 {
		t.Errorf("accuracy %v, confusion diagonal %d of %d", rep.Accuracy, diag, total)
	}
	if math.Abs(rep.MacroF1-f1sum/float64(len(rep.Classes))) > 1e-9 {
		t.Errorf("macro-F1 %v is not the mean of the class F1s (%v)", rep.MacroF1, f1sum/float64(len(rep.Classes)))
	}
	svg, err := os.ReadFile(plot)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg, new(struct{})); err != nil || !bytes.Contains(svg, []byte("<svg")) {
		t.Errorf("--plot did not write SVG (%v)", err)
	}

	// Text form, broken down by language.
	r = runCLI(t, "", "classify", "eval", "--data", "testdata/classify/eval_en.jsonl", "--by", "lang")
	if r.code != exitOK {
		t.Fatalf("text eval: exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"model          " + def.Version(), "items          318", "confusion (rows true, columns predicted)", "\nlang   en     318 "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestClassifyEvalErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no data", []string{"classify", "eval"}, exitUsage, "--data"},
		{"bad --by", []string{"classify", "eval", "--by", "colour", "testdata/classify/eval_en.jsonl"}, exitUsage, `--by "colour"`},
		{"missing model", []string{"classify", "eval", "--model", filepath.Join(dir, "none.rmodel"), "testdata/classify/eval_en.jsonl"}, exitFatal, "none.rmodel"},
		{"model file that is not a model", []string{"classify", "eval", "--model", "testdata/mixed.jsonl", "testdata/classify/eval_en.jsonl"}, exitFatal, "mixed.jsonl"},
		{"missing data", []string{"classify", "eval", filepath.Join(dir, "none.jsonl")}, exitFatal, "none.jsonl"},
	}
	for _, tc := range tests {
		r := runCLI(t, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d (want %d), stderr %q (want it to name %q)", tc.name, r.code, tc.code, r.stderr, tc.want)
		}
	}
}

type predictLine struct {
	Text    *string            `json:"text"`
	Label   string             `json:"label"`
	Probs   map[string]float64 `json:"probs"`
	Flagged bool               `json:"flagged"`
	Top     []struct {
		Feature string  `json:"feature"`
		Weight  float64 `json:"weight"`
	} `json:"top_features"`
}

func decodePredictions(t *testing.T, out string) []predictLine {
	t.Helper()
	var ps []predictLine
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var p predictLine
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("predict output is not JSON lines: %v\n%s", err, out)
		}
		ps = append(ps, p)
	}
	return ps
}

func TestClassifyPredictContract(t *testing.T) {
	t.Parallel()
	texts := []string{"the weather in Peshawar is lovely today", "Umar Media: join the caravan of jihad, brothers, contact us on telegram"}
	r := runCLI(t, strings.Join(texts, "\n")+"\n", "classify", "predict", "--text")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	ps := decodePredictions(t, r.stdout)
	if len(ps) != len(texts) {
		t.Fatalf("%d output lines for %d input lines", len(ps), len(texts))
	}
	labels := []string{"propaganda", "recruitment", "hate", "reporting", "counter_speech", "other"}
	for i, p := range ps {
		if p.Text == nil || *p.Text != texts[i] {
			t.Errorf("line %d: --text echoed %v, want %q", i+1, p.Text, texts[i])
		}
		sum, best, bestP := 0.0, "", -1.0
		for _, l := range labels {
			v, ok := p.Probs[l]
			if !ok || v < 0 || v > 1 {
				t.Errorf("line %d: probs[%s] = %v (present %v)", i+1, l, v, ok)
			}
			sum += v
			if v > bestP {
				best, bestP = l, v
			}
		}
		if len(p.Probs) != len(labels) || math.Abs(sum-1) > 1e-6 {
			t.Errorf("line %d: %d probabilities summing to %v, want 6 summing to 1", i+1, len(p.Probs), sum)
		}
		if p.Label != best {
			t.Errorf("line %d: label %s, but the most probable is %s", i+1, p.Label, best)
		}
		if len(p.Top) == 0 || p.Top[0].Feature == "" {
			t.Errorf("line %d: no top_features", i+1)
		}
	}
	if ps[0].Label != "other" || ps[0].Flagged {
		t.Errorf("everyday talk classified %s (flagged %v), want other and not flagged", ps[0].Label, ps[0].Flagged)
	}

	// --jsonl reads the text field from files; a model file gives the same
	// answers as the same model embedded would, line for line.
	model := filepath.Join(t.TempDir(), "small.rmodel")
	trainSmall(t, model)
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte(`{"id":"1","text":"`+texts[0]+`"}`+"\n\n"+`{"text":"`+texts[1]+`"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fromFile := runCLI(t, "", "classify", "predict", "--model", model, "--jsonl", in)
	fromStdin := runCLI(t, strings.Join(texts, "\n")+"\n", "classify", "predict", "--model", model)
	if fromFile.code != exitOK || fromStdin.code != exitOK {
		t.Fatalf("exits %d and %d: %s %s", fromFile.code, fromStdin.code, fromFile.stderr, fromStdin.stderr)
	}
	if fromFile.stdout != fromStdin.stdout || len(decodePredictions(t, fromFile.stdout)) != 2 {
		t.Errorf("--jsonl file and plain stdin disagree:\n%s\n%s", fromFile.stdout, fromStdin.stdout)
	}
	if strings.Contains(fromFile.stdout, `"text"`) {
		t.Errorf("text echoed without --text:\n%s", fromFile.stdout)
	}
}

func TestClassifyPredictErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"missing text field", `{"id":1}` + "\n", []string{"classify", "predict", "--jsonl"}, exitFatal, "stdin:1: $.text: missing"},
		{"not JSON on line 2", `{"text":"a"}` + "\nnot json\n", []string{"classify", "predict", "--jsonl"}, exitFatal, "stdin:2:"},
		{"bad line in a file", "", []string{"classify", "predict", "--jsonl", "testdata/bank/hma.csv"}, exitFatal, "testdata/bank/hma.csv:1:"},
		{"missing file", "", []string{"classify", "predict", "testdata/none.txt"}, exitFatal, "testdata/none.txt"},
		{"unknown flag", "", []string{"classify", "predict", "--threshold", "0.5"}, exitUsage, "--threshold"},
	}
	for _, tc := range tests {
		r := runCLI(t, tc.stdin, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d (want %d), stderr %q (want it to contain %q)", tc.name, r.code, tc.code, r.stderr, tc.want)
		}
	}
}

func TestClassifyReal(t *testing.T) {
	t.Parallel()
	// The first 600 rows of RUHSOLD task 2 (testdata/classify/README.md).
	r := runCLI(t, "", "classify", "real", "--json", "--set", "ruhsold:testdata/classify/ruhsold_head600.tsv")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var res []struct {
		Task     string   `json:"task"`
		Labels   []string `json:"labels"`
		Train    int      `json:"train"`
		Valid    int      `json:"validation"`
		Test     int      `json:"test"`
		MacroF1  float64  `json:"macro_f1"`
		Majority float64  `json:"majority_class_macro_f1"`
		Classes  []struct {
			Label   string `json:"label"`
			Support int    `json:"support"`
		} `json:"classes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("real --json: %v\n%s", err, r.stdout)
	}
	if len(res) != 1 {
		t.Fatalf("%d results, want 1 (RUHSOLD has one task)", len(res))
	}
	got := res[0]
	if got.Task != "ruhsold" || strings.Join(got.Labels, ",") != "0,1,2,3,4" {
		t.Errorf("task %s labels %v", got.Task, got.Labels)
	}
	// A 70/10/20 split of 600 rows, stratified, so about 120 test rows.
	if got.Train+got.Valid+got.Test != 600 || got.Test < 110 || got.Test > 130 || got.Valid < 50 || got.Valid > 70 {
		t.Errorf("split %d/%d/%d, want about 420/60/120 of 600", got.Train, got.Valid, got.Test)
	}
	// The majority baseline's macro-F1 follows from the test label counts:
	// only the majority class has a non-zero F1, 2p/(p+1) with p its share.
	most := 0
	for _, c := range got.Classes {
		most = max(most, c.Support)
	}
	p := float64(most) / float64(got.Test)
	if want := 2 * p / (p + 1) / 5; math.Abs(got.Majority-want) > 1e-9 {
		t.Errorf("majority macro-F1 %v, want %v from the test counts", got.Majority, want)
	}
	if got.MacroF1 <= got.Majority {
		t.Errorf("trained macro-F1 %v does not beat the majority baseline %v", got.MacroF1, got.Majority)
	}

	r = runCLI(t, "", "classify", "real", "--set", "ruhsold:testdata/classify/ruhsold_head600.tsv")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "task ") || !strings.Contains(r.stdout, "\nruhsold  ") {
		t.Errorf("table form: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}

	// --test scores a set's own test file: here 100 rows cut from the
	// sample stand in for RUHSOLD's task_2_test.tsv.
	head, err := os.ReadFile("testdata/classify/ruhsold_head600.tsv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimRight(string(head), "\n"), "\n")
	testFile := filepath.Join(t.TempDir(), "test.tsv")
	if err := os.WriteFile(testFile, []byte(strings.Join(lines[len(lines)-100:], "")), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", "classify", "real", "--json", "--set", "ruhsold:testdata/classify/ruhsold_head600.tsv", "--test", "ruhsold:"+testFile)
	var off []struct {
		Train, Test  int
		Valid        int  `json:"validation"`
		OfficialTest bool `json:"official_test"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &off); r.code != exitOK || err != nil || len(off) != 1 {
		t.Fatalf("real --test: exit %d, %v: %s%s", r.code, err, r.stdout, r.stderr)
	}
	if o := off[0]; !o.OfficialTest || o.Test != 100 || o.Train+o.Valid != 600 {
		t.Errorf("real --test: %+v, want the 100 test rows scored and all 600 set rows used to train and calibrate", o)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"classify", "real"}, exitUsage, "--set"},
		{[]string{"classify", "real", "--set", "ruhsold:testdata/classify/ruhsold_head600.tsv", "--test", "hs-urdu:x.csv"}, exitFatal, "x.csv"},
		{[]string{"classify", "real", "--set", "ruhsold:testdata/classify/ruhsold_head600.tsv", "--test", "ruhsold"}, exitUsage, `--test "ruhsold"`},
		{[]string{"classify", "real", "--set", "ruhsold"}, exitUsage, `--set "ruhsold"`},
		{[]string{"classify", "real", "--set", "tweets:x.tsv"}, exitUsage, `--set "tweets:x.tsv"`},
		{[]string{"classify", "real", "--set", "ruhsold:testdata/none.tsv"}, exitFatal, "testdata/none.tsv"},
	} {
		r := runCLI(t, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d (want %d), stderr %q (want %q)", tc.args, r.code, tc.code, r.stderr, tc.want)
		}
	}
}
