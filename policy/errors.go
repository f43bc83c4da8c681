package policy

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a policy file, at a position in it. Line
// and Column are 1-based; 0 means the position is not known (Column is 0 for
// YAML syntax errors, whose parser reports only the line).
type Problem struct {
	File   string
	Line   int
	Column int
	Rule   string // id of the rule concerned, "" for the file itself
	Msg    string
}

// String renders the problem as "file:line:col: rule "id": message", the
// form editors and compilers use, so that a user can jump to it.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	b.WriteString(": ")
	if p.Rule != "" {
		fmt.Fprintf(&b, "rule %q: ", p.Rule)
	}
	b.WriteString(p.Msg)
	return b.String()
}

// ParseError lists every problem found in a policy file, so that one load
// reports them all rather than one per attempt.
type ParseError struct {
	Problems []Problem
}

func (e *ParseError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
