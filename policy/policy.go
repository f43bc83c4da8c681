package policy

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/policies"
)

// DefaultCostLimit bounds the work of one rule evaluation, in CEL cost units
// (about one per operation, list element visited or comparison). A rule over
// a post with a handful of signals costs tens to hundreds of units; the limit
// leaves room for thousands of signals while stopping a runaway nested
// comprehension within a few milliseconds.
const DefaultCostLimit = 1_000_000

// Options tune how a policy is compiled and evaluated.
type Options struct {
	// CostLimit bounds the CEL cost of evaluating one rule; 0 means
	// DefaultCostLimit. A rule that exceeds it makes Evaluate fail with an
	// error naming the rule.
	CostLimit uint64
	// Now is the clock used by designated_in to decide whether a registry
	// designation is in force; nil means time.Now.
	Now func() time.Time
}

// RuleInfo describes one rule as written in the policy file.
type RuleInfo struct {
	ID          string
	Description string
	Mode        string         // live, shadow or disabled
	When        string         // the CEL condition
	Action      rampart.Action // "" when ActionExpr gives the action
	ActionExpr  string         // CEL string expression giving the action
	Reason      string
	Basis       string
	Line        int // line of the rule in the file
	// NeedsKinds lists signal kinds without which the rule cannot fire,
	// read from its condition; such rules are skipped when one is absent.
	NeedsKinds []string
}

// Input is everything a policy sees about one subject.
type Input struct {
	Subject rampart.Subject
	Item    *rampart.Item // nil for cluster subjects
	// Author is the account that wrote a post item, when the caller has it;
	// it fills the account variable for posts. Ignored for account items.
	Author  *rampart.Account
	Signals []rampart.Signal
	// Entities looks a designated entity up in the registry; may be nil.
	Entities func(id string) (rampart.Entity, bool)
}

// Policy is a compiled policy. It is immutable and safe for concurrent use.
type Policy struct {
	name, version, description string
	digest                     string
	rules                      []rule
	costLimit                  uint64
	now                        func() time.Time
}

// rule is one compiled rule.
type rule struct {
	info   RuleInfo
	when   cel.Program
	action cel.Program // nil when the action is fixed
}

// Parse compiles a policy from YAML. name is used in messages and is usually
// the file path. Every rule is checked and compiled once; the error, when
// there are problems, is a *rampart.Error (code EINVALID) wrapping a
// *ParseError that lists each of them with file, line and column.
func Parse(name string, data []byte, opt Options) (*Policy, error) {
	r := &reader{file: name}
	var spec *fileSpec
	if len(data) > maxFileSize {
		r.addf(nil, "", "the file is %d bytes; a policy may have at most %d", len(data), maxFileSize)
	} else {
		spec = r.readFile(data)
	}
	p := &Policy{costLimit: opt.CostLimit, now: opt.Now}
	if p.costLimit == 0 {
		p.costLimit = DefaultCostLimit
	}
	if p.now == nil {
		p.now = time.Now
	}
	if spec != nil {
		p.name, p.version, p.description = spec.name, spec.version, spec.description
		c := newCompiler(r, strings.Split(string(data), "\n"), p.costLimit, spec.conditions)
		for _, rs := range spec.rules {
			if cr, ok := c.compile(rs); ok {
				p.rules = append(p.rules, cr)
			}
		}
	}
	if len(r.problems) > 0 {
		// In file order, as a reader goes through the file.
		slices.SortStableFunc(r.problems, func(a, b Problem) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
		})
		return nil, &rampart.Error{
			Code:    rampart.EINVALID,
			Message: fmt.Sprintf("policy %s has %d problem(s)", name, len(r.problems)),
			Err:     &ParseError{Problems: r.problems},
		}
	}
	sum := sha256.Sum256(data)
	p.digest = hex.EncodeToString(sum[:])[:12]
	return p, nil
}

// Load reads and compiles a policy file.
func Load(path string, opt Options) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load policy: %w", err)
	}
	return Parse(path, data, opt)
}

// Default compiles the shipped policy, policies.Default, with default options.
func Default() (*Policy, error) {
	return Parse(filepath.Join("policies", "default.yaml"), policies.Default, Options{})
}

// Name returns the policy's name field.
func (p *Policy) Name() string { return p.name }

// Description returns the policy's description field.
func (p *Policy) Description() string { return p.description }

// Version identifies the exact policy text a decision was made under:
// "<name>@<version>+<first 12 hex digits of the SHA-256 of the file>", so
// that an edit without a version bump still yields a new version.
func (p *Policy) Version() string { return p.name + "@" + p.version + "+" + p.digest }

// Rules lists the rules in file order, disabled ones included.
func (p *Policy) Rules() []RuleInfo {
	out := make([]RuleInfo, len(p.rules))
	for i := range p.rules {
		out[i] = p.rules[i].info
	}
	return out
}
