package policy_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	rampart "github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/policy"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestLoadErrorsGolden loads every broken policy in testdata/errors and
// compares the messages with testdata/errors.golden. Run with -update
// after a deliberate change to a message.
func TestLoadErrorsGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no error cases: %v", err)
	}
	var b strings.Builder
	for _, f := range files {
		_, err := policy.Load(f, policy.Options{})
		if err == nil {
			t.Errorf("%s: loaded without error", f)
			continue
		}
		if code := rampart.ErrorCode(err); code != rampart.EINVALID {
			t.Errorf("%s: error code %q, want %q", f, code, rampart.EINVALID)
		}
		var pe *policy.ParseError
		if !errors.As(err, &pe) || len(pe.Problems) == 0 {
			t.Errorf("%s: error %v carries no *ParseError with problems", f, err)
			continue
		}
		b.WriteString("== " + f + "\n" + pe.Error() + "\n\n")
	}
	golden := "testdata/errors.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := string(mustRead(t, golden))
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("error messages (-golden +got):\n%s", diff)
	}
}

// TestErrorPositions pins the position of each kind of problem, checking
// by hand what the golden file records.
func TestErrorPositions(t *testing.T) {
	tests := []struct {
		file string
		want string // one problem, in full
	}{
		// yaml.v3 reports the line where the enclosing block starts (the
		// rules list), not the misindented line 6; that is all it gives.
		{"yaml-syntax.yaml", "testdata/errors/yaml-syntax.yaml:3: YAML syntax: did not find expected '-' indicator"},
		{"unknown-key.yaml", `testdata/errors/unknown-key.yaml:3:1: unknown key "owner" (want one of name, version, description, conditions, rules)`},
		// A condition's problems are placed in the condition.
		{"conditions.yaml", `testdata/errors/conditions.yaml:8:39: condition "broken": Syntax error: mismatched input ')' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}`},
		{"conditions.yaml", `testdata/errors/conditions.yaml:14:28: rule "uses-undefined": when: undeclared reference to 'missing'`},
		{"unknown-key.yaml", `testdata/errors/unknown-key.yaml:10:5: rule "a": unknown key "severity" (want one of id, description, mode, when, action, action_expr, reason, basis)`},
		{"bad-action.yaml", `testdata/errors/bad-action.yaml:6:13: rule "obliterate": action "obliterate": want none, review, refer, withhold:<CC>, remove or suspend`},
		// The '>' of a quoted one-line expression: column of the quote + 1 + offset.
		{"cel-type.yaml", `testdata/errors/cel-type.yaml:5:27: rule "int-vs-string": when: found no matching overload for '_>_' applied to '(int, string)'`},
		// Inside a literal block: the second line of the expression.
		{"cel-syntax.yaml", `testdata/errors/cel-syntax.yaml:12:9: rule "block": when: Syntax error: extraneous input '&&' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}`},
		{"cel-type.yaml", `testdata/errors/cel-type.yaml:16:36: rule "undeclared": when: undeclared reference to 'speech'`},
		{"non-bool.yaml", `testdata/errors/non-bool.yaml:5:11: rule "score": when must be a bool expression, got double`},
		{"non-bool.yaml", `testdata/errors/non-bool.yaml:16:18: rule "action-expr-bool": action_expr must be a string expression, got bool`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := policy.Load(filepath.Join("testdata/errors", tt.file), policy.Options{})
			var pe *policy.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Load error = %v, want a *ParseError", err)
			}
			for _, p := range pe.Problems {
				if p.String() == tt.want {
					return
				}
			}
			t.Errorf("no problem reads\n  %s\ngot\n  %s", tt.want, strings.ReplaceAll(pe.Error(), "\n", "\n  "))
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := policy.Load(filepath.Join(t.TempDir(), "nope.yaml"), policy.Options{})
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "nope.yaml") {
		t.Errorf("Load of a missing file: %v, want a not-exist error naming the file", err)
	}
}

func TestSizeLimits(t *testing.T) {
	longExpr := "true" + strings.Repeat(" && true", 3000)
	tests := []struct {
		name, src, want string
	}{
		{"file over 1 MiB", "# " + strings.Repeat("x", 1<<20) + "\n", "a policy may have at most 1048576"},
		{"expression over the size limit", "name: s\nversion: '1'\nrules:\n  - id: long\n    when: '" + longExpr +
			"'\n    action: review\n    reason: R\n    basis: b\n", `rule "long": when: expression code point size exceeds limit`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policy.Parse("big.yaml", []byte(tt.src), policy.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %.300v, want it to contain %q", err, tt.want)
			}
		})
	}
}
