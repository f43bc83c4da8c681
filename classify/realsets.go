package classify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rampart-tt/rampart/classify/traindata"
)

// RealTask is one real labelled set's own classification task: the set's
// rows mapped to its own labels (not the project's). A model trained on it
// with the same learner and features as the shipped model measures the
// learner against the set's published results.
type RealTask struct {
	Name string
	// Map turns a row's label into the task's label; false leaves it out.
	Map func(traindata.Real) (string, bool)
}

func ownLabel(r traindata.Real) (string, bool) { return r.Label, true }

// RealTasks returns the tasks for the rows of one set (rows[0].Set names
// it). OSACT 2022 gives two: subtask A (OFF against NOT_OFF; every hate
// class is offensive) and subtask B (HS against NOT_HS), its two coarse
// shared-task subtasks. Every other set has one task on its own labels.
func RealTasks(set string) []RealTask {
	if set == traindata.SetOSACT {
		return []RealTask{
			{Name: set + " A (OFF/NOT_OFF)", Map: func(r traindata.Real) (string, bool) {
				if r.Label == "NOT_OFF" {
					return "NOT_OFF", true
				}
				return "OFF", true
			}},
			{Name: set + " B (HS/NOT_HS)", Map: func(r traindata.Real) (string, bool) {
				if strings.HasPrefix(r.Label, "HS") {
					return "HS", true
				}
				return "NOT_HS", true
			}},
		}
	}
	return []RealTask{{Name: set, Map: ownLabel}}
}

// RealResult is a task's figures on its test split.
type RealResult struct {
	Task       string   `json:"task"`
	Labels     []string `json:"labels"`
	Train      int      `json:"train"`
	Valid      int      `json:"validation"`
	Test       int      `json:"test"`
	Accuracy   float64  `json:"accuracy"`
	MacroF1    float64  `json:"macro_f1"`
	WeightedF1 float64  `json:"weighted_f1"`
	// OfficialTest is true when Test counts the set's own published test
	// file rather than a part of the split.
	OfficialTest        bool           `json:"official_test"`
	Classes             []ClassMetrics `json:"classes"`
	ValidationMacroF1   float64        `json:"validation_macro_f1"`
	Temperature         float64        `json:"temperature"`
	MajorityClassF1     float64        `json:"majority_class_macro_f1"`
	TestLabelCountsDesc string         `json:"test_label_counts"`
}

// TrainRealTask trains a model on task's labels over the train split of
// traindata.RealSplit(rows, seed), calibrates on its validation split and
// scores its test split. cfg's Labels and Valid are set here.
func TrainRealTask(ctx context.Context, rows []traindata.Real, task RealTask, seed uint64, cfg TrainConfig) (*RealResult, error) {
	tr, va, te := traindata.RealSplit(rows, seed)
	return trainReal(ctx, tr, va, te, task, seed, cfg)
}

// TrainRealTaskOfficial is TrainRealTask for a set whose own test file is
// at hand (RUHSOLD publishes one): it trains on the train and test parts of
// traindata.RealSplit(rows, seed) (90% of the training file), calibrates on
// its validation part and scores the official test rows, which is the
// setting the set's paper reports.
func TrainRealTaskOfficial(ctx context.Context, rows, test []traindata.Real, task RealTask, seed uint64, cfg TrainConfig) (*RealResult, error) {
	tr, va, te := traindata.RealSplit(rows, seed)
	r, err := trainReal(ctx, append(tr, te...), va, test, task, seed, cfg)
	if err != nil {
		return nil, err
	}
	r.OfficialTest = true
	return r, nil
}

func trainReal(ctx context.Context, tr, va, te []traindata.Real, task RealTask, seed uint64, cfg TrainConfig) (*RealResult, error) {
	conv := func(rs []traindata.Real) []Example {
		var out []Example
		for _, r := range rs {
			if l, ok := task.Map(r); ok {
				out = append(out, Example{Text: r.Text, Label: l, Source: r.Set})
			}
		}
		return out
	}
	train, valid, test := conv(tr), conv(va), conv(te)
	var labels []string
	for _, ex := range train {
		if !slices.Contains(labels, ex.Label) {
			labels = append(labels, ex.Label)
		}
	}
	slices.Sort(labels)
	if len(labels) < 2 || len(labels) > NumLabels {
		return nil, fmt.Errorf("real task %s: %d labels %q: want 2 to %d", task.Name, len(labels), labels, NumLabels)
	}
	if len(valid) == 0 || len(test) == 0 {
		return nil, fmt.Errorf("real task %s: empty validation or test split: too few rows", task.Name)
	}
	cfg.Labels, cfg.Valid, cfg.Seed = labels, valid, seed
	if cfg.Name == "" {
		cfg.Name = task.Name
	}
	m, err := Train(ctx, train, cfg)
	if err != nil {
		return nil, fmt.Errorf("real task %s: %w", task.Name, err)
	}
	var cm, maj Confusion
	counts := make([]int, len(labels))
	for _, ex := range train {
		i, _ := indexIn(labels, ex.Label)
		counts[i]++
	}
	major := 0
	for i, n := range counts {
		if n > counts[major] {
			major = i
		}
	}
	testCounts := make([]int, len(labels))
	for _, ex := range test {
		y, err := indexIn(labels, ex.Label)
		if err != nil {
			return nil, fmt.Errorf("real task %s: test split: %w", task.Name, err)
		}
		testCounts[y]++
		p := m.PredictLabel(ex.Text)
		cm[y][argmax(&p.Probs)]++
		maj[y][major]++
	}
	r := &RealResult{Task: task.Name, Labels: labels, Train: len(train), Valid: len(valid), Test: len(test),
		Accuracy: cm.Accuracy(), MacroF1: cm.MacroF1(), WeightedF1: cm.WeightedF1(), MajorityClassF1: maj.MacroF1(),
		ValidationMacroF1: m.meta.Validation.MacroF1, Temperature: m.meta.Temperature}
	var desc []string
	for i, l := range labels {
		c := cm.Class(i)
		c.Label = l
		r.Classes = append(r.Classes, c)
		desc = append(desc, fmt.Sprintf("%s %d", l, testCounts[i]))
	}
	r.TestLabelCountsDesc = strings.Join(desc, ", ")
	return r, nil
}
