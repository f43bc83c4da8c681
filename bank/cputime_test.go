//go:build unix

package bank_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system) of this process, so that a
// benchmark on a shared machine can report work done apart from waiting.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
