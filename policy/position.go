package policy

import (
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// exprPosition maps a position inside an expression (CEL's 1-based line and
// 0-based column, both counted in characters) to the 1-based line and column
// of that character in the policy file.
//
// The expression is the value of a YAML scalar. The mapping walks the
// scalar's source lines, each contributing its content plus one character
// for the line break or folding space that joins it to the next. It is exact
// for single-line expressions (plain or quoted, without escape sequences)
// and for literal block scalars (|); for folded and multi-line flow scalars
// it is exact as long as the text has no blank or extra-indented lines.
func exprPosition(lines []string, n *yaml.Node, expr string, line, col int) (int, int) {
	// Offset of the position from the start of the expression, in characters.
	off := 0
	for i, l := range strings.Split(expr, "\n") {
		if i+1 >= line {
			break
		}
		off += utf8.RuneCountInString(l) + 1
	}
	off += col

	switch n.Style & (yaml.LiteralStyle | yaml.FoldedStyle) {
	case 0: // plain or quoted: content starts at the node's column
		start := n.Column
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			start++ // skip the opening quote
		}
		fileLine := n.Line
		for fileLine <= len(lines) {
			text := []rune(lines[fileLine-1])
			// length of this line's content from start
			avail := len(text) - (start - 1)
			if avail < 0 {
				avail = 0
			}
			if off <= avail || fileLine == len(lines) {
				return fileLine, start + off
			}
			off -= avail + 1
			fileLine++
			if fileLine <= len(lines) {
				start = indentOf(lines[fileLine-1]) + 1
			}
		}
		return n.Line, n.Column
	default: // block scalar: content starts on the line after the indicator
		indent := -1
		for fileLine := n.Line + 1; fileLine <= len(lines); fileLine++ {
			raw := lines[fileLine-1]
			if strings.TrimSpace(raw) == "" {
				if off == 0 {
					return fileLine, 1
				}
				off--
				continue
			}
			if indent < 0 {
				indent = indentOf(raw)
			}
			avail := utf8.RuneCountInString(raw) - indent
			if avail < 0 {
				avail = 0
			}
			if off <= avail {
				return fileLine, indent + 1 + off
			}
			off -= avail + 1
		}
		return n.Line, n.Column
	}
}

// indentOf counts the leading spaces of a line.
func indentOf(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \t"))
}
