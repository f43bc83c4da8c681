package main

import (
	"context"
	"fmt"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/account"
	"github.com/rampart-tt/rampart/bank"
	"github.com/rampart-tt/rampart/classify"
	"github.com/rampart-tt/rampart/designation"
	"github.com/rampart-tt/rampart/mediamatch"
	"github.com/rampart-tt/rampart/pipeline"
	"github.com/rampart-tt/rampart/policy"
)

// envOptions selects what a command runs with; zero values mean the embedded
// defaults, so that every command works from any directory with no files.
type envOptions struct {
	registry      *designation.Registry // nil = the shipped registry
	policyPath    string                // "" = embedded policies/default.yaml
	noClassifier  bool                  // skip the text classifier (the bare text path)
	namesOnly     bool                  // registry and matcher only: no policy, no classifier
	classifyAll   bool                  // classify every post, not only those naming a group
	banks         *bank.Matcher         // hash banks for media, avatars and URLs; nil = none
	enable        []string              // extra entity ids to screen (parties, movements)
	jurisdictions map[string][]string   // jurisdiction → lists in force; nil = every list
}

// env is the detection environment: registry, matcher, detectors and policy.
type env struct {
	registry   *designation.Registry
	matcher    *designation.Matcher
	policy     *policy.Policy
	classifier *classify.Model // nil when off
	detector   []rampart.Detector
	contextual []rampart.Detector // run only where detector found something
	names      *designation.Detector
	media      *mediamatch.Detector
}

// jurisdictionsOf says which jurisdictions' lists in force designate a group
// now: the deployment's scope when one is configured, else every list.
func jurisdictionsOf(reg *designation.Registry, scope map[string][]string) (func(string) []string, error) {
	sc, err := designation.ScopeFromMap(scope)
	if err != nil {
		return nil, fmt.Errorf("jurisdictions: %w", err)
	}
	return func(group string) []string {
		e, ok := reg.Entity(group)
		if !ok {
			return nil
		}
		return sc.Jurisdictions(e, time.Now())
	}, nil
}

func loadEnv(o envOptions) (*env, error) {
	reg := o.registry
	if reg == nil {
		var err error
		if reg, err = designation.Default(); err != nil {
			return nil, fmt.Errorf("load embedded designation registry: %w", err)
		}
	}
	m, err := designation.NewMatcher(reg.Screened(o.enable), designation.MatcherOptions{})
	if err != nil {
		return nil, fmt.Errorf("build name matcher: %w", err)
	}
	var pol *policy.Policy
	switch {
	case o.namesOnly:
		// match and designations eval decide nothing: no policy to compile.
	case o.policyPath == "":
		pol, err = policy.Default()
	default:
		pol, err = policy.Load(o.policyPath, policy.Options{})
	}
	if err != nil {
		return nil, err
	}
	names := designation.NewDetector(reg, m, o.jurisdictions)
	e := &env{
		registry: reg,
		matcher:  m,
		policy:   pol,
		names:    names,
		detector: []rampart.Detector{names},
	}
	if o.banks != nil && o.banks.Len() > 0 {
		juris, err := jurisdictionsOf(reg, o.jurisdictions)
		if err != nil {
			return nil, err
		}
		d, err := mediamatch.New(mediamatch.Config{
			Matcher:       o.banks,
			Entity:        reg.Entity,
			Jurisdictions: juris,
			HashFiles:     true,
		})
		if err != nil {
			return nil, fmt.Errorf("media matcher: %w", err)
		}
		e.media = d
		e.detector = append(e.detector, d)
	}
	if !o.noClassifier && !o.namesOnly {
		if e.classifier, err = classify.Default(); err != nil {
			return nil, fmt.Errorf("load embedded classifier: %w", err)
		}
		if o.classifyAll {
			e.detector = append(e.detector, classify.NewDetector(e.classifier))
		} else {
			e.contextual = append(e.contextual, classify.NewDetector(e.classifier))
		}
	}
	return e, nil
}

// models lists the model versions findings are made under.
func (e *env) models() map[string]string {
	m := map[string]string{"bot": account.DefaultModel().Version}
	if e.classifier != nil {
		m["classifier"] = e.classifier.Version()
	}
	return m
}

func (e *env) versions() rampart.Versions {
	return rampart.Versions{Policy: e.policy.Version(), Registry: e.registry.Version(), Models: e.models()}
}

// decider adapts the policy to the pipeline.
type decider struct{ e *env }

func (d decider) Decide(ctx context.Context, subj rampart.Subject, it *rampart.Item, author *rampart.Account, signals []rampart.Signal) (rampart.Decision, error) {
	return d.e.policy.Evaluate(ctx, policy.Input{Subject: subj, Item: it, Author: author, Signals: signals, Entities: d.e.registry.Entity})
}

func (e *env) pipeline(workers int, analyzers []rampart.Analyzer, window int) (*pipeline.Pipeline, error) {
	return pipeline.New(pipeline.Config{
		Detectors:  e.detector,
		Contextual: e.contextual,
		// A post is linked to the groups its author's profile names (a
		// channel titled after a media wing): the designation detector
		// is the only one whose account mentions mean that.
		AuthorLinks: []rampart.Detector{e.names},
		Analyzers:   analyzers,
		Window:      window,
		Decider:     decider{e},
		Versions:    e.versions(),
		Workers:     workers,
	})
}
