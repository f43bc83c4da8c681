package sim_test

import (
	"bufio"
	"bytes"
	"sync"
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/sim"
)

// run is one generated data set, parsed.
type run struct {
	items, labels []byte
	stats         sim.Stats
	parsed        []rampart.Item
	lab           []sim.Label
}

func generate(t testing.TB, cfg sim.Config) *run {
	t.Helper()
	var items, labels bytes.Buffer
	st, err := sim.Generate(t.Context(), cfg, &items, &labels)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	r := &run{items: items.Bytes(), labels: labels.Bytes(), stats: st}
	sc := bufio.NewScanner(bytes.NewReader(r.items))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var it rampart.Item
		if err := it.UnmarshalJSON(sc.Bytes()); err != nil {
			t.Fatalf("items line %d: %v\n%s", n, err, sc.Bytes())
		}
		// The generator's encoder must write exactly what MarshalJSON does.
		again, err := it.MarshalJSON()
		if err != nil {
			t.Fatalf("items line %d: marshal: %v", n, err)
		}
		if !bytes.Equal(again, sc.Bytes()) {
			t.Fatalf("items line %d differs from MarshalJSON:\n got %s\nwant %s", n, sc.Bytes(), again)
		}
		r.parsed = append(r.parsed, it)
	}
	for l, err := range sim.ReadLabels(bytes.NewReader(r.labels)) {
		if err != nil {
			t.Fatalf("ReadLabels: %v", err)
		}
		r.lab = append(r.lab, l)
	}
	return r
}

// standardCfg is the data set most tests share: 20k posts.
var standardCfg = sim.Config{Seed: 42, Accounts: 2000, Posts: 20_000}

var (
	standardOnce sync.Once
	standardRun  *run
)

func standard(t *testing.T) *run {
	t.Helper()
	standardOnce.Do(func() { standardRun = generate(t, standardCfg) })
	if standardRun == nil {
		t.Fatal("standard data set failed to generate")
	}
	return standardRun
}
