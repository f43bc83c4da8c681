package account_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"sync"
	"testing"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/sim"
)

var (
	update = flag.Bool("update", false, "rewrite golden files in testdata")
	train  = flag.Bool("train", false, "retrain the default model into model/default.json")
)

func i64(v int64) *int64 { return &v }

// simRun is one generated platform, parsed.
type simRun struct {
	items  []rampart.Item
	labels []sim.Label
	raw    []byte // labels file
}

var simCache sync.Map // sim.Config -> *simRun

// generate runs the simulator once per config for the whole test binary.
func generate(t testing.TB, cfg sim.Config) *simRun {
	t.Helper()
	key, _ := json.Marshal(cfg)
	if v, ok := simCache.Load(string(key)); ok {
		return v.(*simRun)
	}
	var items, labels bytes.Buffer
	if _, err := sim.Generate(context.Background(), cfg, &items, &labels); err != nil {
		t.Fatalf("sim.Generate: %v", err)
	}
	r := &simRun{raw: bytes.Clone(labels.Bytes())}
	for _, line := range bytes.Split(bytes.TrimSpace(items.Bytes()), []byte("\n")) {
		var it rampart.Item
		if err := json.Unmarshal(line, &it); err != nil {
			t.Fatalf("sim item: %v", err)
		}
		r.items = append(r.items, it)
	}
	for l, err := range sim.ReadLabels(&labels) {
		if err != nil {
			t.Fatalf("sim labels: %v", err)
		}
		r.labels = append(r.labels, l)
	}
	simCache.Store(string(key), r)
	return r
}

// roles maps account subjects to their sim role.
func (r *simRun) roles() map[rampart.Subject]string {
	m := map[rampart.Subject]string{}
	for _, l := range r.labels {
		if l.Kind == rampart.KindAccount {
			m[l.Subject()] = l.Role
		}
	}
	return m
}
