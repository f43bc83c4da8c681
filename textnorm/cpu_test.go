package textnorm_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTimer reports process CPU time per operation next to wall time, so a
// benchmark run on a shared, loaded machine still gives a per-core figure.
type cpuTimer struct{ start time.Duration }

func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU() cpuTimer { return cpuTimer{start: cpuNow()} }

// report adds cpu-ns/op and cpu-MB/s (bytes per op over CPU time).
func (c cpuTimer) report(b *testing.B, bytes int) {
	d := cpuNow() - c.start
	if d <= 0 || b.N == 0 {
		return
	}
	per := float64(d.Nanoseconds()) / float64(b.N)
	b.ReportMetric(per, "cpu-ns/op")
	b.ReportMetric(float64(bytes)/per*1e3, "cpu-MB/s")
}
