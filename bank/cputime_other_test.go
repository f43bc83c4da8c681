//go:build !unix

package bank_test

import "time"

// cpuTime is unavailable here; benchmarks then report 0 CPU seconds.
func cpuTime() time.Duration { return 0 }
