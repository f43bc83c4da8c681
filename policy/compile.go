package policy

import (
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	yaml "go.yaml.in/yaml/v3"
)

// compiler turns rule specs into programs, recording CEL problems at their
// place in the YAML file.
type compiler struct {
	*reader
	lines     []string
	costLimit uint64
	// env is the shared environment extended with the file's conditions.
	env *cel.Env
}

// newCompiler builds the environment a file's rules are compiled in: the
// shared one plus one macro per named condition, so that name() in a rule
// is replaced by the condition's expression when the rule is parsed. The
// rule's checked expression is then the whole condition, which the
// prefilter and the cost limit see as if it had been written out.
// Conditions may use the conditions above them.
func newCompiler(r *reader, lines []string, costLimit uint64, conds []conditionSpec) *compiler {
	c := &compiler{reader: r, lines: lines, costLimit: costLimit}
	env, err := environment()
	if err != nil {
		c.addf(nil, "", "%v", err)
		return c
	}
	for _, cs := range conds {
		parsed, ok := c.condition(env, cs)
		if !ok {
			continue
		}
		expr := parsed.NativeRep().Expr()
		ext, err := env.Extend(cel.Macros(cel.GlobalMacro(cs.name, 0,
			func(eh cel.MacroExprFactory, _ ast.Expr, _ []ast.Expr) (ast.Expr, *cel.Error) {
				return eh.Copy(expr), nil
			})))
		if err != nil {
			c.addf(cs.node, "", "condition %q: %v", cs.name, err)
			continue
		}
		env = ext
	}
	c.env = env
	return c
}

// condition checks one condition on its own, so that its problems are
// placed in it, and returns its checked tree, whose expression the macro
// copies into each rule (the rule is then checked whole).
func (c *compiler) condition(env *cel.Env, cs conditionSpec) (*cel.Ast, bool) {
	_, checked, ok := c.program(env, ruleSpec{}, fmt.Sprintf("condition %q", cs.name), cs.node, cs.expr, cel.BoolType)
	return checked, ok
}

// compile checks and plans a rule's expressions. ok is false when the rule
// has a problem (already recorded).
func (c *compiler) compile(rs ruleSpec) (rule, bool) {
	out := rule{info: rs.info}
	env := c.env
	if env == nil {
		return out, false // the environment failed: already reported
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
