// Package policies ships Rampart's policy files. Default is the policy used
// when a deployment names none; it is embedded so that the binary carries the
// exact text whose hash the findings record. Example policies live next to it
// in examples/ and are not embedded: they are starting points to copy.
package policies

import _ "embed"

// Default is the text of default.yaml, the conservative shipped policy: a
// name mention alone never queues anything, and every live rule asks for
// human review rather than acting on its own. See docs/policy.md.
//
//go:embed default.yaml
var Default []byte
