package casework

import "time"

// Throttle exposes the sign-in throttle to the external tests.
type Throttle struct{ t *throttle }

func NewThrottle(opt ThrottleOptions) Throttle { return Throttle{newThrottle(opt.withDefaults())} }

func (t Throttle) Blocked(name, ip string, now time.Time) (time.Duration, string) {
	return t.t.blocked(name, ip, now)
}
func (t Throttle) Fail(name, ip string, now time.Time) { t.t.fail(name, ip, now) }
func (t Throttle) Succeed(name string)                 { t.t.succeed(name) }
func (t Throttle) Size() (int, int)                    { return t.t.size() }
