//go:build !unix

package ingest_test

import (
	"testing"
	"time"
)

// cpuTime is not measured here; the cpu-ns/item figure then reads 0.
func cpuTime(*testing.B) time.Duration { return 0 }
