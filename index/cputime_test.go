//go:build unix

package index_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time this process has used. Benchmarks report
// queries per CPU second beside queries per wall second, because on a
// shared machine the wall clock also counts time spent waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
