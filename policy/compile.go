package policy

import (
	"strings"

	"cel.dev/cel-go/cel"
	yaml "go.yaml.in/yaml/v3"
)

// compiler turns rule specs into programs, recording CEL problems at their
// place in the YAML file.
type compiler struct {
	*reader
	lines     []string
	costLimit uint64
}

// compile checks and plans a rule's expressions. ok is false when the rule
// has a problem (already recorded).
func (c *compiler) compile(rs ruleSpec) (rule, bool) {
	out := rule{info: rs.info}
	env, err := environment()
	if err != nil {
		c.addf(nil, rs.info.ID, "%v", err)
		return out, false
	}
	ok := true
	if rs.when != nil && strings.TrimSpace(rs.info.When) != "" {
		prg, checked, good := c.program(env, rs, "when", rs.when, rs.info.When, cel.BoolType)
		out.when, ok = prg, ok && good
		if good {
			out.info.NeedsKinds = requiredKinds(checked)
		}
	} else {
		ok = false // missing or empty: already reported
	}
	if rs.actionExpr != nil && strings.TrimSpace(rs.info.ActionExpr) != "" {
		prg, _, good := c.program(env, rs, "action_expr", rs.actionExpr, rs.info.ActionExpr, cel.StringType)
		out.action, ok = prg, ok && good
	} else if rs.info.Action == "" {
		ok = false
	}
	return out, ok
}

// program compiles one expression that must yield want.
func (c *compiler) program(env *cel.Env, rs ruleSpec, key string, n *yaml.Node, expr string, want *cel.Type) (cel.Program, *cel.Ast, bool) {
	checked, iss := env.Compile(expr)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			line, col := exprPosition(c.lines, n, expr, e.Location.Line(), e.Location.Column())
			c.problems = append(c.problems, Problem{File: c.file, Line: line, Column: col, Rule: rs.info.ID,
				Msg: key + ": " + messageFixer.Replace(e.Message)})
		}
		return nil, nil, false
	}
	if got := checked.OutputType(); !got.IsExactType(want) {
		c.addf(n, rs.info.ID, "%s must be a %s expression, got %s", key, want, messageFixer.Replace(got.String()))
		return nil, nil, false
	}
	prg, err := env.Program(checked,
		cel.CostLimit(c.costLimit),
		cel.EvalOptions(cel.OptTrackCost, cel.OptOptimize),
	)
	if err != nil {
		c.addf(n, rs.info.ID, "%s: %v", key, err)
		return nil, nil, false
	}
	return prg, checked, true
}
