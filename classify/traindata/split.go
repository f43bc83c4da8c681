package traindata

import (
	"math/rand/v2"
	"sort"
)

// Split divides examples into training and validation sets by whole
// template families: no Template value occurs in both. Families are chosen
// per (language, label) stratum, in a seed-determined order, until about
// validFrac of the stratum's examples are in validation; every stratum with
// two or more families keeps at least one family on each side. Input order
// is kept within each output slice. validFrac is clamped to [0, 1].
func Split(ex []Example, validFrac float64, seed uint64) (train, valid []Example) {
	validFrac = min(max(validFrac, 0), 1)
	type stratum struct {
		total    int
		families map[string]int // template -> example count
	}
	strata := map[string]*stratum{}
	for _, e := range ex {
		k := e.Lang + "\x00" + e.Label
		s := strata[k]
		if s == nil {
			s = &stratum{families: map[string]int{}}
			strata[k] = s
		}
		s.total++
		s.families[e.Template]++
	}
	keys := make([]string, 0, len(strata))
	for k := range strata {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	rng := rand.New(rand.NewPCG(seed, 0x5eed5))
	inValid := map[string]bool{}
	for _, k := range keys {
		s := strata[k]
		fams := make([]string, 0, len(s.families))
		for f := range s.families {
			fams = append(fams, f)
		}
		sort.Strings(fams)
		rng.Shuffle(len(fams), func(i, j int) { fams[i], fams[j] = fams[j], fams[i] })
		want := validFrac * float64(s.total)
		got := 0
		for i, f := range fams {
			if float64(got) >= want || validFrac == 0 {
				break
			}
			if i == len(fams)-1 && len(fams) > 1 && validFrac < 1 {
				break // keep one family for training
			}
			inValid[f] = true
			got += s.families[f]
		}
	}
	for _, e := range ex {
		if inValid[e.Template] {
			valid = append(valid, e)
		} else {
			train = append(train, e)
		}
	}
	return train, valid
}
