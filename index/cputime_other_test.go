//go:build !unix

package index_test

import "time"

// cpuTime is unavailable here; benchmarks then omit queries per CPU second.
func cpuTime() time.Duration { return 0 }
