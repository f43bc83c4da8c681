package progress_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/rampart-tt/rampart/progress"
)

func TestBarDrawsRateAndETA(t *testing.T) {
	now := time.Unix(0, 0)
	clock := func() time.Time { return now }
	var out bytes.Buffer
	b := progress.NewForTest(&out, 1000, clock)
	if _, err := io.Copy(io.Discard, io.LimitReader(b.Reader(strings.NewReader(strings.Repeat("x", 1000))), 250)); err != nil {
		t.Fatal(err)
	}
	now = now.Add(10 * time.Second)
	b.Add(500)
	got := out.String()
	for _, want := range []string{"500 items", "50 items/s", "25.0%", "ETA 0:30"} {
		if !strings.Contains(got, want) {
			t.Errorf("bar %q lacks %q", got, want)
		}
	}
}

func TestBarSilentWhenNotTerminal(t *testing.T) {
	var out bytes.Buffer
	b := progress.New(&out, 10)
	b.Add(5)
	b.Done()
	if out.Len() != 0 {
		t.Fatalf("bar drew %q on a non-terminal", out.String())
	}
}
