package policy

import (
	"fmt"
	"reflect"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
)

// evalState is the activation of one evaluation: it resolves the policy's
// variables from the Input on demand and caches what is costly to build, so
// that a variable no rule reads is never built. One evalState serves every
// rule of one Evaluate call and is never shared between calls.
type evalState struct {
	in      *Input
	now     func() time.Time
	signals ref.Val // built on first use
	groups  ref.Val // built on first use
}

var _ interpreter.Activation = (*evalState)(nil)

// ResolveName implements interpreter.Activation.
func (st *evalState) ResolveName(name string) (any, bool) {
	switch name {
	case "signals":
		if st.signals == nil {
			st.signals = signalList(st.in.Signals)
		}
		return st.signals, true
	case "subject":
		return recordMap[subjectRec]{subjectRec{&st.in.Subject}}, true
	case "post":
		var r postRec
		if st.in.Item != nil {
			r.p = st.in.Item.Post
		}
		return recordMap[postRec]{r}, true
	case "account":
		var r accountRec
		if st.in.Item != nil {
			r.a = st.in.Item.Account
		}
		if r.a == nil {
			r.a = st.in.Author
		}
		return recordMap[accountRec]{r}, true
	case stateVar:
		return stateVal{st}, true
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (st *evalState) Parent() interpreter.Activation { return nil }

// stateVal carries the evaluation state into helper calls. It is opaque to
// policies: the only thing an expression can do with it is pass it on,
// which the helper macros do.
type stateVal struct{ s *evalState }

func (v stateVal) ConvertToNative(t reflect.Type) (any, error) {
	return nil, fmt.Errorf("policy input cannot be converted to %v", t)
}

func (v stateVal) ConvertToType(t ref.Type) ref.Val {
	if t == types.TypeType {
		return stateType
	}
	return types.NewErr("policy input cannot be converted to %s", t.TypeName())
}

func (v stateVal) Equal(other ref.Val) ref.Val {
	o, ok := other.(stateVal)
	return types.Bool(ok && o.s == v.s)
}

func (v stateVal) Type() ref.Type { return stateType }
func (v stateVal) Value() any     { return v.s }
