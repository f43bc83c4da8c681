package sim

import (
	"container/heap"
	"math"
)

// Posting is busier in the evening than at night. Weights are per hour of
// Pakistan Standard Time (UTC+5), the audience of most simulated accounts.
var localHourWeights = [24]float64{3, 2, 1.2, 0.8, 0.6, 0.8, 1.5, 3, 4, 4.5, 5, 5, 5.5, 5.5, 5, 5, 5.5, 6, 6.5, 7, 8, 8.5, 7, 5}

const pktOffsetHours = 5

// clock maps a position in the run (0 ≤ u < 1) to a time, following the
// daily rhythm. It is monotone, so positions drawn in order give times in
// order: the generator never has to sort posts.
type clock struct {
	startMS int64
	days    int
	cum     [25]float64 // cumulative weight by UTC hour
}

func newClock(startMS int64, days int) *clock {
	c := &clock{startMS: startMS, days: days}
	for h := range 24 {
		c.cum[h+1] = c.cum[h] + localHourWeights[(h+pktOffsetHours)%24]
	}
	return c
}

// at returns unix milliseconds for position u in [0, 1).
func (c *clock) at(u float64) int64 {
	x := u * float64(c.days)
	day := math.Floor(x)
	w := (x - day) * c.cum[24]
	h := 0
	for h < 23 && c.cum[h+1] <= w {
		h++
	}
	frac := (w - c.cum[h]) / (c.cum[h+1] - c.cum[h])
	ms := (day*24 + float64(h) + frac) * 3600_000
	return c.startMS + int64(ms)
}

// pending holds posts scheduled for later than the current one (members of
// a burst), in time order. It never holds more than one burst's worth.
type pending []*draft

func (p pending) Len() int { return len(p) }
func (p pending) Less(i, j int) bool {
	if p[i].at != p[j].at {
		return p[i].at < p[j].at
	}
	return p[i].order < p[j].order
}
func (p pending) Swap(i, j int) { p[i], p[j] = p[j], p[i] }
func (p *pending) Push(x any)   { *p = append(*p, x.(*draft)) }
func (p *pending) Pop() any {
	old := *p
	d := old[len(old)-1]
	old[len(old)-1] = nil
	*p = old[:len(old)-1]
	return d
}

var _ heap.Interface = (*pending)(nil)
