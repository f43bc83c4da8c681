// Package policy turns the signals about one subject into a decision. A
// policy is a YAML file of rules; each rule is a CEL expression over a
// declared environment (the subject, the account or post, the signals and a
// few helper functions) and names the action to take when it holds, a reason
// code and the legal or policy basis it relies on.
//
// Every expression is parsed and type-checked once, when the policy is
// loaded, so that a mistake is reported with the file, line and column of the
// rule in the YAML before any content is seen. Evaluation is cost-bounded,
// allocates little and is safe for concurrent use. docs/policy.md is the
// language reference; policies.Default is the shipped policy.
package policy
