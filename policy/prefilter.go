package policy

import (
	"math"
	"slices"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
)

// requiredKinds finds the signal kinds a when expression cannot be true
// without, so that Evaluate can skip the rule, at no CEL cost, for subjects
// lacking one. Most subjects carry only name mentions, and most rules need a
// classifier, hash or account signal: this keeps the policy off the hot path.
//
// Only top-level conjuncts are read (a && b && c), and a conjunct counts when
// it is one of:
//
//	signals.exists(x, ... x.kind == "K" ...)   with x.kind == "K" a top-level conjunct of the predicate
//	has_signal("K")
//	max_score("K") > c with c >= 0, max_score("K") >= c with c > 0
//	(max_score is 0 without the kind)
//
// The reasoning is sound for CEL's logical and: if any conjunct is false the
// whole expression is false (even when another conjunct errors), so a rule
// skipped here could never have fired. Anything else is conservatively
// ignored.
func requiredKinds(checked *cel.Ast) []string {
	if checked == nil {
		return nil
	}
	var kinds []string
	for _, c := range conjuncts(checked.NativeRep().Expr()) {
		if k, ok := requiresKind(c); ok && !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

// conjuncts flattens nested _&&_ calls.
func conjuncts(e ast.Expr) []ast.Expr {
	if e.Kind() == ast.CallKind {
		call := e.AsCall()
		if call.FunctionName() == "_&&_" {
			var out []ast.Expr
			for _, a := range call.Args() {
				out = append(out, conjuncts(a)...)
			}
			return out
		}
	}
	return []ast.Expr{e}
}

func requiresKind(e ast.Expr) (string, bool) {
	switch e.Kind() {
	case ast.ComprehensionKind:
		return existsKind(e.AsComprehension())
	case ast.CallKind:
		call := e.AsCall()
		switch call.FunctionName() {
		case "@has_signal":
			return lastStringArg(call)
		case "_>_", "_>=_":
			args := call.Args()
			if len(args) != 2 || args[0].Kind() != ast.CallKind || args[0].AsCall().FunctionName() != "@max_score" {
				return "", false
			}
			sign, ok := constSign(args[1])
			if ok && (sign > 0 || sign == 0 && call.FunctionName() == "_>_") {
				return lastStringArg(args[0].AsCall())
			}
		}
	}
	return "", false
}

// existsKind recognises the expansion of signals.exists(x, pred): a
// comprehension over the identifier signals whose loop step is
// accu || pred, with x.kind == "K" a top-level conjunct of pred.
func existsKind(c ast.ComprehensionExpr) (string, bool) {
	r := c.IterRange()
	if r.Kind() != ast.IdentKind || r.AsIdent() != "signals" {
		return "", false
	}
	step := c.LoopStep()
	if step.Kind() != ast.CallKind || step.AsCall().FunctionName() != "_||_" {
		return "", false
	}
	args := step.AsCall().Args()
	if len(args) != 2 || args[0].Kind() != ast.IdentKind || args[0].AsIdent() != c.AccuVar() {
		return "", false
	}
	for _, p := range conjuncts(args[1]) {
		if p.Kind() != ast.CallKind || p.AsCall().FunctionName() != "_==_" {
			continue
		}
		eq := p.AsCall().Args()
		for i := range 2 {
			sel, lit := eq[i], eq[1-i]
			if sel.Kind() == ast.SelectKind && sel.AsSelect().FieldName() == "kind" && !sel.AsSelect().IsTestOnly() &&
				sel.AsSelect().Operand().Kind() == ast.IdentKind && sel.AsSelect().Operand().AsIdent() == c.IterVar() &&
				lit.Kind() == ast.LiteralKind {
				if s, ok := lit.AsLiteral().(types.String); ok {
					return string(s), true
				}
			}
		}
	}
	return "", false
}

func lastStringArg(call ast.CallExpr) (string, bool) {
	args := call.Args()
	if len(args) == 0 || args[len(args)-1].Kind() != ast.LiteralKind {
		return "", false
	}
	s, ok := args[len(args)-1].AsLiteral().(types.String)
	return string(s), ok
}

// constSign returns -1, 0 or 1 for a numeric literal.
func constSign(e ast.Expr) (int, bool) {
	if e.Kind() != ast.LiteralKind {
		return 0, false
	}
	var f float64
	switch v := e.AsLiteral().(type) {
	case types.Double:
		f = float64(v)
	case types.Int:
		f = float64(v)
	case types.Uint:
		f = float64(v)
	default:
		return 0, false
	}
	switch {
	case f > 0:
		return 1, true
	case f < 0:
		return -1, true
	}
	return 0, !math.IsNaN(f)
}
