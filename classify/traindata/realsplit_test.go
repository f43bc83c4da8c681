package traindata_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart/classify/traindata"
)

func TestRealSplit(t *testing.T) {
	rows, err := traindata.LoadRUHSOLD(filepath.Join("testdata", "ruhsold_sample.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	tr, va, te := traindata.RealSplit(rows, 3)
	// 8 rows per label: round(5.6)=6 train, round(6.4)-6=0 valid, 2 test.
	want := map[string][3]int{}
	for _, l := range []string{"0", "1", "2", "3", "4"} {
		want[l] = [3]int{6, 0, 2}
	}
	got := map[string][3]int{}
	for i, part := range [][]traindata.Real{tr, va, te} {
		for _, r := range part {
			c := got[r.Label]
			c[i]++
			got[r.Label] = c
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("per-label split (-want +got):\n%s", diff)
	}
	tr2, va2, te2 := traindata.RealSplit(rows, 3)
	if !cmp.Equal(tr, tr2) || !cmp.Equal(va, va2) || !cmp.Equal(te, te2) {
		t.Error("same seed, different split")
	}
	tr3, _, _ := traindata.RealSplit(rows, 4)
	if cmp.Equal(tr, tr3) {
		t.Error("seeds 3 and 4 gave the same split")
	}
}

func TestRealSplitProportions(t *testing.T) {
	var rows []traindata.Real
	for i := range 1000 {
		rows = append(rows, traindata.Real{Text: string(rune('a' + i%26)), Label: []string{"x", "y"}[i%2], Set: "s"})
	}
	tr, va, te := traindata.RealSplit(rows, 1)
	if got := [3]int{len(tr), len(va), len(te)}; got != [3]int{700, 100, 200} {
		t.Errorf("sizes %v, want [700 100 200]", got)
	}
}
