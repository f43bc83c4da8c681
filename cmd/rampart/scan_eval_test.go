package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rampart-tt/rampart"
)

// evalItem is a line of the classifier's hand-written evaluation set
// (classify/testdata/eval/README.md).
type evalItem struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Label    string `json:"label"`
	Activism bool   `json:"activism"`
}

// TestScanOnClassifierEvalSet runs the whole scan (matcher, classifier,
// default policy) over the classifier's hand-written evaluation sets as
// posts with no author and checks the end-to-end promise where a
// group is named: lawful speech gets no action, propaganda and recruitment
// go to review. The floors sit a little beyond what the shipped model and
// registry measured (classify/README.md, "End to end on the evaluation
// sets").
func TestScanOnClassifierEvalSet(t *testing.T) {
	tests := []struct {
		dir                    string
		minHarmful, minLawful  int
		minReview, maxActioned float64
	}{
		// Measured: 187 of 220 sent to review, 1 of 404 actioned.
		{"eval", 200, 380, 0.80, 0.02},
		// Measured: 101 of 140, 4 of 353.
		{"eval_v2", 130, 330, 0.67, 0.03},
	}
	for _, tc := range tests {
		t.Run(tc.dir, func(t *testing.T) {
			scanEvalSet(t, tc.dir, tc.minHarmful, tc.minLawful, tc.minReview, tc.maxActioned)
		})
	}
}

func scanEvalSet(t *testing.T, dir string, minHarmful, minLawful int, minReview, maxActioned float64) {
	files, err := filepath.Glob("../../classify/testdata/" + dir + "/eval_*.jsonl")
	if err != nil || len(files) != 5 {
		t.Fatalf("evaluation files: %v %v", files, err)
	}
	in := filepath.Join(t.TempDir(), "eval_posts.jsonl")
	out, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	items := map[string]evalItem{}
	enc := json.NewEncoder(out)
	for _, fn := range files {
		f, err := os.Open(fn)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var e evalItem
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				t.Fatalf("%s: %v", fn, err)
			}
			items[e.ID] = e
			post := map[string]string{"kind": "post", "platform": "x", "id": e.ID, "account_id": "a", "text": e.Text}
			if err := enc.Encode(post); err != nil {
				t.Fatal(err)
			}
		}
		f.Close()
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", "scan", "--no-store", "--all", "-o", "jsonl", in)
	if r.code != exitOK {
		t.Fatalf("scan: exit %d: %s", r.code, r.stderr)
	}
	var harmful, harmfulReview, lawful, lawfulActioned int
	for _, f := range findingsOf(t, r.stdout) {
		e := items[f.ID]
		named := false
		for _, s := range f.Signals {
			if s.Kind == rampart.SignalMention && s.Group != "" {
				named = true
			}
		}
		if !named {
			continue
		}
		switch {
		case e.Label == "propaganda" || e.Label == "recruitment":
			harmful++
			if f.Action != rampart.ActionNone {
				harmfulReview++
			}
		case e.Label == "reporting" || e.Label == "counter_speech" || e.Activism:
			lawful++
			if f.Action != rampart.ActionNone {
				lawfulActioned++
			}
		}
	}
	t.Logf("harmful naming a group sent to review: %d/%d; lawful naming a group actioned: %d/%d", harmfulReview, harmful, lawfulActioned, lawful)
	if harmful < minHarmful || float64(harmfulReview) < minReview*float64(harmful) {
		t.Errorf("harmful items naming a group sent to review: %d of %d, want at least %.0f%% of at least %d", harmfulReview, harmful, 100*minReview, minHarmful)
	}
	if lawful < minLawful || float64(lawfulActioned) > maxActioned*float64(lawful) {
		t.Errorf("lawful items naming a group actioned: %d of %d, want at most %.0f%% of at least %d", lawfulActioned, lawful, 100*maxActioned, minLawful)
	}
}
