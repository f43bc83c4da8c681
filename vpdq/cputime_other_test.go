//go:build !unix

package vpdq_test

import "time"

// cpuTime is unavailable here; benchmarks then omit CPU time.
func cpuTime() time.Duration { return 0 }
