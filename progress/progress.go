// Package progress draws a one-line progress bar on a terminal: items per
// second and, when the input size is known, percentage and ETA. It draws
// nothing when its output is not a terminal, so logs and pipes stay clean.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"
)

// Bar counts items and bytes and redraws at most every interval.
type Bar struct {
	w        io.Writer
	enabled  bool
	total    int64 // bytes; 0 when unknown
	bytes    atomic.Int64
	items    atomic.Int64
	start    time.Time
	now      func() time.Time
	interval time.Duration
	mu       sync.Mutex
	last     time.Time
}

// New returns a bar drawing on w when w is a terminal. total is the input
// size in bytes, or 0 when unknown (stdin).
func New(w io.Writer, total int64) *Bar {
	enabled := false
	if f, ok := w.(*os.File); ok {
		enabled = term.IsTerminal(int(f.Fd()))
	}
	return newBar(w, total, enabled, time.Now)
}

// NewForTest returns a bar that always draws, with an injected clock.
func NewForTest(w io.Writer, total int64, now func() time.Time) *Bar {
	return newBar(w, total, true, now)
}

func newBar(w io.Writer, total int64, enabled bool, now func() time.Time) *Bar {
	return &Bar{w: w, enabled: enabled, total: total, start: now(), now: now, interval: 200 * time.Millisecond}
}

// Reader wraps r so that bytes read advance the bar.
func (b *Bar) Reader(r io.Reader) io.Reader { return &countingReader{r: r, b: b} }

// Add counts n items and redraws when due.
func (b *Bar) Add(n int) {
	b.items.Add(int64(n))
	if !b.enabled {
		return
	}
	t := b.now()
	b.mu.Lock()
	defer b.mu.Unlock()
	if t.Sub(b.last) < b.interval {
		return
	}
	b.last = t
	b.draw(t)
}

// Done draws the final state and ends the line.
func (b *Bar) Done() {
	if !b.enabled {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.draw(b.now())
	fmt.Fprintln(b.w)
}

func (b *Bar) draw(t time.Time) {
	el := t.Sub(b.start).Seconds()
	items := b.items.Load()
	rate := 0.0
	if el > 0 {
		rate = float64(items) / el
	}
	line := fmt.Sprintf("\r%12d items  %10.0f items/s", items, rate)
	if b.total > 0 {
		done := b.bytes.Load()
		frac := float64(done) / float64(b.total)
		eta := "--:--"
		if frac > 0 && frac < 1 {
			rem := time.Duration(el*(1-frac)/frac) * time.Second
			eta = fmtDuration(rem)
		} else if frac >= 1 {
			eta = "0:00"
		}
		line += fmt.Sprintf("  %5.1f%%  ETA %s", 100*min(frac, 1), eta)
	}
	fmt.Fprint(b.w, line+"  ")
}

func fmtDuration(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

type countingReader struct {
	r io.Reader
	b *Bar
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.b.bytes.Add(int64(n))
	return n, err
}
