package traindata

import (
	"math/rand/v2"
	"sort"
)

// RealSplit divides rows 70/10/20 into train, validation and test,
// stratified by Set and Label and deterministic for a seed. Within each
// stratum the rows are shuffled, then cut at round(0.7n) and round(0.8n);
// each output keeps the input order.
//
// None of the shared copies carries an official split we could reuse:
// RUHSOLD's task_2_test.tsv and OSACT 2022's dev/test files are not in
// shared/data, so results on these splits are not comparable with the
// shared-task leaderboards.
func RealSplit(rows []Real, seed uint64) (train, valid, test []Real) {
	strata := map[string][]int{}
	for i, r := range rows {
		k := r.Set + "\x00" + r.Label
		strata[k] = append(strata[k], i)
	}
	keys := make([]string, 0, len(strata))
	for k := range strata {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	rng := rand.New(rand.NewPCG(seed, 0x7e57))
	part := make([]uint8, len(rows)) // 0 train, 1 valid, 2 test
	for _, k := range keys {
		idx := strata[k]
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		n := len(idx)
		a, b := (7*n+5)/10, (8*n+5)/10
		for j, i := range idx {
			switch {
			case j < a:
				part[i] = 0
			case j < b:
				part[i] = 1
			default:
				part[i] = 2
			}
		}
	}
	for i, r := range rows {
		switch part[i] {
		case 0:
			train = append(train, r)
		case 1:
			valid = append(valid, r)
		default:
			test = append(test, r)
		}
	}
	return train, valid, test
}
