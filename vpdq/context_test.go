package vpdq_test

import "context"

// contextBackground serves work shared by several tests (sync.Once), which
// no single test's t.Context() may cancel.
func contextBackground() context.Context { return context.Background() }
