package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/rampart-tt/rampart"
)

// Decider turns the signals of one subject into a decision. The policy
// package provides one; the pipeline does not depend on it.
// author is the post's author when the input carried that account earlier
// (nil otherwise), so that rules can weigh account facts for posts.
type Decider interface {
	Decide(ctx context.Context, subj rampart.Subject, it *rampart.Item, author *rampart.Account, signals []rampart.Signal) (rampart.Decision, error)
}

// Config wires a pipeline. Detectors run in order on every item.
type Config struct {
	Detectors []rampart.Detector
	// Contextual detectors run only on items where Detectors found
	// something. The text classifier is one: its label matters for action
	// only beside a designated group named or linked, and running it on
	// every post would give every post a finding (and cost the most CPU).
	Contextual []rampart.Detector
	// AuthorLinks run on a post's author account (when the input carried
	// it) and their mention signals are attached to the post as links
	// (see authorlinks.go): a post in a Telegram channel named after a
	// media wing, or by an account whose profile claims a group, is linked
	// to that group though its text does not name it.
	AuthorLinks []rampart.Detector
	// Analyzers look at windows of items (see window.go); with none, the
	// pipeline streams item by item.
	Analyzers []rampart.Analyzer
	// Window is the most items an analyzer window holds (0: 200,000).
	Window    int
	Decider   Decider
	Versions  rampart.Versions
	Workers   int // 0: GOMAXPROCS
	BatchSize int // 0: 256
	// MaxAuthors bounds the accounts remembered to give posts their author
	// (0: 200,000, about 100 MB). Past it, the oldest half is forgotten.
	MaxAuthors int
	Now        func() time.Time
}

// Result is one item as it leaves the pipeline. Finding is nil when no
// detector found anything. Synthetic results carry a finding about a subject
// that was not an item of the input (a cluster, or an account known only as
// an author); their Item is empty or a stub and must not be stored as input.
type Result struct {
	Item      rampart.Item
	Finding   *rampart.Finding
	Synthetic bool
}

// RecordError is implemented by per-record input errors (a bad line): the
// pipeline counts them and goes on. Any other input error is fatal.
type RecordError interface {
	error
	RecordReason() string
}

// Pipeline is safe to Run once at a time.
type Pipeline struct {
	cfg Config
}

// New checks the configuration and returns a pipeline.
func New(cfg Config) (*Pipeline, error) {
	if cfg.Decider == nil {
		return nil, errors.New("pipeline: no decider (policy) configured")
	}
	for i, d := range slices.Concat(cfg.Detectors, cfg.Contextual, cfg.AuthorLinks) {
		if d == nil {
			return nil, fmt.Errorf("pipeline: detector %d is nil", i)
		}
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 256
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Window <= 0 {
		cfg.Window = 200_000
	}
	if cfg.MaxAuthors <= 0 {
		cfg.MaxAuthors = 200_000
	}
	return &Pipeline{cfg: cfg}, nil
}

type batch struct {
	seq     int
	items   []rampart.Item
	authors []*author // parallel to items; nil when unknown
	results []Result
	err     error
}

// Run reads items from in, runs detection and policy, and calls emit for
// every item in input order. A per-record input error is passed to onReject
// (which may be nil) and counted; a fatal input error, a detector or policy
// error, or an emit error stops the run and is returned with the stats so far.
func (p *Pipeline) Run(ctx context.Context, in iter.Seq2[rampart.Item, error], emit func(Result) error, onReject func(error)) (Stats, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stats := newStats()

	todo := make(chan *batch, p.cfg.Workers)
	done := make(chan *batch, p.cfg.Workers*2)
	var wg sync.WaitGroup
	for range p.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range todo {
				b.err = p.process(ctx, b)
				done <- b
			}
		}()
	}

	// Producer: reads input in this goroutine's sibling so that emit (in the
	// caller's goroutine) and reading overlap.
	var readErr error
	var readStats Stats
	go func() {
		defer func() {
			close(todo)
			wg.Wait()
			close(done)
		}()
		seq := 0
		authors := newAuthorCache(p.cfg.MaxAuthors)
		newBatch := func() *batch {
			return &batch{seq: seq, items: make([]rampart.Item, 0, p.cfg.BatchSize),
				authors: make([]*author, 0, p.cfg.BatchSize)}
		}
		cur := newBatch()
		send := func() bool {
			select {
			case todo <- cur:
			case <-ctx.Done():
				return false
			}
			seq++
			cur = newBatch()
			return true
		}
		for it, err := range in {
			if err != nil {
				var re RecordError
				if errors.As(err, &re) {
					readStats.reject(re.RecordReason())
					if onReject != nil {
						onReject(err)
					}
					continue
				}
				readErr = err
				break
			}
			readStats.Read++
			for _, f := range it.Flags {
				readStats.flag(f)
			}
			// Authors are tracked here, in input order, so that a post
			// sees the account read before it whatever the worker count.
			cur.items = append(cur.items, it)
			cur.authors = append(cur.authors, authors.see(it))
			if len(cur.items) == p.cfg.BatchSize && !send() {
				return
			}
			if ctx.Err() != nil {
				return
			}
		}
		if len(cur.items) > 0 {
			send()
		}
	}()

	// Reorder and emit in the caller's goroutine.
	pending := map[int]*batch{}
	next := 0
	var runErr error
	var win *window
	if len(p.cfg.Analyzers) > 0 {
		win = newWindow(p)
	}
	out := func(r Result) error {
		stats.count(r)
		if err := emit(r); err != nil {
			subj := r.Item.Subject()
			if r.Finding != nil {
				subj = r.Finding.Subject()
			}
			return fmt.Errorf("emit %s: %w", subj, err)
		}
		return nil
	}
	flush := func() error {
		rs, err := win.flush(ctx)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := out(r); err != nil {
				return err
			}
		}
		return nil
	}
	for b := range done {
		if runErr != nil {
			continue // drain
		}
		pending[b.seq] = b
		for {
			nb, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if nb.err != nil {
				runErr = nb.err
				cancel(runErr)
				break
			}
			for _, r := range nb.results {
				var err error
				if win == nil {
					err = out(r)
				} else if now, full := win.add(r); now {
					err = out(r)
					if err == nil && full {
						err = flush()
					}
				} else if full {
					err = flush()
				}
				if err != nil {
					runErr = err
					cancel(runErr)
					break
				}
			}
			if runErr != nil {
				break
			}
		}
	}
	stats.merge(readStats)
	if runErr == nil && win != nil && readErr == nil && ctx.Err() == nil {
		runErr = flush()
	}
	if runErr != nil {
		return stats, runErr
	}
	if readErr != nil {
		return stats, fmt.Errorf("read input: %w", readErr)
	}
	if err := context.Cause(ctx); err != nil && ctx.Err() != nil {
		return stats, err
	}
	return stats, nil
}

func (p *Pipeline) process(ctx context.Context, b *batch) error {
	b.results = make([]Result, len(b.items))
	for i := range b.items {
		if err := ctx.Err(); err != nil {
			return err
		}
		a := b.authors[i]
		f, err := p.evaluate(ctx, &b.items[i], a.account(), func() ([]rampart.Signal, error) {
			a.once.Do(func() { a.links, a.err = p.authorLinks(ctx, a.acct) })
			return a.links, a.err
		})
		if err != nil {
			return err
		}
		b.results[i] = Result{Item: b.items[i], Finding: f}
	}
	return nil
}

// Evaluate runs every detector and the policy on one item and returns its
// finding, or nil when no detector found anything. author may be nil.
func (p *Pipeline) Evaluate(ctx context.Context, it *rampart.Item, author *rampart.Account) (*rampart.Finding, error) {
	return p.evaluate(ctx, it, author, func() ([]rampart.Signal, error) { return p.authorLinks(ctx, author) })
}

// evaluate is Evaluate with the author's links found by links, which the
// streaming path memoises per author.
func (p *Pipeline) evaluate(ctx context.Context, it *rampart.Item, author *rampart.Account, links func() ([]rampart.Signal, error)) (*rampart.Finding, error) {
	var signals []rampart.Signal
	for _, d := range p.cfg.Detectors {
		s, err := d.Detect(ctx, *it)
		if err != nil {
			return nil, fmt.Errorf("detector %s on %s: %w", d.Name(), it.Subject(), err)
		}
		signals = append(signals, s...)
	}
	if it.Post != nil && author != nil && len(p.cfg.AuthorLinks) > 0 {
		s, err := links()
		if err != nil {
			return nil, fmt.Errorf("author links of %s: %w", it.Subject(), err)
		}
		signals = append(signals, s...)
	}
	if len(signals) == 0 {
		return nil, nil
	}
	for _, d := range p.cfg.Contextual {
		s, err := d.Detect(ctx, *it)
		if err != nil {
			return nil, fmt.Errorf("detector %s on %s: %w", d.Name(), it.Subject(), err)
		}
		signals = append(signals, s...)
	}
	return p.decide(ctx, it.Subject(), it, author, signals)
}

// decide applies the policy to one subject's signals and builds its finding.
// it is nil for clusters.
func (p *Pipeline) decide(ctx context.Context, subj rampart.Subject, it *rampart.Item, author *rampart.Account, signals []rampart.Signal) (*rampart.Finding, error) {
	dec, err := p.cfg.Decider.Decide(ctx, subj, it, author, signals)
	if err != nil {
		return nil, fmt.Errorf("policy on %s: %w", subj, err)
	}
	return p.finding(subj, it, signals, dec), nil
}

func (p *Pipeline) finding(subj rampart.Subject, it *rampart.Item, signals []rampart.Signal, dec rampart.Decision) *rampart.Finding {
	action := dec.Action
	if action == "" {
		action = rampart.ActionNone
	}
	var origin *rampart.Origin
	accountID := ""
	if it != nil {
		o := it.Origin
		if o != (rampart.Origin{}) {
			origin = &o
		}
		accountID = it.AccountID()
	}
	return &rampart.Finding{
		Platform:  subj.Platform,
		Kind:      subj.Kind,
		ID:        subj.ID,
		AccountID: accountID,
		Action:    action,
		Score:     findingScore(signals),
		Rule:      dec.Rule,
		Reason:    dec.Reason,
		Basis:     dec.Basis,
		Versions:  p.cfg.Versions,
		Signals:   signals,
		Shadow:    dec.Shadow,
		Origin:    origin,
		CreatedAt: p.cfg.Now().UTC(),
	}
}

// findingScore is the strongest signal's score: a finding is as strong as
// its best evidence, and averaging would let weak mentions dilute a match.
func findingScore(signals []rampart.Signal) float64 {
	best := 0.0
	for _, s := range signals {
		if s.Score > best {
			best = s.Score
		}
	}
	return best
}
