package classify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	rampart "github.com/rampart-tt/rampart"
)

// RemoteConfig configures a Remote detector: a model server speaking the
// Open Inference Protocol (KServe v2 REST). Rampart sends
//
//	POST {URL}/v2/models/{Model}/infer
//	{"inputs":[{"name":"text","shape":[1],"datatype":"BYTES","data":["..."]}]}
//
// and reads the output tensor named Output: shape [1, len(Labels)] (or
// [len(Labels)]), datatype FP32 or FP64, data the row-major probabilities in
// the order of Labels. Anything else is a malformed response.
type RemoteConfig struct {
	URL   string // base URL, e.g. http://triton:8000
	Model string // model name on the server
	// Input and Output are the tensor names (defaults "text" and "probs").
	Input  string
	Output string
	// Labels names the output columns in order (default: Labels). Each must
	// be one of this package's labels.
	Labels []string
	// Thresholds for flagging, by label (default: the fallback model's, or
	// 0.9 for propaganda and recruitment when there is none).
	Thresholds map[string]float64
	// Timeout bounds each attempt (default 2s). Retries is how many more
	// attempts follow a failed one (default 2), after Backoff, doubling
	// (default 100ms).
	Timeout time.Duration
	Retries int
	Backoff time.Duration
	// The circuit breaker opens after BreakerFailures consecutive failed
	// calls (default 5); while open, calls go straight to the fallback; after
	// BreakerCooldown (default 30s) one trial call is let through (half-open)
	// and its outcome closes or re-opens the breaker.
	BreakerFailures int
	BreakerCooldown time.Duration
	// Fallback answers when the server cannot; nil means such posts get an
	// error instead.
	Fallback *Model
	Client   *http.Client     // default: a client with no timeout of its own
	Now      func() time.Time // default time.Now
	// Sleep waits between retries; tests inject it. Default: a timer that
	// stops when ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Remote is a rampart.Detector backed by a remote model server with a local
// fallback. The signal's attrs.answered_by says which answered ("remote" or
// "local") and attrs.model names the model.
type Remote struct {
	cfg      RemoteConfig
	endpoint string
	thr      [NumLabels]float64
	cols     []int // output column → label index

	mu       sync.Mutex
	failures int
	openedAt time.Time
	state    breakerState
}

type breakerState int

const (
	breakerClosed breakerState = iota
	breakerOpen
	breakerHalfOpen
)

func (s breakerState) String() string {
	return [...]string{"closed", "open", "half-open"}[s]
}

// NewRemote checks the configuration and returns the detector.
func NewRemote(cfg RemoteConfig) (*Remote, error) {
	var errs []string
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Sprintf("url %q: want http(s)://host[:port]", cfg.URL))
	}
	if cfg.Model == "" || strings.ContainsAny(cfg.Model, "/?#") {
		errs = append(errs, fmt.Sprintf("model %q: want a model name without / ? #", cfg.Model))
	}
	if cfg.Input == "" {
		cfg.Input = "text"
	}
	if cfg.Output == "" {
		cfg.Output = "probs"
	}
	if len(cfg.Labels) == 0 {
		cfg.Labels = Labels[:]
	}
	r := &Remote{cfg: cfg}
	seen := map[int]bool{}
	for _, l := range cfg.Labels {
		i, err := LabelIndex(l)
		if err != nil {
			errs = append(errs, "labels: "+err.Error())
			continue
		}
		if seen[i] {
			errs = append(errs, fmt.Sprintf("labels: %q given twice", l))
		}
		seen[i] = true
		r.cols = append(r.cols, i)
	}
	if cfg.Timeout == 0 {
		r.cfg.Timeout = 2 * time.Second
	}
	switch {
	case cfg.Retries == -1:
		r.cfg.Retries = 0
	case cfg.Retries == 0:
		r.cfg.Retries = 2
	case cfg.Retries < 0 || cfg.Retries > 10:
		errs = append(errs, fmt.Sprintf("retries %d: want 0..10 (-1 for none)", cfg.Retries))
	}
	if cfg.Backoff == 0 {
		r.cfg.Backoff = 100 * time.Millisecond
	}
	if cfg.BreakerFailures == 0 {
		r.cfg.BreakerFailures = 5
	}
	if cfg.BreakerCooldown == 0 {
		r.cfg.BreakerCooldown = 30 * time.Second
	}
	if r.cfg.Client == nil {
		r.cfg.Client = &http.Client{}
	}
	if r.cfg.Now == nil {
		r.cfg.Now = time.Now
	}
	if r.cfg.Sleep == nil {
		r.cfg.Sleep = sleepCtx
	}
	for i := range r.thr {
		r.thr[i] = 2
	}
	switch {
	case cfg.Thresholds != nil:
		for l, t := range cfg.Thresholds {
			i, err := LabelIndex(l)
			if err != nil || !harmful(i) || !(t >= 0 && t <= 1) {
				errs = append(errs, fmt.Sprintf("threshold %s=%g: want propaganda or recruitment, 0..1", l, t))
				continue
			}
			r.thr[i] = t
		}
	case cfg.Fallback != nil:
		r.thr = cfg.Fallback.thr
	default:
		r.thr[idxPropaganda], r.thr[idxRecruitment] = 0.9, 0.9
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("remote classifier: %s", joinErrs(errs))
	}
	if u != nil {
		r.endpoint = strings.TrimSuffix(cfg.URL, "/") + "/v2/models/" + url.PathEscape(cfg.Model) + "/infer"
	}
	return r, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Name implements rampart.Detector.
func (r *Remote) Name() string { return rampart.DetectorClassifier }

// State reports the circuit breaker's state: closed, open or half-open
// (the cool-down is over, or a trial call is in flight).
func (r *Remote) State() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state == breakerOpen && r.cfg.Now().Sub(r.openedAt) >= r.cfg.BreakerCooldown {
		return breakerHalfOpen.String()
	}
	return r.state.String()
}

// allow says whether a call may go to the server now. After the cool-down
// exactly one trial call goes through (half-open) until its outcome is
// recorded.
func (r *Remote) allow() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch r.state {
	case breakerClosed:
		return true
	case breakerOpen:
		if r.cfg.Now().Sub(r.openedAt) >= r.cfg.BreakerCooldown {
			r.state = breakerHalfOpen
			return true
		}
	}
	return false
}

// record notes the outcome of a call: success closes the breaker; failure
// counts, and opens it at the threshold or when the half-open trial failed.
func (r *Remote) record(ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ok {
		r.failures = 0
		r.state = breakerClosed
		return
	}
	r.failures++
	if r.state == breakerHalfOpen || r.failures >= r.cfg.BreakerFailures {
		r.state = breakerOpen
		r.openedAt = r.cfg.Now()
	}
}

// release undoes allow for a call abandoned by its caller (context ended):
// that says nothing about the server, so a half-open trial is given back.
func (r *Remote) release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state == breakerHalfOpen {
		r.state = breakerOpen
	}
}

// Detect classifies a post's text remotely, or with the fallback model when
// the server fails or the breaker is open.
func (r *Remote) Detect(ctx context.Context, it rampart.Item) ([]rampart.Signal, error) {
	if it.Post == nil || it.Post.Text == "" {
		return nil, nil
	}
	text := it.Post.Text
	var cause error
	if r.allow() {
		probs, err := r.call(ctx, text)
		if err == nil {
			r.record(true)
			p := Prediction{Probs: probs}
			c := argmax(&probs)
			p.Label = Labels[c]
			p.Flagged = harmful(c) && probs[c] >= r.thr[c]
			return []rampart.Signal{signalOf(p, "remote:"+r.cfg.Model, map[string]any{"answered_by": "remote"})}, nil
		}
		if ctx.Err() != nil {
			r.release()
			return nil, fmt.Errorf("remote classifier: %w", ctx.Err())
		}
		r.record(false)
		cause = err
	} else {
		cause = errors.New("circuit breaker open")
	}
	if r.cfg.Fallback == nil {
		return nil, fmt.Errorf("remote classifier %s: %w (no fallback model)", r.cfg.Model, cause)
	}
	p := r.cfg.Fallback.Predict(text)
	return []rampart.Signal{signalOf(p, r.cfg.Fallback.Version(), map[string]any{
		"answered_by":     "local",
		"fallback_reason": cause.Error(),
	})}, nil
}

// call makes one request with bounded retries and exponential backoff.
// Client errors (4xx) and malformed responses are not retried: they will
// not get better.
func (r *Remote) call(ctx context.Context, text string) ([NumLabels]float64, error) {
	var last error
	wait := r.cfg.Backoff
	for attempt := 0; attempt <= r.cfg.Retries; attempt++ {
		if attempt > 0 {
			if err := r.cfg.Sleep(ctx, wait); err != nil {
				return [NumLabels]float64{}, err
			}
			wait *= 2
		}
		p, retry, err := r.once(ctx, text)
		if err == nil {
			return p, nil
		}
		last = fmt.Errorf("attempt %d: %w", attempt+1, err)
		if !retry || ctx.Err() != nil {
			break
		}
	}
	return [NumLabels]float64{}, last
}

type inferTensor struct {
	Name     string          `json:"name"`
	Shape    []int           `json:"shape"`
	Datatype string          `json:"datatype"`
	Data     json.RawMessage `json:"data"`
}

func (r *Remote) once(ctx context.Context, text string) (probs [NumLabels]float64, retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	data, _ := json.Marshal([]string{text})
	body, _ := json.Marshal(map[string]any{"inputs": []inferTensor{{Name: r.cfg.Input, Shape: []int{1}, Datatype: "BYTES", Data: data}}})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.endpoint, bytes.NewReader(body))
	if err != nil {
		return probs, false, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.cfg.Client.Do(req)
	if err != nil {
		return probs, true, fmt.Errorf("post %s: %w", r.endpoint, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return probs, true, fmt.Errorf("read response: %w", err)
	}
	if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
		return probs, true, fmt.Errorf("server answered %s", resp.Status)
	}
	if resp.StatusCode != http.StatusOK {
		return probs, false, fmt.Errorf("server answered %s: %.200s", resp.Status, raw)
	}
	probs, err = r.parse(raw)
	return probs, false, err
}

// parse reads the output tensor, checking name, shape, type and values.
func (r *Remote) parse(raw []byte) ([NumLabels]float64, error) {
	var probs [NumLabels]float64
	var resp struct {
		Outputs []inferTensor `json:"outputs"`
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		return probs, fmt.Errorf("malformed response: %w", err)
	}
	var out *inferTensor
	for i := range resp.Outputs {
		if resp.Outputs[i].Name == r.cfg.Output {
			out = &resp.Outputs[i]
		}
	}
	if out == nil {
		return probs, fmt.Errorf("malformed response: $.outputs has no tensor named %q", r.cfg.Output)
	}
	n := len(r.cols)
	shapeOK := (len(out.Shape) == 2 && out.Shape[0] == 1 && out.Shape[1] == n) || (len(out.Shape) == 1 && out.Shape[0] == n)
	if !shapeOK {
		return probs, fmt.Errorf("malformed response: output %q has shape %v, want [1, %d]", r.cfg.Output, out.Shape, n)
	}
	if out.Datatype != "FP32" && out.Datatype != "FP64" {
		return probs, fmt.Errorf("malformed response: output %q has datatype %q, want FP32 or FP64", r.cfg.Output, out.Datatype)
	}
	var vals []float64
	if err := json.Unmarshal(out.Data, &vals); err != nil {
		return probs, fmt.Errorf("malformed response: output %q data: %w", r.cfg.Output, err)
	}
	if len(vals) != n {
		return probs, fmt.Errorf("malformed response: output %q has %d values, want %d", r.cfg.Output, len(vals), n)
	}
	var sum float64
	for k, v := range vals {
		if !(v >= 0 && v <= 1) || math.IsNaN(v) {
			return probs, fmt.Errorf("malformed response: output %q value %d is %g, want a probability in [0, 1]", r.cfg.Output, k, v)
		}
		probs[r.cols[k]] = v
		sum += v
	}
	if sum == 0 {
		return probs, fmt.Errorf("malformed response: output %q is all zero", r.cfg.Output)
	}
	return probs, nil
}
