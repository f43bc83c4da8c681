package policy

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"
	rampart "github.com/rampart-tt/rampart"
)

// The helper functions need the whole input (all signals, the entity
// lookup), not only their arguments. CEL functions see only their arguments,
// so each helper is a macro that adds a hidden first argument: the variable
// stateVar, which holds the evaluation's state. A name starting with '@'
// cannot be written in an expression, so a policy cannot reach it directly.
const stateVar = "@rampart"

var stateType = cel.OpaqueType("rampart.input")

// Size bounds on what Parse accepts.
const (
	maxFileSize = 1 << 20  // bytes of YAML
	maxExprSize = 16 << 10 // code points of one expression
)

// helper is one helper function as a policy writes it and as it is bound.
type helper struct {
	name   string      // as written in policies, e.g. has_signal
	params []*cel.Type // without the hidden state
	result *cel.Type
	impl   func(st *evalState, args []ref.Val) ref.Val
}

func (h helper) internal() string { return "@" + h.name }

var helpers = []helper{
	{"has_signal", []*cel.Type{cel.StringType}, cel.BoolType, func(st *evalState, a []ref.Val) ref.Val {
		return types.Bool(st.hasSignal(string(a[0].(types.String))))
	}},
	{"max_score", []*cel.Type{cel.StringType}, cel.DoubleType, func(st *evalState, a []ref.Val) ref.Val {
		return types.Double(st.maxScore(string(a[0].(types.String))))
	}},
	{"groups", nil, cel.ListType(cel.StringType), func(st *evalState, _ []ref.Val) ref.Val {
		return st.groupList()
	}},
	{"designated_in", []*cel.Type{cel.StringType, cel.StringType}, cel.BoolType, func(st *evalState, a []ref.Val) ref.Val {
		return types.Bool(st.designatedIn(string(a[0].(types.String)), string(a[1].(types.String))))
	}},
	{"entity", []*cel.Type{cel.StringType}, cel.MapType(cel.StringType, cel.StringType), func(st *evalState, a []ref.Val) ref.Val {
		return st.entity(string(a[0].(types.String)))
	}},
}

// messageFixer rewrites CEL messages that mention a helper's hidden form, so
// that a user reads has_signal(string), not @has_signal(rampart.input, string).
var messageFixer = func() *strings.Replacer {
	var pairs []string
	for _, h := range helpers {
		pairs = append(pairs, "'"+h.internal()+"'", "'"+h.name+"'")
	}
	pairs = append(pairs, "(rampart.input, ", "(", "(rampart.input)", "()")
	return strings.NewReplacer(pairs...)
}()

var (
	envOnce sync.Once
	envVal  *cel.Env
	envErr  error
)

// environment returns the shared, immutable CEL environment. Building it
// takes milliseconds, so it is built once per process.
func environment() (*cel.Env, error) {
	envOnce.Do(func() {
		opts := []cel.EnvOption{
			cel.Variable("subject", cel.MapType(cel.StringType, cel.StringType)),
			cel.Variable("account", cel.MapType(cel.StringType, cel.DynType)),
			cel.Variable("post", cel.MapType(cel.StringType, cel.DynType)),
			cel.Variable("signals", cel.ListType(cel.MapType(cel.StringType, cel.DynType))),
			cel.Variable(stateVar, stateType),
			// Policies are configuration, but a bound keeps a mistaken
			// paste or a generated file from stalling a load.
			cel.ParserExpressionSizeLimit(maxExprSize),
			cel.OptionalTypes(),
			ext.Bindings(),
			ext.Strings(),
		}
		for _, h := range helpers {
			opts = append(opts, helperDecl(h), cel.Macros(helperMacro(h)))
		}
		envVal, envErr = cel.NewEnv(opts...)
		if envErr != nil {
			envErr = fmt.Errorf("build policy environment: %w", envErr)
		}
	})
	return envVal, envErr
}

// helperDecl declares the hidden form of a helper, @name(state, params...).
func helperDecl(h helper) cel.EnvOption {
	args := append([]*cel.Type{stateType}, h.params...)
	impl := h.impl
	binding := cel.FunctionBinding(func(vals ...ref.Val) ref.Val {
		st, ok := vals[0].(stateVal)
		if !ok {
			return types.NewErr("%s: no policy input", h.name)
		}
		return impl(st.s, vals[1:])
	})
	return cel.Function(h.internal(), cel.Overload("rampart_"+h.name, args, h.result, binding))
}

// helperMacro rewrites name(args...) into @name(@rampart, args...).
func helperMacro(h helper) cel.Macro {
	return cel.GlobalMacro(h.name, len(h.params), func(eh cel.MacroExprFactory, _ ast.Expr, args []ast.Expr) (ast.Expr, *cel.Error) {
		return eh.NewCall(h.internal(), append([]ast.Expr{eh.NewIdent(stateVar)}, args...)...), nil
	})
}

// maxScore returns the highest score among signals of a kind, 0 when none.
// NaN scores are ignored so that one bad detector output cannot poison it.
func (st *evalState) maxScore(kind string) float64 {
	best := 0.0
	for i := range st.in.Signals {
		s := &st.in.Signals[i]
		if s.Kind == kind && !math.IsNaN(s.Score) && s.Score > best {
			best = s.Score
		}
	}
	return best
}

func (st *evalState) hasSignal(kind string) bool {
	for i := range st.in.Signals {
		if st.in.Signals[i].Kind == kind {
			return true
		}
	}
	return false
}

// designatedIn reports whether group is designated in the country cc: a
// signal naming the group lists cc among its jurisdictions, or the registry
// holds the group with a designation for cc in force now.
func (st *evalState) designatedIn(group, cc string) bool {
	if group == "" {
		return false
	}
	for i := range st.in.Signals {
		s := &st.in.Signals[i]
		if s.Group != group {
			continue
		}
		for _, j := range s.Jurisdictions {
			if strings.EqualFold(j, cc) {
				return true
			}
		}
	}
	if st.in.Entities == nil {
		return false
	}
	e, ok := st.in.Entities(group)
	if !ok {
		return false
	}
	now := st.now()
	for _, d := range e.Designations {
		if strings.EqualFold(d.Jurisdiction, cc) && d.InForce(now) {
			return true
		}
	}
	return false
}

// entity looks an id up in the registry; an unknown id gives a map whose
// fields other than id are "".
func (st *evalState) entity(id string) ref.Val {
	e := rampart.Entity{ID: id}
	if st.in.Entities != nil {
		if found, ok := st.in.Entities(id); ok {
			e = found
		}
	}
	return recordMap[entityRec]{entityRec{&e}}
}

// groupList returns the distinct non-empty groups named by the signals, in
// the order they first appear.
func (st *evalState) groupList() ref.Val {
	if st.groups != nil {
		return st.groups
	}
	var gs []string
	for i := range st.in.Signals {
		g := st.in.Signals[i].Group
		if g != "" && !contains(gs, g) {
			gs = append(gs, g)
		}
	}
	st.groups = stringList(gs)
	return st.groups
}
