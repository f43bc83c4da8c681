package policy

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	rampart "github.com/rampart-tt/rampart"
	yaml "go.yaml.in/yaml/v3"
)

// fileSpec is a policy file as read, before any expression is compiled.
type fileSpec struct {
	name, version, description string
	conditions                 []conditionSpec
	rules                      []ruleSpec
}

// conditionSpec is one named condition as read: a boolean CEL expression
// that rules (and later conditions) use as name().
type conditionSpec struct {
	name string
	node *yaml.Node // the expression's node, for positions
	expr string
}

// ruleSpec is one rule as read, with the YAML nodes of its expressions kept
// so that CEL errors can be placed in the file.
type ruleSpec struct {
	info       RuleInfo
	when       *yaml.Node
	actionExpr *yaml.Node
}

var (
	topKeys  = []string{"name", "version", "description", "conditions", "rules"}
	ruleKeys = []string{"id", "description", "mode", "when", "action", "action_expr", "reason", "basis"}

	// Condition names are called like helpers: name().
	conditionPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	// Rule ids appear in findings, URLs and logs: keep them plain.
	ruleIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	// Reason codes are stable identifiers counted in transparency reports.
	reasonPattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,63}$`)
	// yaml.v3 reports syntax errors as "yaml: line N: message".
	yamlLinePattern = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
)

// reader collects problems while walking the YAML tree.
type reader struct {
	file     string
	problems []Problem
}

func (r *reader) addf(n *yaml.Node, rule, format string, args ...any) {
	p := Problem{File: r.file, Rule: rule, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	r.problems = append(r.problems, p)
}

// readFile parses data into a fileSpec, recording every structural problem.
func (r *reader) readFile(data []byte) *fileSpec {
	var doc yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.addf(nil, "", "the file is empty; a policy needs name, version and rules")
			return nil
		}
		r.yamlError(err)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		r.addf(&extra, "", "a policy file holds one YAML document; remove the second one (after ---)")
	} else if !errors.Is(err, io.EOF) {
		r.yamlError(err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		r.addf(root, "", "a policy must be a YAML mapping with keys name, version and rules")
		return nil
	}
	spec := &fileSpec{}
	fields := r.fields(root, "", topKeys)
	spec.name = r.str(fields, "name", "", true)
	spec.version = r.str(fields, "version", "", true)
	spec.description = r.str(fields, "description", "", false)
	if f, ok := fields["conditions"]; ok {
		spec.conditions = r.readConditions(f.value)
	}
	rules, ok := fields["rules"]
	switch {
	case !ok:
		r.addf(root, "", "missing key \"rules\" (a list of rules, may be empty)")
	case rules.value.Kind != yaml.SequenceNode:
		r.addf(rules.value, "", "rules must be a list of rules, got %s", kindName(rules.value))
	default:
		seen := map[string]int{}
		for _, n := range rules.value.Content {
			if rs, ok := r.readRule(deref(n), seen); ok {
				spec.rules = append(spec.rules, rs)
			}
		}
	}
	return spec
}

// readConditions reads the conditions mapping, name → expression, in file
// order. Names must be plain, unique and not a helper's.
func (r *reader) readConditions(m *yaml.Node) []conditionSpec {
	if m.Kind != yaml.MappingNode {
		r.addf(m, "", "conditions must be a mapping of name: expression, got %s", kindName(m))
		return nil
	}
	var out []conditionSpec
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := deref(m.Content[i]), deref(m.Content[i+1])
		switch {
		case k.Kind != yaml.ScalarNode || !conditionPattern.MatchString(k.Value):
			r.addf(k, "", "condition names must be lower-case letters, digits and '_' (at most 64), starting with a letter")
			continue
		case isReservedName(k.Value):
			r.addf(k, "", "condition %q would hide a built-in name; choose another", k.Value)
			continue
		case seen[k.Value] != 0:
			r.addf(k, "", "duplicate condition %q (first at line %d)", k.Value, seen[k.Value])
			continue
		case v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "":
			r.addf(v, "", "condition %q must be a non-empty expression", k.Value)
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, conditionSpec{name: k.Value, node: v, expr: v.Value})
	}
	return out
}

func (r *reader) yamlError(err error) {
	msg := err.Error()
	if m := yamlLinePattern.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		r.problems = append(r.problems, Problem{File: r.file, Line: line, Msg: "YAML syntax: " + m[2]})
		return
	}
	r.problems = append(r.problems, Problem{File: r.file, Msg: "YAML syntax: " + strings.TrimPrefix(msg, "yaml: ")})
}

// field is one key of a mapping with the node of its key, for positions.
type field struct {
	key, value *yaml.Node
}

// fields indexes a mapping, reporting unknown and duplicate keys.
func (r *reader) fields(m *yaml.Node, rule string, known []string) map[string]field {
	out := make(map[string]field, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := deref(m.Content[i]), deref(m.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			r.addf(k, rule, "keys must be plain names, got %s", kindName(k))
			continue
		}
		if !contains(known, k.Value) {
			r.addf(k, rule, "unknown key %q (want one of %s)", k.Value, strings.Join(known, ", "))
			continue
		}
		if prev, dup := out[k.Value]; dup {
			r.addf(k, rule, "duplicate key %q (first at line %d)", k.Value, prev.key.Line)
			continue
		}
		out[k.Value] = field{key: k, value: v}
	}
	return out
}

// str returns a scalar field's text. A missing required field, or a value
// that is not a scalar, is a problem.
func (r *reader) str(fields map[string]field, key, rule string, required bool) string {
	f, ok := fields[key]
	if !ok {
		return ""
	}
	if f.value.Kind != yaml.ScalarNode || f.value.Tag == "!!null" {
		r.addf(f.value, rule, "%s must be a string, got %s", key, kindName(f.value))
		return ""
	}
	if required && strings.TrimSpace(f.value.Value) == "" {
		r.addf(f.value, rule, "%s must not be empty", key)
	}
	return f.value.Value
}

func (r *reader) readRule(n *yaml.Node, seen map[string]int) (ruleSpec, bool) {
	if n.Kind != yaml.MappingNode {
		r.addf(n, "", "each rule must be a mapping with id, when, action, reason and basis, got %s", kindName(n))
		return ruleSpec{}, false
	}
	idField, hasID := fields1(n, "id")
	id := ""
	if hasID && idField.Kind == yaml.ScalarNode {
		id = idField.Value
	}
	fields := r.fields(n, id, ruleKeys)
	for _, k := range []string{"id", "when", "reason", "basis"} {
		if _, ok := fields[k]; !ok {
			r.addf(n, id, "missing key %q", k)
		}
	}
	rs := ruleSpec{info: RuleInfo{Line: n.Line}}
	ok := true
	rs.info.ID = r.str(fields, "id", id, true)
	if f, has := fields["id"]; has && rs.info.ID != "" {
		if !ruleIDPattern.MatchString(rs.info.ID) {
			r.addf(f.value, id, "id must be lower-case letters, digits, '.', '_' or '-' (at most 64), starting with a letter or digit")
			ok = false
		} else if first, dup := seen[rs.info.ID]; dup {
			r.addf(f.value, id, "duplicate rule id (first at line %d)", first)
			ok = false
		} else {
			seen[rs.info.ID] = f.value.Line
		}
	}
	rs.info.Description = r.str(fields, "description", id, false)
	rs.info.Mode = rampart.ModeLive
	if f, has := fields["mode"]; has {
		switch m := r.str(fields, "mode", id, true); m {
		case rampart.ModeLive, rampart.ModeShadow, rampart.ModeDisabled:
			rs.info.Mode = m
		case "":
		default:
			r.addf(f.value, id, "mode %q: want live, shadow or disabled", m)
			ok = false
		}
	}
	if f, has := fields["when"]; has {
		rs.info.When = r.str(fields, "when", id, true)
		rs.when = f.value
	}
	action, hasAction := fields["action"]
	actionExpr, hasExpr := fields["action_expr"]
	switch {
	case hasAction && hasExpr:
		r.addf(actionExpr.key, id, "give either action or action_expr, not both")
		ok = false
	case hasAction:
		if s := r.str(fields, "action", id, true); s != "" {
			a, err := rampart.ParseAction(s)
			if err != nil {
				r.addf(action.value, id, "%v", err)
				ok = false
			}
			rs.info.Action = a
		}
	case hasExpr:
		rs.info.ActionExpr = r.str(fields, "action_expr", id, true)
		rs.actionExpr = actionExpr.value
	default:
		r.addf(n, id, "missing key \"action\" (or \"action_expr\")")
		ok = false
	}
	rs.info.Reason = r.str(fields, "reason", id, true)
	if f, has := fields["reason"]; has && rs.info.Reason != "" && !reasonPattern.MatchString(rs.info.Reason) {
		r.addf(f.value, id, "reason %q: want an upper-case code such as TERR_PROPAGANDA (A-Z, 0-9, _)", rs.info.Reason)
		ok = false
	}
	rs.info.Basis = r.str(fields, "basis", id, true)
	return rs, ok
}

// fields1 finds one key of a mapping without reporting anything, to learn a
// rule's id before its other problems are reported.
func fields1(m *yaml.Node, key string) (*yaml.Node, bool) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return deref(m.Content[i+1]), true
		}
	}
	return nil, false
}

// deref follows a YAML alias to the node it names; positions then point at
// the anchor, which is where the text is.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 16; i++ {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		switch n.Tag {
		case "!!str":
			return "a string"
		case "!!int":
			return "an integer"
		case "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		}
		return "a scalar " + n.Tag
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// reservedNames are names a condition may not take: the variables, the
// helpers, CEL's macros, conversions and reserved words. A condition named
// like one would hide it or not parse.
var reservedNames = []string{
	"subject", "account", "post", "signals",
	"has", "all", "exists", "exists_one", "map", "filter", "size", "matches",
	"int", "uint", "double", "string", "bytes", "bool", "dyn", "type", "null_type",
	"duration", "timestamp", "optional", "cel",
	"true", "false", "null", "in", "as", "break", "const", "continue", "else",
	"for", "function", "if", "import", "let", "loop", "package", "namespace",
	"return", "var", "void", "while",
}

func isReservedName(name string) bool {
	if contains(reservedNames, name) {
		return true
	}
	for _, h := range helpers {
		if h.name == name {
			return true
		}
	}
	return false
}
