package casework_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/casework"
)

func TestParseRegimes(t *testing.T) {
	f, err := os.Open("testdata/regimes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := casework.ParseRegimes("regimes.yaml", f, casework.DefaultRegimes())
	if err != nil {
		t.Fatal(err)
	}
	want := casework.Regime{Name: "uk-osa", Title: "Online Safety Act 2023 notices", Classes: []casework.DeadlineClass{
		{Name: "standard", Within: 24 * time.Hour},
		{Name: "urgent", Within: 2 * time.Hour, NeedsReasons: true, Preserve: 90 * 24 * time.Hour},
	}}
	if diff := cmp.Diff(want, got["uk-osa"]); diff != "" {
		t.Errorf("uk-osa (-want +got):\n%s", diff)
	}
	if c, ok := got[casework.RegimePakistan].Class("emergency"); !ok || c.Within != 12*time.Hour || !c.NeedsReasons {
		t.Errorf("built-in Pakistan emergency class lost: %+v", c)
	}
	if c, _ := got[casework.RegimeEUTCO].Class("removal"); c.Within != time.Hour || c.Preserve != 183*24*time.Hour {
		t.Errorf("built-in TCO class %+v, want 1h and six months' preservation", c)
	}
}

func TestParseRegimesErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // substrings of the error, each naming a path
	}{
		{"bad duration and name", "regimes:\n  - name: Bad Name\n    classes:\n      - {name: a, within: soon}\n",
			[]string{"regimes[0].name", "regimes[0].classes[0].within"}},
		{"no classes", "regimes:\n  - name: empty\n", []string{"regimes[0].classes"}},
		{"duplicate class", "regimes:\n  - name: r\n    classes:\n      - {name: a, within: 1h}\n      - {name: a, within: 2h}\n",
			[]string{"regimes[0].classes[1].name"}},
		{"reserved", "regimes:\n  - name: voluntary\n    classes: [{name: a, within: 1h}]\n", []string{"reserved"}},
		{"unknown field", "regimes:\n  - name: r\n    deadline: 1h\n", []string{"line 3", "deadline"}},
		{"negative preserve", "regimes:\n  - name: r\n    classes: [{name: a, within: 1h, preserve: -5h}]\n", []string{"regimes[0].classes[0].preserve"}},
		{"not yaml", "regimes: [", []string{"regimes t.yaml"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := casework.ParseRegimes("t.yaml", strings.NewReader(tc.yaml), nil)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// FuzzParseRegimes checks that no input panics and that accepted regimes
// are usable: every class has a positive limit.
func FuzzParseRegimes(f *testing.F) {
	b, err := os.ReadFile("testdata/regimes.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	f.Add("regimes: []")
	f.Add("regimes:\n  - name: a\n    classes: [{name: b, within: 3d}]\n")
	f.Fuzz(func(t *testing.T, in string) {
		rs, err := casework.ParseRegimes("fuzz.yaml", strings.NewReader(in), nil)
		if err != nil {
			return
		}
		for name, r := range rs {
			for _, c := range r.Classes {
				if c.Within <= 0 {
					t.Errorf("regime %s class %s accepted with limit %v", name, c.Name, c.Within)
				}
			}
		}
	})
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"48h", 48 * time.Hour, true},
		{"183d", 183 * 24 * time.Hour, true},
		{" 90m ", 90 * time.Minute, true},
		{"1.5d", 0, false},
		{"99999999d", 0, false},
		{"", 0, false},
	}
	for _, tc := range tests {
		got, err := casework.ParseDuration(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestPercentile(t *testing.T) {
	h := time.Hour
	tests := []struct {
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{nil, 50, 0},
		{[]time.Duration{h}, 90, h},
		{[]time.Duration{1 * h, 2 * h, 3 * h}, 50, 2 * h},
		{[]time.Duration{1 * h, 2 * h, 3 * h, 4 * h}, 50, 2 * h},     // rank ceil(2) = 2
		{[]time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90, 9},      // rank 9
		{[]time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 90, 10}, // rank ceil(9.9) = 10
	}
	for _, tc := range tests {
		if got := casework.Percentile(tc.in, tc.p); got != tc.want {
			t.Errorf("Percentile(%v, %v) = %v, want %v", tc.in, tc.p, got, tc.want)
		}
	}
}

func TestCanMoveRequest(t *testing.T) {
	all := []rampart.RequestStatus{rampart.RequestDraft, rampart.RequestApproved, rampart.RequestSubmitted, rampart.RequestAcknowledged,
		rampart.RequestActioned, rampart.RequestPartiallyActioned, rampart.RequestRejected, rampart.RequestExpired}
	allowed := map[[2]rampart.RequestStatus]bool{
		{rampart.RequestDraft, rampart.RequestApproved}:                 true,
		{rampart.RequestApproved, rampart.RequestSubmitted}:             true,
		{rampart.RequestSubmitted, rampart.RequestAcknowledged}:         true,
		{rampart.RequestSubmitted, rampart.RequestExpired}:              true,
		{rampart.RequestAcknowledged, rampart.RequestActioned}:          true,
		{rampart.RequestAcknowledged, rampart.RequestPartiallyActioned}: true,
		{rampart.RequestAcknowledged, rampart.RequestRejected}:          true,
		{rampart.RequestAcknowledged, rampart.RequestExpired}:           true,
	}
	for _, from := range all {
		for _, to := range all {
			if got := casework.CanMoveRequest(from, to); got != allowed[[2]rampart.RequestStatus{from, to}] {
				t.Errorf("CanMoveRequest(%s, %s) = %v", from, to, got)
			}
		}
	}
}
