package rampart_test

import (
	"testing"

	"github.com/rampart-tt/rampart"
)

func TestParseActionAndSeverity(t *testing.T) {
	tests := []struct {
		in       string
		ok       bool
		severity int
	}{
		{"none", true, 0}, {"review", true, 1}, {"refer", true, 2}, {"withhold:PK", true, 3},
		{"remove", true, 4}, {"suspend", true, 5},
		{"withhold:pk", false, 0}, {"withhold:PAK", false, 0}, {"withhold:", false, 0}, {"delete", false, 0}, {"", false, 0},
	}
	for _, tc := range tests {
		a, err := rampart.ParseAction(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseAction(%q) error %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if tc.ok && a.Severity() != tc.severity {
			t.Errorf("%s severity %d, want %d", a, a.Severity(), tc.severity)
		}
	}
	if cc, ok := rampart.Withhold("gb").Country(); !ok || cc != "GB" {
		t.Errorf("Withhold(gb).Country() = %q, %v", cc, ok)
	}
}

func TestErrorCode(t *testing.T) {
	if got := rampart.ErrorCode(nil); got != "" {
		t.Errorf("nil: %q", got)
	}
	e := rampart.Errorf(rampart.ENOTFOUND, "no %s", "thing")
	if got := rampart.ErrorCode(e); got != rampart.ENOTFOUND || e.Error() != "no thing" {
		t.Errorf("got %q %q", got, e.Error())
	}
}
