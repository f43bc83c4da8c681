package api

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// metrics are a few hand-written Prometheus series: requests by route and
// status, and request time by route. Route labels come from the route
// table, never from the raw path, so the label set is bounded.
type metrics struct {
	mu       sync.Mutex
	requests map[[2]string]uint64 // route, status → count
	seconds  map[string]float64   // route → total seconds
	counts   map[string]uint64    // route → observations
	inFlight int64
}

func newMetrics() *metrics {
	return &metrics{requests: map[[2]string]uint64{}, seconds: map[string]float64{}, counts: map[string]uint64{}}
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// instrument counts and times a route and logs it at debug.
func (s *Server) instrument(rt Route, h http.Handler) http.Handler {
	label := rt.Pattern()
	if rt.Method == "" {
		label = rt.Path
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.metrics.mu.Lock()
		s.metrics.inFlight++
		s.metrics.mu.Unlock()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		d := time.Since(start)
		s.metrics.mu.Lock()
		s.metrics.inFlight--
		s.metrics.requests[[2]string{label, strconv.Itoa(sw.status)}]++
		s.metrics.seconds[label] += d.Seconds()
		s.metrics.counts[label]++
		s.metrics.mu.Unlock()
		s.log.DebugContext(r.Context(), "request", "route", label, "status", sw.status, "duration", d)
	})
}

// metricsHandler writes the Prometheus text exposition format 0.0.4.
func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	s.metrics.mu.Lock()
	b.WriteString("# HELP rampart_http_requests_total HTTP requests served, by route and status.\n")
	b.WriteString("# TYPE rampart_http_requests_total counter\n")
	keys := make([][2]string, 0, len(s.metrics.requests))
	for k := range s.metrics.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+" "+a[1], b[0]+" "+b[1]) })
	for _, k := range keys {
		fmt.Fprintf(&b, "rampart_http_requests_total{route=%s,status=%q} %d\n", quoteLabel(k[0]), k[1], s.metrics.requests[k])
	}
	b.WriteString("# HELP rampart_http_request_duration_seconds Time spent serving requests, by route.\n")
	b.WriteString("# TYPE rampart_http_request_duration_seconds summary\n")
	routes := make([]string, 0, len(s.metrics.counts))
	for k := range s.metrics.counts {
		routes = append(routes, k)
	}
	slices.Sort(routes)
	for _, rt := range routes {
		fmt.Fprintf(&b, "rampart_http_request_duration_seconds_sum{route=%s} %g\n", quoteLabel(rt), s.metrics.seconds[rt])
		fmt.Fprintf(&b, "rampart_http_request_duration_seconds_count{route=%s} %d\n", quoteLabel(rt), s.metrics.counts[rt])
	}
	b.WriteString("# HELP rampart_http_requests_in_flight Requests being served now.\n")
	b.WriteString("# TYPE rampart_http_requests_in_flight gauge\n")
	fmt.Fprintf(&b, "rampart_http_requests_in_flight %d\n", s.metrics.inFlight)
	s.metrics.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = w.Write([]byte(b.String()))
}

// quoteLabel escapes a label value as the exposition format asks:
// backslash, double quote and newline.
func quoteLabel(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(v) + `"`
}
