package pipeline

import (
	"context"
	"fmt"
	"slices"

	"github.com/rampart-tt/rampart"
)

// window collects items for analyzers (bot scores, coordination, ban
// evasion), which need many items at once. When analyzers are configured,
// account items are held back until their window closes, so that each
// account gets one finding carrying both what detectors saw in its profile
// and what analyzers saw in its behaviour, together with the signals of its
// posts (a bot score alone says little; a bot naming a designated group in
// propaganda is a case). Posts pass through at once.
//
// A window holds at most size items, which bounds memory; an account seen in
// two windows is judged in each (the store keeps the first finding per
// subject and versions).
type window struct {
	p        *Pipeline
	size     int
	items    []rampart.Item
	accounts map[subjectKey]*heldAccount
	order    []subjectKey // accounts in the order first seen
}

type subjectKey struct{ platform, id string }

// heldAccount is an account waiting for its window to close.
type heldAccount struct {
	item    *rampart.Item // nil when the account appeared only as an author
	own     []rampart.Signal
	posts   []rampart.Signal // strongest post signals, see keepPostSignal
	origins []string
}

// maxPostSignals bounds the post signals carried onto an account.
const maxPostSignals = 16

func newWindow(p *Pipeline) *window {
	return &window{p: p, size: p.cfg.Window, accounts: map[subjectKey]*heldAccount{}}
}

func (w *window) held(k subjectKey) *heldAccount {
	h, ok := w.accounts[k]
	if !ok {
		h = &heldAccount{}
		w.accounts[k] = h
		w.order = append(w.order, k)
	}
	return h
}

// add takes one result in input order. It returns whether the result should
// be emitted now (posts) or was held (accounts), and whether the window is
// full.
func (w *window) add(r Result) (emitNow, full bool) {
	w.items = append(w.items, r.Item)
	switch {
	case r.Item.Account != nil:
		a := r.Item.Account
		h := w.held(subjectKey{a.Platform, a.ID})
		it := r.Item
		h.item = &it
		if r.Finding != nil {
			h.own = r.Finding.Signals
		}
		emitNow = false
	case r.Item.Post != nil:
		p := r.Item.Post
		if r.Finding != nil && p.AccountID != "" {
			h := w.held(subjectKey{p.Platform, p.AccountID})
			for _, s := range r.Finding.Signals {
				h.posts = keepPostSignal(h.posts, s, p.ID)
			}
		}
		emitNow = true
	default:
		emitNow = true
	}
	return emitNow, len(w.items) >= w.size
}

// keepPostSignal adds a post's signal to an account's list, keeping one per
// (detector, kind, group, label) with the highest score and at most
// maxPostSignals in all.
//
// The evidence of a carried signal names its post: field "text" of post 42
// becomes "post:42.text", so that offsets still point into what they slice.
func keepPostSignal(have []rampart.Signal, s rampart.Signal, postID string) []rampart.Signal {
	s.Attrs = withAttr(s.Attrs, "post", postID)
	ev := make([]rampart.Evidence, len(s.Evidence))
	for i, e := range s.Evidence {
		e.Field = PostField(postID, e.Field)
		ev[i] = e
	}
	s.Evidence = ev
	for i, h := range have {
		if h.Detector == s.Detector && h.Kind == s.Kind && h.Group == s.Group && h.Attrs["label"] == s.Attrs["label"] {
			if s.Score > h.Score {
				have[i] = s
			}
			return have
		}
	}
	if len(have) < maxPostSignals {
		return append(have, s)
	}
	// Replace the weakest when the new one is stronger.
	weakest := 0
	for i := range have {
		if have[i].Score < have[weakest].Score {
			weakest = i
		}
	}
	if s.Score > have[weakest].Score {
		have[weakest] = s
	}
	return have
}

func withAttr(m map[string]any, k string, v any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for kk, vv := range m {
		out[kk] = vv
	}
	out[k] = v
	return out
}

// flush runs the analyzers over the window and returns the results to emit:
// every held account (with or without a finding) and every cluster.
func (w *window) flush(ctx context.Context) ([]Result, error) {
	if len(w.items) == 0 && len(w.accounts) == 0 {
		return nil, nil
	}
	bySubject := map[rampart.Subject][]rampart.Signal{}
	var clusters []rampart.Subject
	for _, a := range w.p.cfg.Analyzers {
		out, err := a.Analyze(ctx, w.items)
		if err != nil {
			return nil, fmt.Errorf("analyzer %s: %w", a.Name(), err)
		}
		for _, ss := range out {
			subj := ss.Subject
			if subj.Kind == rampart.KindAccount {
				w.held(subjectKey{subj.Platform, subj.ID})
			} else if _, seen := bySubject[subj]; !seen {
				clusters = append(clusters, subj)
			}
			bySubject[subj] = append(bySubject[subj], ss.Signal)
		}
	}
	var results []Result
	for _, k := range w.order {
		h := w.accounts[k]
		subj := rampart.Subject{Platform: k.platform, Kind: rampart.KindAccount, ID: k.id}
		it := rampart.Item{Account: &rampart.Account{Platform: k.platform, ID: k.id}}
		if h.item != nil {
			it = *h.item
		}
		analyzed := bySubject[subj]
		// An account known only as an author, with nothing found about
		// the account itself, gets no finding: its posts have theirs.
		if h.item == nil && len(analyzed) == 0 {
			continue
		}
		signals := slices.Concat(h.own, analyzed)
		if len(analyzed) > 0 || len(h.own) > 0 {
			signals = append(signals, h.posts...)
		}
		var f *rampart.Finding
		if len(signals) > 0 {
			var err error
			if f, err = w.p.decide(ctx, subj, &it, nil, signals); err != nil {
				return nil, err
			}
		}
		if h.item == nil {
			// Not in the input as an account: emit the finding only.
			results = append(results, Result{Item: it, Finding: f, Synthetic: true})
			continue
		}
		results = append(results, Result{Item: it, Finding: f})
	}
	for _, c := range clusters {
		f, err := w.p.decide(ctx, c, nil, nil, bySubject[c])
		if err != nil {
			return nil, err
		}
		results = append(results, Result{Finding: f, Synthetic: true})
	}
	w.items = w.items[:0]
	clear(w.accounts)
	w.order = w.order[:0]
	return results, nil
}

// PostField names a field of another post in evidence carried onto an
// account: "post:<id>.<field>".
func PostField(postID, field string) string { return "post:" + postID + "." + field }
