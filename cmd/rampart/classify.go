package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/rampart-tt/rampart/classify"
	"github.com/rampart-tt/rampart/classify/traindata"
)

// newClassifyCmd builds `rampart classify` with train, eval and predict.
func newClassifyCmd(s *streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "classify",
		Short: "Train, evaluate and run the text classifier (propaganda, recruitment, hate, reporting, counter_speech, other)",
	}
	c.AddCommand(newClassifyTrainCmd(s), newClassifyEvalCmd(s), newClassifyPredictCmd(s), newClassifyRealCmd(s))
	return c
}

// loadData reads one --data source (classify.LoadSource): "constructed",
// "names", "ruhsold:PATH" or a labelled JSONL file.
func loadData(spec string, seed uint64) ([]classify.Example, classify.DataInfo, error) {
	return classify.LoadSource(spec, seed)
}

func newClassifyTrainCmd(s *streams) *cobra.Command {
	var (
		data      []string
		out, date string
		seed      uint64
		validFrac float64
		buckets   int
		epochs    int
		charMin   int
		charMax   int
		noDesig   bool
		blockNorm bool
	)
	c := &cobra.Command{
		Use:   "train --data SOURCE... --out model.rmodel",
		Short: "Train a classifier model on labelled data (see classify/README.md for the sources and schema)",
		Long: `Train a classifier model. --data may be given more than once; each is
  constructed     the project's constructed corpus (classify/traindata) at --seed
  names           bare designated names from the default registry, labelled other
  ruhsold:PATH    RUHSOLD task_2_train.tsv, labels projected to the project's
  FILE            labelled JSONL, one {"text","label","lang",...} object per line
A validation split (--valid-frac, whole template families) is held out for
calibration and the flagging thresholds, which are stored in the model file
with each source's name and SHA-256. The shipped model is made with

  rampart classify train --data constructed --data names \
    --data ruhsold:/work/shared/data/text/ruhsold_roman_urdu/task_2_train.tsv \
    --out classify/model/default.rmodel --seed 1 --date 2026-11-29`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(data) == 0 {
				return usagef("train: give at least one --data FILE (or --data constructed)")
			}
			if out == "" {
				return usagef("train: give --out FILE for the model")
			}
			when := time.Now().UTC().Truncate(24 * time.Hour)
			if date != "" {
				t, err := time.Parse(time.DateOnly, date)
				if err != nil {
					return usagef("train: --date %q: want YYYY-MM-DD", date)
				}
				when = t
			}
			fc := classify.DefaultFeatureConfig()
			fc.BucketsLog2 = buckets
			fc.CharMin, fc.CharMax = charMin, charMax
			fc.BlockNorm = blockNorm
			fc.Designation = !noDesig
			if err := fc.Validate(); err != nil {
				return usagef("train: %v", err)
			}
			var all []classify.Example
			var infos []classify.DataInfo
			for _, d := range data {
				exs, info, err := loadData(d, seed)
				if err != nil {
					return err
				}
				all = append(all, exs...)
				infos = append(infos, info)
			}
			m, err := classify.Train(cmd.Context(), all, classify.TrainConfig{
				// The name is the file's base name, so that the same
				// command gives the same bytes wherever --out points.
				Name: strings.TrimSuffix(filepath.Base(out), ".rmodel"), Features: fc, Seed: seed,
				ValidFrac: validFrac, Epochs: epochs, Data: infos, Date: when,
				Log: func(format string, args ...any) { fmt.Fprintf(s.err, format+"\n", args...) },
			})
			if err != nil {
				return err
			}
			if err := m.Save(out); err != nil {
				return err
			}
			st, err := os.Stat(out)
			if err != nil {
				return fmt.Errorf("train: %w", err)
			}
			meta := m.Meta()
			v := meta.Validation
			fmt.Fprintf(s.out, "model %s: %s, %d bytes\n", out, m.Version(), st.Size())
			fmt.Fprintf(s.out, "trained on %d examples, validated on %d\n", meta.Training.Examples, meta.Training.Valid)
			fmt.Fprintf(s.out, "validation: accuracy %.3f, macro-F1 %.3f, log-loss %.3f, ECE %.3f, temperature %.3f\n", v.Accuracy, v.MacroF1, v.LogLoss, v.ECE, meta.Temperature)
			fmt.Fprintf(s.out, "thresholds: propaganda %.3f, recruitment %.3f (lawful flagged %.1f%%, propaganda+recruitment recall %.1f%%)\n",
				meta.Thresholds[classify.LabelPropaganda], meta.Thresholds[classify.LabelRecruitment], 100*v.LawfulFPR, 100*v.Recall)
			return nil
		},
	}
	f := c.Flags()
	f.StringArrayVar(&data, "data", nil, `labelled JSONL file, or "constructed" (repeatable)`)
	f.StringVar(&out, "out", "", "model file to write")
	f.Uint64Var(&seed, "seed", 1, "seed for the split, shuffling and constructed data")
	f.Float64Var(&validFrac, "valid-frac", 0.15, "share of examples held out for calibration and thresholds")
	def := classify.DefaultFeatureConfig()
	f.IntVar(&buckets, "buckets", def.BucketsLog2, "feature hash buckets, as a power of two (10..24)")
	f.IntVar(&charMin, "char-min", def.CharMin, "shortest character n-gram")
	f.IntVar(&charMax, "char-max", def.CharMax, "longest character n-gram")
	f.BoolVar(&blockNorm, "block-norm", def.BlockNorm, "normalise character n-grams and word features as two blocks of equal norm")
	f.IntVar(&epochs, "epochs", 10, "training epochs")
	f.StringVar(&date, "date", "", "training date to record, YYYY-MM-DD (default today, UTC)")
	f.BoolVar(&noDesig, "no-designation", false, "leave out designation-matcher features")
	return c
}

// loadModel reads --model, or the embedded default when path is empty.
func loadModel(path string) (*classify.Model, error) {
	if path == "" {
		return classify.Default()
	}
	return classify.LoadFile(path)
}

func newClassifyEvalCmd(s *streams) *cobra.Command {
	var (
		model, plot string
		data, by    []string
		asJSON      bool
	)
	c := &cobra.Command{
		Use:   "eval --data FILE... [FILE...] [--model FILE] [--by lang,community,group] [--plot pr.svg]",
		Short: "Evaluate a model on labelled JSONL: per-class P/R/F1, macro-F1, confusion, ECE, lawful-speech and recall figures",
		Long: `Evaluate a model on labelled JSONL. Files are given with --data or as
arguments, so that a shell glob works: --data classify/testdata/eval/*.jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			data := append(append([]string(nil), data...), args...)
			if len(data) == 0 {
				return usagef("eval: give at least one --data FILE")
			}
			for _, b := range by {
				if !contains(classify.EvalFields, b) {
					return usagef("eval: --by %q: want one of %s", b, strings.Join(classify.EvalFields, ", "))
				}
			}
			m, err := loadModel(model)
			if err != nil {
				return err
			}
			var all []classify.Example
			for _, d := range data {
				exs, _, err := loadData(d, 1)
				if err != nil {
					return err
				}
				all = append(all, exs...)
			}
			r, err := classify.Evaluate(all, m.Predict, by)
			if err != nil {
				return err
			}
			r.Model = m.Version()
			if plot != "" {
				f, err := os.Create(plot)
				if err != nil {
					return fmt.Errorf("eval: plot: %w", err)
				}
				werr := classify.WritePRSVG(f, "Precision-recall, "+m.Version(), r.PR)
				if cerr := f.Close(); werr == nil && cerr != nil {
					werr = fmt.Errorf("eval: plot: %w", cerr)
				}
				if werr != nil {
					return werr
				}
			}
			if asJSON {
				enc := json.NewEncoder(s.out)
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			}
			return r.WriteText(s.out)
		},
	}
	f := c.Flags()
	f.StringVar(&model, "model", "", "model file (default: the embedded model)")
	f.StringArrayVar(&data, "data", nil, "labelled JSONL file (repeatable)")
	f.StringSliceVar(&by, "by", nil, "break results down by fields: "+strings.Join(classify.EvalFields, ", "))
	f.StringVar(&plot, "plot", "", "write a precision-recall plot (SVG) here")
	f.BoolVar(&asJSON, "json", false, "print the report as JSON")
	return c
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func newClassifyPredictCmd(s *streams) *cobra.Command {
	var (
		model    string
		jsonl    bool
		withText bool
	)
	c := &cobra.Command{
		Use:   "predict [--model FILE] [--jsonl] [FILE...]",
		Short: "Classify lines of text (or JSONL with a text field) from files or stdin; print JSONL",
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := loadModel(model)
			if err != nil {
				return err
			}
			w := bufio.NewWriter(s.out)
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			run := func(r io.Reader, name string) error {
				sc := bufio.NewScanner(r)
				sc.Buffer(make([]byte, 64<<10), 4<<20)
				line := 0
				for sc.Scan() {
					line++
					if err := cmd.Context().Err(); err != nil {
						return err
					}
					text := sc.Text()
					if jsonl {
						if strings.TrimSpace(text) == "" {
							continue
						}
						var rec struct {
							Text *string `json:"text"`
						}
						if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
							return fmt.Errorf("%s:%d: %w", name, line, err)
						}
						if rec.Text == nil {
							return fmt.Errorf("%s:%d: $.text: missing", name, line)
						}
						text = *rec.Text
					}
					p := m.Predict(text)
					out := predictOutput{Label: p.Label, Probs: p.ProbMap(), Flagged: p.Flagged, Top: p.Top,
						Truncated: p.Truncated, Reason: p.Reason}
					if withText {
						out.Text = &text
					}
					if err := enc.Encode(out); err != nil {
						return fmt.Errorf("predict: write: %w", err)
					}
				}
				if err := sc.Err(); err != nil {
					return fmt.Errorf("%s:%d: %w", name, line+1, err)
				}
				return nil
			}
			if len(args) == 0 {
				if err := run(s.in, "stdin"); err != nil {
					return err
				}
			}
			for _, a := range args {
				f, err := os.Open(a)
				if err != nil {
					return fmt.Errorf("predict: %w", err)
				}
				err = run(f, a)
				f.Close()
				if err != nil {
					return err
				}
			}
			if err := w.Flush(); err != nil {
				return fmt.Errorf("predict: write: %w", err)
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&model, "model", "", "model file (default: the embedded model)")
	f.BoolVar(&jsonl, "jsonl", false, `input is JSONL with a "text" field (default: one text per line)`)
	f.BoolVar(&withText, "text", false, "echo the input text in each output line")
	return c
}

type predictOutput struct {
	Text      *string                 `json:"text,omitempty"`
	Label     string                  `json:"label"`
	Probs     map[string]float64      `json:"probs"`
	Flagged   bool                    `json:"flagged"`
	Top       []classify.Contribution `json:"top_features"`
	Truncated bool                    `json:"truncated,omitempty"`
	Reason    string                  `json:"reason,omitempty"`
}

// realLoaders reads the real sets by name, for `classify real --set NAME:PATH`.
var realLoaders = map[string]func(string) ([]traindata.Real, error){
	traindata.SetRUHSOLD: traindata.LoadRUHSOLD,
	traindata.SetHSUrdu:  traindata.LoadHSUrdu,
	traindata.SetOSACT:   traindata.LoadOSACT,
	"arabic-offensive":   traindata.LoadArabicOffensive,
}

func newClassifyRealCmd(s *streams) *cobra.Command {
	var (
		sets    []string
		tests   []string
		seed    uint64
		buckets int
		asJSON  bool
	)
	c := &cobra.Command{
		Use:   "real --set NAME:PATH...",
		Short: "Train and score a model per real labelled set, on the set's own labels (70/10/20 split)",
		Long: `For each --set NAME:PATH (NAME one of ruhsold, hs-urdu, osact2022,
arabic-offensive), train a model with the shipped model's learner and
features on the set's own labels over the train part of a seeded,
stratified 70/10/20 split, calibrate on the validation part and print
macro-F1 on the test part, next to a majority-class baseline. Nothing here
goes into the shipped model; research-only sets are fine.

--test NAME:PATH scores set NAME on its own published test file instead
(RUHSOLD's task_2_test.tsv, not in shared/data: it is in the data set's
repository), training on 90% of the --set file and calibrating on 10%:
the setting the set's paper reports.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(sets) == 0 {
				return usagef("real: give at least one --set NAME:PATH")
			}
			fc := classify.DefaultFeatureConfig()
			fc.BucketsLog2 = buckets
			if err := fc.Validate(); err != nil {
				return usagef("real: %v", err)
			}
			official := map[string][]traindata.Real{}
			for _, spec := range tests {
				name, path, ok := strings.Cut(spec, ":")
				load := realLoaders[name]
				if !ok || load == nil {
					return usagef("real: --test %q: want NAME:PATH with NAME one of ruhsold, hs-urdu, osact2022, arabic-offensive", spec)
				}
				rows, err := load(path)
				if err != nil {
					return err
				}
				if len(rows) == 0 {
					return fmt.Errorf("real: %s: no rows", path)
				}
				official[name] = rows
			}
			var results []*classify.RealResult
			for _, spec := range sets {
				name, path, ok := strings.Cut(spec, ":")
				load := realLoaders[name]
				if !ok || load == nil {
					return usagef("real: --set %q: want NAME:PATH with NAME one of ruhsold, hs-urdu, osact2022, arabic-offensive", spec)
				}
				rows, err := load(path)
				if err != nil {
					return err
				}
				if len(rows) == 0 {
					return fmt.Errorf("real: %s: no rows", path)
				}
				test, hasTest := official[name]
				delete(official, name)
				for _, task := range classify.RealTasks(rows[0].Set) {
					cfg := classify.TrainConfig{Features: fc}
					var r *classify.RealResult
					if hasTest {
						r, err = classify.TrainRealTaskOfficial(cmd.Context(), rows, test, task, seed, cfg)
					} else {
						r, err = classify.TrainRealTask(cmd.Context(), rows, task, seed, cfg)
					}
					if err != nil {
						return err
					}
					results = append(results, r)
				}
			}
			for name := range official {
				return usagef("real: --test %s: no --set %s to train on", name, name)
			}
			if asJSON {
				enc := json.NewEncoder(s.out)
				enc.SetIndent("", "  ")
				return enc.Encode(results)
			}
			w := tabwriter.NewWriter(s.out, 2, 8, 2, ' ', 0)
			fmt.Fprintf(w, "task\tlabels\ttrain/valid/test\tmacro-F1\tweighted-F1\taccuracy\tmajority macro-F1\ttest labels\n")
			for _, r := range results {
				test := "split"
				if r.OfficialTest {
					test = "official"
				}
				fmt.Fprintf(w, "%s\t%s\t%d/%d/%d (%s)\t%.3f\t%.3f\t%.3f\t%.3f\t%s\n", r.Task, strings.Join(r.Labels, ","),
					r.Train, r.Valid, r.Test, test, r.MacroF1, r.WeightedF1, r.Accuracy, r.MajorityClassF1, r.TestLabelCountsDesc)
			}
			if err := w.Flush(); err != nil {
				return fmt.Errorf("real: write: %w", err)
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringArrayVar(&sets, "set", nil, "NAME:PATH of a real set (repeatable)")
	f.StringArrayVar(&tests, "test", nil, "NAME:PATH of a set's own published test file, scored instead of the split's test part (repeatable)")
	f.Uint64Var(&seed, "seed", 1, "seed for the split and training")
	f.IntVar(&buckets, "buckets", classify.DefaultFeatureConfig().BucketsLog2, "feature hash buckets, as a power of two")
	f.BoolVar(&asJSON, "json", false, "print results as JSON")
	return c
}
