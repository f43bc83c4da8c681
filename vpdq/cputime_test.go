//go:build unix

package vpdq_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time of this process and of the children it has
// waited for (ffmpeg), for benchmarks on a shared machine.
func cpuTime() time.Duration {
	var self, kids syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &self) != nil || syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids) != nil {
		return 0
	}
	return time.Duration(self.Utime.Nano() + self.Stime.Nano() + kids.Utime.Nano() + kids.Stime.Nano())
}
