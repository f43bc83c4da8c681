package policy

import (
	"context"
	"fmt"
	"slices"

	"cel.dev/cel-go/common/types"
	rampart "github.com/rampart-tt/rampart"
)

// Evaluate runs every live and shadow rule against the input and returns
// the decision: the action of the most severe live rule that fired (ties go
// to the first in file order), with that rule's id, reason and basis; Fired
// lists every live rule that fired, most severe first; Shadow lists shadow
// rules that fired, which never set the action. With no live rule fired the
// action is none and Rule is "".
//
// A rule that fails to evaluate (a missing map key, a cost limit exceeded,
// an action_expr giving no valid action) makes Evaluate fail with an error
// naming the rule and its line: a policy that cannot be applied as written
// must not silently decide "none".
func (p *Policy) Evaluate(ctx context.Context, in Input) (rampart.Decision, error) {
	st := &evalState{in: &in, now: p.now}
	var d rampart.Decision
	for i := range p.rules {
		r := &p.rules[i]
		if r.info.Mode == rampart.ModeDisabled {
			continue
		}
		if err := ctx.Err(); err != nil {
			return rampart.Decision{}, fmt.Errorf("evaluate policy %s: %w", p.Version(), err)
		}
		if !hasKinds(in.Signals, r.info.NeedsKinds) {
			continue
		}
		fired, err := r.fires(st)
		if err != nil {
			return rampart.Decision{}, p.ruleError(r, "when", err)
		}
		if !fired {
			continue
		}
		action := r.info.Action
		if r.action != nil {
			if action, err = r.evalAction(st); err != nil {
				return rampart.Decision{}, p.ruleError(r, "action_expr", err)
			}
		}
		hit := rampart.RuleHit{Rule: r.info.ID, Action: action, Reason: r.info.Reason, Basis: r.info.Basis}
		if r.info.Mode == rampart.ModeShadow {
			d.Shadow = append(d.Shadow, hit)
		} else {
			d.Fired = append(d.Fired, hit)
		}
	}
	// Stable, so that among equally severe rules file order decides.
	slices.SortStableFunc(d.Fired, func(a, b rampart.RuleHit) int {
		return b.Action.Severity() - a.Action.Severity()
	})
	d.Action = rampart.ActionNone
	if len(d.Fired) > 0 {
		top := d.Fired[0]
		d.Action, d.Rule, d.Reason, d.Basis = top.Action, top.Rule, top.Reason, top.Basis
	}
	return d, nil
}

func (r *rule) fires(st *evalState) (bool, error) {
	out, _, err := r.when.Eval(st)
	if err != nil {
		return false, err
	}
	b, ok := out.(types.Bool)
	if !ok {
		return false, fmt.Errorf("want a bool, got %s", out.Type().TypeName())
	}
	return bool(b), nil
}

func (r *rule) evalAction(st *evalState) (rampart.Action, error) {
	out, _, err := r.action.Eval(st)
	if err != nil {
		return "", err
	}
	s, ok := out.(types.String)
	if !ok {
		return "", fmt.Errorf("want a string, got %s", out.Type().TypeName())
	}
	return rampart.ParseAction(string(s))
}

func (p *Policy) ruleError(r *rule, key string, err error) error {
	return fmt.Errorf("policy %s: rule %q (line %d) %s: %w", p.Version(), r.info.ID, r.info.Line, key, err)
}

// hasKinds reports whether signals include at least one of each kind.
func hasKinds(signals []rampart.Signal, kinds []string) bool {
next:
	for _, k := range kinds {
		for i := range signals {
			if signals[i].Kind == k {
				continue next
			}
		}
		return false
	}
	return true
}
