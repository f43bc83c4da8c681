// Command loadtest drives a running `rampart serve` on loopback with a mix of
// reads (findings, cases, the review queue) and writes (case create, claim,
// decide), and prints throughput and latency percentiles.
//
// It stops by itself after -requests requests or -duration, whichever comes
// first, and refuses any server that is not on a loopback address, so that
// it cannot be pointed at a production deployment by mistake. The admin
// token comes from RAMPART_TOKEN (never a flag, to stay out of process
// lists). bench/load.sh builds a database, starts the server and runs it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api/client"
	"github.com/rampart-tt/rampart/casework"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// config is what the flags say.
type config struct {
	server      string
	token       string
	requests    int
	duration    time.Duration
	concurrency int
	seed        uint64
}

func parse(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.StringVar(&c.server, "server", "http://127.0.0.1:8080", "server URL (loopback only)")
	fs.IntVar(&c.requests, "requests", 20000, "stop after this many requests (at most 1000000)")
	fs.DurationVar(&c.duration, "duration", 30*time.Second, "stop after this long (at most 10m)")
	fs.IntVar(&c.concurrency, "concurrency", 8, "concurrent clients (1 to 256)")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed of the request mix")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.token = os.Getenv("RAMPART_TOKEN")
	var problems []error
	if c.token == "" {
		problems = append(problems, errors.New("set RAMPART_TOKEN to an admin token of the server"))
	}
	if c.requests < 1 || c.requests > 1_000_000 {
		problems = append(problems, fmt.Errorf("-requests %d: want 1 to 1000000", c.requests))
	}
	if c.duration <= 0 || c.duration > 10*time.Minute {
		problems = append(problems, fmt.Errorf("-duration %s: want more than 0 and at most 10m", c.duration))
	}
	if c.concurrency < 1 || c.concurrency > 256 {
		problems = append(problems, fmt.Errorf("-concurrency %d: want 1 to 256", c.concurrency))
	}
	if err := loopback(c.server); err != nil {
		problems = append(problems, err)
	}
	return c, errors.Join(problems...)
}

// loopback refuses servers that are not on a loopback address.
func loopback(server string) error {
	u, err := url.Parse(server)
	if err != nil {
		return fmt.Errorf("-server %q: %w", server, err)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-server %q: only loopback servers (127.0.0.1, ::1, localhost) may be load-tested", server)
	}
	return nil
}

// op is one kind of request in the mix.
type op string

const (
	opFindings op = "findings"
	opCases    op = "cases"
	opQueue    op = "queue"
	opCreate   op = "case_create"
	opClaim    op = "claim"
	opDecide   op = "decide"
)

// mix is the share of each operation, in percent; claim is always followed
// by decide on the same case, so the two together take their share.
var mix = []struct {
	op  op
	pct int
}{
	{opFindings, 35}, {opCases, 20}, {opQueue, 15}, {opCreate, 15}, {opClaim, 15},
}

// sample is one finished request.
type sample struct {
	op  op
	dur time.Duration
	err bool
}

func run(ctx context.Context, args []string, out io.Writer) error {
	cfg, err := parse(args)
	if err != nil {
		return err
	}
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: cfg.concurrency}}
	admin, err := client.New(cfg.server, cfg.token, hc)
	if err != nil {
		return err
	}
	keys, err := accountKeys(ctx, admin)
	if err != nil {
		return err
	}
	reviewer, err := newReviewer(ctx, admin, cfg, hc)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	var (
		issued  atomic.Int64
		mu      sync.Mutex
		samples = make([]sample, 0, cfg.requests)
		// open holds created cases not yet claimed, for claim and decide.
		openMu sync.Mutex
		open   []int64
	)
	record := func(o op, start time.Time, err error) {
		if err != nil && ctx.Err() != nil {
			return // cut off by -duration, not a server failure
		}
		mu.Lock()
		samples = append(samples, sample{o, time.Since(start), err != nil})
		mu.Unlock()
	}
	// take reserves n requests of the budget.
	take := func(n int64) bool { return issued.Add(n) <= int64(cfg.requests) }

	began := time.Now()
	var wg sync.WaitGroup
	for w := range cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(cfg.seed, uint64(w)))
			for ctx.Err() == nil {
				o := pick(rng)
				if o == opClaim {
					openMu.Lock()
					if len(open) == 0 {
						o = opCreate
					}
					openMu.Unlock()
				}
				switch o {
				case opFindings:
					if !take(1) {
						return
					}
					t := time.Now()
					q := url.Values{"limit": {"50"}, "account": {keys[rng.IntN(len(keys))]}}
					_, err := admin.Findings(ctx, q)
					record(o, t, err)
				case opCases:
					if !take(1) {
						return
					}
					t := time.Now()
					_, err := admin.Cases(ctx, url.Values{"limit": {"50"}, "status": {"open"}})
					record(o, t, err)
				case opQueue:
					if !take(1) {
						return
					}
					t := time.Now()
					_, err := reviewer.Reviews(ctx, 50)
					record(o, t, err)
				case opCreate:
					if !take(1) {
						return
					}
					t := time.Now()
					k, err := admin.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: keys[rng.IntN(len(keys))]}, "")
					record(o, t, err)
					if err == nil {
						openMu.Lock()
						open = append(open, k.ID)
						openMu.Unlock()
					}
				case opClaim:
					if !take(2) {
						return
					}
					openMu.Lock()
					if len(open) == 0 {
						openMu.Unlock()
						continue
					}
					id := open[len(open)-1]
					open = open[:len(open)-1]
					openMu.Unlock()
					t := time.Now()
					_, err := reviewer.Claim(ctx, id)
					record(opClaim, t, err)
					if err != nil {
						continue
					}
					t = time.Now()
					// refer is outside the default two-person rule, so one
					// reviewer decides the case.
					_, err = reviewer.Decide(ctx, id, casework.Decision{Action: rampart.ActionRefer, Reason: "LOADTEST", Basis: "load test"})
					record(opDecide, t, err)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(began)
	report(out, samples, elapsed, cfg)
	return nil
}

func pick(rng *rand.Rand) op {
	n := rng.IntN(100)
	for _, m := range mix {
		if n < m.pct {
			return m.op
		}
		n -= m.pct
	}
	return mix[len(mix)-1].op
}

// accountKeys lists accounts that have findings, to open cases on and
// filter by.
func accountKeys(ctx context.Context, c *client.Client) ([]string, error) {
	fl, err := c.Findings(ctx, url.Values{"limit": {"1000"}})
	if err != nil {
		return nil, fmt.Errorf("list findings: %w", err)
	}
	seen := map[string]bool{}
	var keys []string
	for _, f := range fl.Findings {
		if f.AccountID != "" && !seen[f.AccountID] {
			seen[f.AccountID] = true
			keys = append(keys, f.AccountID)
		}
	}
	if len(keys) == 0 {
		return nil, errors.New("the server has no findings with an account; scan some input into its database first (bench/load.sh does)")
	}
	return keys, nil
}

// newReviewer makes a reviewer user and returns a client with its token.
func newReviewer(ctx context.Context, admin *client.Client, cfg config, hc *http.Client) (*client.Client, error) {
	name := fmt.Sprintf("loadtest-reviewer-%d", time.Now().UnixNano())
	u, err := admin.CreateUser(ctx, casework.NewUser{Name: name, Role: rampart.RoleReviewer}, "")
	if err != nil {
		return nil, fmt.Errorf("create reviewer: %w", err)
	}
	tok, err := admin.CreateToken(ctx, casework.NewToken{UserID: u.ID, TTL: "1h"})
	if err != nil {
		return nil, fmt.Errorf("create reviewer token: %w", err)
	}
	return client.New(cfg.server, tok.Secret, hc)
}

// report prints the totals and, per operation and overall, p50/p90/p99
// latency (nearest-rank percentiles over every request).
func report(w io.Writer, samples []sample, elapsed time.Duration, cfg config) {
	fmt.Fprintf(w, "requests %d in %.2fs with %d clients: %.0f requests/s\n",
		len(samples), elapsed.Seconds(), cfg.concurrency, float64(len(samples))/elapsed.Seconds())
	byOp := map[op][]time.Duration{}
	errs := map[op]int{}
	var all []time.Duration
	for _, s := range samples {
		byOp[s.op] = append(byOp[s.op], s.dur)
		all = append(all, s.dur)
		if s.err {
			errs[s.op]++
		}
	}
	fmt.Fprintf(w, "%-12s %7s %6s %9s %9s %9s\n", "operation", "count", "errors", "p50", "p90", "p99")
	line := func(name string, d []time.Duration, e int) {
		slices.Sort(d)
		fmt.Fprintf(w, "%-12s %7d %6d %9s %9s %9s\n", name, len(d), e, pct(d, 50), pct(d, 90), pct(d, 99))
	}
	for _, o := range []op{opFindings, opCases, opQueue, opCreate, opClaim, opDecide} {
		if len(byOp[o]) > 0 {
			line(string(o), byOp[o], errs[o])
		}
	}
	total := 0
	for _, e := range errs {
		total += e
	}
	line("all", all, total)
}

// pct is the nearest-rank p-th percentile of sorted d.
func pct(d []time.Duration, p int) string {
	if len(d) == 0 {
		return "-"
	}
	i := (p*len(d)+99)/100 - 1
	i = max(0, min(i, len(d)-1))
	return d[i].Round(10 * time.Microsecond).String()
}
