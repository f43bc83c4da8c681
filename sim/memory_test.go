package sim_test

import (
	"io"
	"runtime"
	"testing"

	"github.com/rampart-tt/rampart/sim"
)

// heapWatch discards what is written and, every 4 MiB, collects garbage
// and records the live heap.
type heapWatch struct {
	n, next int
	peak    uint64
}

func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func (w *heapWatch) Write(b []byte) (int, error) {
	w.n += len(b)
	if w.n >= w.next {
		w.next = w.n + 4<<20
		w.peak = max(w.peak, liveHeap())
	}
	return len(b), nil
}

// TestHeapBounded generates 200k posts (about 80 MB of JSON) and checks that
// the heap stays far below the output size: posts are streamed, not held.
func TestHeapBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("200k posts")
	}
	base := liveHeap() // other tests' data sets may still be live
	w := &heapWatch{}
	st, err := sim.Generate(t.Context(), sim.Config{Seed: 9, Accounts: 2000, Posts: 200_000}, w, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	const limit = 32 << 20
	grew := int64(w.peak) - int64(base)
	t.Logf("%d posts, %d MB written, live heap grew by at most %.1f MB", st.Posts, w.n>>20, float64(grew)/(1<<20))
	if grew > limit || w.peak == 0 {
		t.Errorf("live heap grew by %d bytes; want at most %d", grew, limit)
	}
}
