package casework_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/rampart-tt/rampart/casework"
)

func TestThrottle(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	opt := casework.ThrottleOptions{PerUser: 3, PerIP: 5, Window: 10 * time.Minute, MaxEntries: 100}
	type step struct {
		fail       bool // record a failure (else check)
		name, ip   string
		at         time.Duration
		wantWait   time.Duration
		wantScope  string
		succeedFor string
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"user limit", []step{
			{fail: true, name: "a", ip: "1"}, {fail: true, name: "a", ip: "2"}, {name: "a", ip: "3"},
			{fail: true, name: "a", ip: "3", at: time.Minute},
			{name: "a", ip: "9", at: 2 * time.Minute, wantWait: 8 * time.Minute, wantScope: "user"},
			{name: "b", ip: "9", at: 2 * time.Minute},
			{name: "a", ip: "9", at: 10 * time.Minute},
		}},
		{"ip limit", []step{
			{fail: true, name: "a", ip: "1"}, {fail: true, name: "b", ip: "1"}, {fail: true, name: "c", ip: "1"},
			{fail: true, name: "d", ip: "1"}, {fail: true, name: "e", ip: "1"},
			{name: "f", ip: "1", at: time.Second, wantWait: 10*time.Minute - time.Second, wantScope: "ip"},
			{name: "f", ip: "2", at: time.Second},
		}},
		{"success resets the user, not the ip", []step{
			{fail: true, name: "a", ip: "1"}, {fail: true, name: "a", ip: "1"},
			{succeedFor: "a"},
			{fail: true, name: "a", ip: "1"}, {fail: true, name: "a", ip: "1"},
			{name: "a", ip: "1"},
			{fail: true, name: "z", ip: "1"},
			{name: "a", ip: "1", wantWait: 10 * time.Minute, wantScope: "ip"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			th := casework.NewThrottle(opt)
			for i, s := range tc.steps {
				switch {
				case s.succeedFor != "":
					th.Succeed(s.succeedFor)
				case s.fail:
					th.Fail(s.name, s.ip, t0.Add(s.at))
				default:
					wait, scope := th.Blocked(s.name, s.ip, t0.Add(s.at))
					if wait != s.wantWait || scope != s.wantScope {
						t.Errorf("step %d: Blocked(%s, %s) = %v %q, want %v %q", i, s.name, s.ip, wait, scope, s.wantWait, s.wantScope)
					}
				}
			}
		})
	}
}

// TestThrottleBounded checks that a flood of names and addresses cannot
// grow the throttle past MaxEntries, and that live entries are kept over
// expired ones.
func TestThrottleBounded(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	th := casework.NewThrottle(casework.ThrottleOptions{PerUser: 2, PerIP: 1000, Window: time.Minute, MaxEntries: 50})
	th.Fail("victim", "x", t0)
	th.Fail("victim", "x", t0)
	for i := range 10000 {
		th.Fail(fmt.Sprintf("u%d", i), fmt.Sprintf("ip%d", i), t0.Add(time.Duration(i)*time.Millisecond))
	}
	if u, ip := th.Size(); u > 50 || ip > 50 {
		t.Errorf("size %d users, %d ips; want at most 50 each", u, ip)
	}
	// After the window, expired entries make room without losing new ones.
	later := t0.Add(2 * time.Minute)
	th.Fail("new", "y", later)
	th.Fail("new", "y", later)
	if wait, _ := th.Blocked("new", "z", later); wait == 0 {
		t.Error("a name with 2 failures in a fresh window is not blocked")
	}
}
