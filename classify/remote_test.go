package classify_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/classify"
)

// kserve is an in-test Open Inference Protocol server whose behaviour per
// request is set by the test.
type kserve struct {
	calls  atomic.Int32
	handle func(n int32, w http.ResponseWriter, r *http.Request)
}

func (k *kserve) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := k.calls.Add(1)
	k.handle(n, w, r)
}

func okResponse(w http.ResponseWriter, probs []float64) {
	json.NewEncoder(w).Encode(map[string]any{
		"model_name": "xlmr",
		"outputs":    []any{map[string]any{"name": "probs", "shape": []int{1, len(probs)}, "datatype": "FP32", "data": probs}},
	})
}

var recruitProbs = []float64{0.02, 0.9, 0.02, 0.02, 0.02, 0.02}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newRemote(t *testing.T, h http.Handler, mod func(*classify.RemoteConfig)) (*classify.Remote, *fakeClock) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	m, _ := toy(t)
	clk := &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	cfg := classify.RemoteConfig{
		URL: srv.URL, Model: "xlmr", Fallback: m, Timeout: 200 * time.Millisecond,
		Retries: 2, Backoff: time.Millisecond, BreakerFailures: 3, BreakerCooldown: time.Minute,
		Now:   clk.Now,
		Sleep: func(context.Context, time.Duration) error { return nil },
	}
	if mod != nil {
		mod(&cfg)
	}
	r, err := classify.NewRemote(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r, clk
}

func detectOne(t *testing.T, r *classify.Remote) rampart.Signal {
	t.Helper()
	sigs, err := r.Detect(t.Context(), rampart.Item{Post: &rampart.Post{ID: "1", Text: "join the caravan now"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 {
		t.Fatalf("%d signals", len(sigs))
	}
	return sigs[0]
}

func TestRemoteSuccess(t *testing.T) {
	var got struct {
		Inputs []struct {
			Name     string   `json:"name"`
			Shape    []int    `json:"shape"`
			Datatype string   `json:"datatype"`
			Data     []string `json:"data"`
		} `json:"inputs"`
	}
	var path string
	k := &kserve{handle: func(_ int32, w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &got)
		okResponse(w, recruitProbs)
	}}
	r, _ := newRemote(t, k, nil)
	s := detectOne(t, r)
	if path != "/v2/models/xlmr/infer" {
		t.Errorf("path %s", path)
	}
	if len(got.Inputs) != 1 || got.Inputs[0].Name != "text" || got.Inputs[0].Datatype != "BYTES" || got.Inputs[0].Shape[0] != 1 || got.Inputs[0].Data[0] != "join the caravan now" {
		t.Errorf("request %+v", got)
	}
	if s.Attrs["answered_by"] != "remote" || s.Attrs["label"] != "recruitment" || s.Attrs["model"] != "remote:xlmr" || s.Score != 0.9 {
		t.Errorf("signal %+v", s)
	}
	if s.Attrs["probs"].(map[string]any)["recruitment"] != 0.9 {
		t.Errorf("probs %v", s.Attrs["probs"])
	}
}

func TestRemoteFallbacks(t *testing.T) {
	tests := []struct {
		name      string
		handle    func(n int32, w http.ResponseWriter, r *http.Request)
		wantBy    string
		wantCalls int32
		wantWhy   string
	}{
		{"5xx then success is retried", func(n int32, w http.ResponseWriter, _ *http.Request) {
			if n < 3 {
				http.Error(w, "overloaded", http.StatusServiceUnavailable)
				return
			}
			okResponse(w, recruitProbs)
		}, "remote", 3, ""},
		{"slow server times out", func(_ int32, w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		}, "local", 3, "deadline exceeded"},
		{"malformed response is not retried", func(_ int32, w http.ResponseWriter, _ *http.Request) {
			io.WriteString(w, `{"outputs":[{"name":"probs","shape":[1,6],"datatype":"FP32","data":[0.1,0.2]}]}`)
		}, "local", 1, "has 2 values, want 6"},
		{"wrong output name", func(_ int32, w http.ResponseWriter, _ *http.Request) {
			io.WriteString(w, `{"outputs":[{"name":"logits","shape":[1,6],"datatype":"FP32","data":[0,0,0,0,0,1]}]}`)
		}, "local", 1, `no tensor named "probs"`},
		{"not JSON", func(_ int32, w http.ResponseWriter, _ *http.Request) {
			io.WriteString(w, `<html>`)
		}, "local", 1, "malformed response"},
		{"4xx is not retried", func(_ int32, w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "no such model", http.StatusNotFound)
		}, "local", 1, "404"},
		{"5xx every time", func(_ int32, w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "down", http.StatusInternalServerError)
		}, "local", 3, "500"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := &kserve{handle: tc.handle}
			r, _ := newRemote(t, k, nil)
			s := detectOne(t, r)
			if s.Attrs["answered_by"] != tc.wantBy {
				t.Errorf("answered by %v, want %s (attrs %v)", s.Attrs["answered_by"], tc.wantBy, s.Attrs)
			}
			if got := k.calls.Load(); got != tc.wantCalls {
				t.Errorf("%d calls, want %d", got, tc.wantCalls)
			}
			why, _ := s.Attrs["fallback_reason"].(string)
			if tc.wantWhy != "" && !strings.Contains(why, tc.wantWhy) {
				t.Errorf("fallback reason %q, want it to mention %q", why, tc.wantWhy)
			}
			if tc.wantBy == "local" && !strings.HasPrefix(s.Attrs["model"].(string), "clf-") {
				t.Errorf("fallback model %v", s.Attrs["model"])
			}
		})
	}
}

func TestRemoteBreaker(t *testing.T) {
	var down atomic.Bool
	down.Store(true)
	k := &kserve{handle: func(_ int32, w http.ResponseWriter, _ *http.Request) {
		if down.Load() {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		okResponse(w, recruitProbs)
	}}
	r, clk := newRemote(t, k, func(c *classify.RemoteConfig) { c.Retries = -1 })
	for i := range 3 {
		if r.State() != "closed" {
			t.Fatalf("after %d failures the breaker is %s, want closed", i, r.State())
		}
		detectOne(t, r)
	}
	if r.State() != "open" {
		t.Fatalf("after 3 failures the breaker is %s, want open", r.State())
	}
	before := k.calls.Load()
	s := detectOne(t, r)
	if k.calls.Load() != before || s.Attrs["fallback_reason"] != "circuit breaker open" {
		t.Errorf("open breaker still called the server (reason %v)", s.Attrs["fallback_reason"])
	}
	clk.Add(time.Minute)
	if r.State() != "half-open" {
		t.Fatalf("after the cool-down the breaker is %s, want half-open", r.State())
	}
	detectOne(t, r) // trial fails: open again
	if r.State() != "open" || k.calls.Load() != before+1 {
		t.Fatalf("failed trial: breaker %s, %d calls", r.State(), k.calls.Load()-before)
	}
	clk.Add(time.Minute)
	down.Store(false)
	if s := detectOne(t, r); s.Attrs["answered_by"] != "remote" {
		t.Errorf("trial after recovery answered by %v", s.Attrs["answered_by"])
	}
	if r.State() != "closed" {
		t.Errorf("after a good trial the breaker is %s, want closed", r.State())
	}
}

func TestRemoteNoFallback(t *testing.T) {
	k := &kserve{handle: func(_ int32, w http.ResponseWriter, _ *http.Request) { http.Error(w, "x", 500) }}
	r, _ := newRemote(t, k, func(c *classify.RemoteConfig) { c.Fallback = nil })
	_, err := r.Detect(t.Context(), rampart.Item{Post: &rampart.Post{Text: "x"}})
	if err == nil || !strings.Contains(err.Error(), "no fallback") {
		t.Errorf("error %v, want one saying there is no fallback", err)
	}
}

func TestRemoteConfigErrors(t *testing.T) {
	for _, cfg := range []classify.RemoteConfig{
		{URL: "ftp://x", Model: "m"},
		{URL: "http://x", Model: ""},
		{URL: "http://x", Model: "a/b"},
		{URL: "http://x", Model: "m", Labels: []string{"spam"}},
		{URL: "http://x", Model: "m", Labels: []string{"other", "other"}},
		{URL: "http://x", Model: "m", Thresholds: map[string]float64{"other": 0.5}},
		{URL: "http://x", Model: "m", Retries: 50},
	} {
		if _, err := classify.NewRemote(cfg); err == nil {
			t.Errorf("NewRemote(%+v) succeeded, want an error", cfg)
		}
	}
}
