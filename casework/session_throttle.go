package casework

import (
	"fmt"
	"sync"
	"time"
)

// ThrottleOptions bound failed sign-ins. Zero fields take defaults.
type ThrottleOptions struct {
	// PerUser failures of one user name within Window block that name
	// until the window ends; default 5 (OWASP's lockout guidance keeps it
	// low, and the block lifts by itself so that it is no permanent
	// denial of service).
	PerUser int
	// PerIP failures from one client address within Window block it;
	// default 20, higher because offices share addresses.
	PerIP int
	// Window is how long failures count; default 15 minutes.
	Window time.Duration
	// MaxEntries bounds the names and addresses remembered, each; default
	// 10000. When full, expired entries go first, then the oldest.
	MaxEntries int
}

func (o ThrottleOptions) withDefaults() ThrottleOptions {
	if o.PerUser <= 0 {
		o.PerUser = 5
	}
	if o.PerIP <= 0 {
		o.PerIP = 20
	}
	if o.Window <= 0 {
		o.Window = 15 * time.Minute
	}
	if o.MaxEntries <= 0 {
		o.MaxEntries = 10000
	}
	return o
}

// ThrottledError is a sign-in refused because of earlier failures.
type ThrottledError struct {
	RetryAfter time.Duration
	Scope      string // "user" or "ip"
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed sign-ins for this %s; try again in %s", e.Scope, e.RetryAfter.Round(time.Second))
}

// throttle counts failures in fixed windows per key, in two bounded maps.
type throttle struct {
	opt    ThrottleOptions
	mu     sync.Mutex
	byUser map[string]*window
	byIP   map[string]*window
}

type window struct {
	start    time.Time
	failures int
}

func newThrottle(opt ThrottleOptions) *throttle {
	return &throttle{opt: opt, byUser: map[string]*window{}, byIP: map[string]*window{}}
}

// blocked returns how long a sign-in of name from ip must wait, 0 for not
// at all, and which limit applies.
func (t *throttle) blocked(name, ip string, now time.Time) (time.Duration, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if d := t.wait(t.byUser[name], t.opt.PerUser, now); d > 0 {
		return d, "user"
	}
	if d := t.wait(t.byIP[ip], t.opt.PerIP, now); d > 0 {
		return d, "ip"
	}
	return 0, ""
}

func (t *throttle) wait(w *window, limit int, now time.Time) time.Duration {
	if w == nil || w.failures < limit {
		return 0
	}
	return max(w.start.Add(t.opt.Window).Sub(now), 0)
}

// fail counts a failure of name from ip.
func (t *throttle) fail(name, ip string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.count(t.byUser, name, now)
	t.count(t.byIP, ip, now)
}

// succeed forgets a name's failures; the address keeps its count, so that
// one good account cannot reset a guessing run against others.
func (t *throttle) succeed(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byUser, name)
}

func (t *throttle) count(m map[string]*window, key string, now time.Time) {
	w := m[key]
	if w == nil || !now.Before(w.start.Add(t.opt.Window)) {
		if w == nil && len(m) >= t.opt.MaxEntries {
			t.evict(m, now)
		}
		w = &window{start: now}
		m[key] = w
	}
	w.failures++
}

// evict makes room: every expired window, or else the oldest one. It runs
// only when the map is full, so its linear scan is rare.
func (t *throttle) evict(m map[string]*window, now time.Time) {
	var oldest string
	var oldestStart time.Time
	for k, w := range m {
		if !now.Before(w.start.Add(t.opt.Window)) {
			delete(m, k)
			continue
		}
		if oldest == "" || w.start.Before(oldestStart) {
			oldest, oldestStart = k, w.start
		}
	}
	if len(m) >= t.opt.MaxEntries && oldest != "" {
		delete(m, oldest)
	}
}

// size returns the number of remembered names and addresses (for tests).
func (t *throttle) size() (users, ips int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.byUser), len(t.byIP)
}
