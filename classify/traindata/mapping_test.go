package traindata_test

import (
	"testing"

	"github.com/rampart-tt/rampart/classify/traindata"
)

func TestProjectLabel(t *testing.T) {
	tests := []struct {
		set, label string
		want       string
		ok         bool
	}{
		{"ruhsold", "2", "hate", true},
		{"ruhsold", "1", "other", true},
		{"ruhsold", "3", "other", true},
		{"ruhsold", "4", "other", true},
		{"ruhsold", "0", "", false},
		{"osact2022", "HS1", "hate", true},
		{"osact2022", "HS2", "hate", true},
		{"osact2022", "HS6", "", false},
		{"osact2022", "OFF", "", false},
		{"osact2022", "NOT_OFF", "other", true},
		{"hs-urdu", "h", "", false},
		{"arabic-offensive/mlma_arabic_ousidhoum2019", "hate", "", false},
	}
	for _, tc := range tests {
		got, ok := traindata.ProjectLabel(traindata.Real{Set: tc.set, Label: tc.label})
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s/%s: got %q,%v want %q,%v", tc.set, tc.label, got, ok, tc.want, tc.ok)
		}
	}
}

func TestShippableSet(t *testing.T) {
	for set, want := range map[string]bool{"ruhsold": true, "constructed": true, "hs-urdu": false, "osact2022": false, "arabic-offensive/x": false} {
		if got := traindata.ShippableSet(set); got != want {
			t.Errorf("%s: %v, want %v", set, got, want)
		}
	}
}
