package textnorm

// An internal test: the page tables are unexported, and what they must
// equal is computeInfo, the unexported definition of each rune's keying.

import (
	"reflect"
	"sync"
	"testing"
)

// TestLazyPages checks that every rune of the Basic Multilingual Plane is
// described, through the eager table or a page built on first use, exactly
// as computeInfo describes it; four goroutines ask for the pages at once,
// in different orders, so that `go test -race` checks the page building.
func TestLazyPages(t *testing.T) {
	loadTables()
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Go(func() {
			for k := range 0x100 {
				page := (k*(2*g+1) + g*37) % 0x100 // a different order per goroutine
				for r := rune(page << 8); r < rune(page<<8+0x100); r++ {
					if r >= 0xD800 && r < 0xE000 {
						if got := lookup(r); got.cls != clsHard {
							errs <- "surrogate not hard"
							return
						}
						continue
					}
					want := computeInfo(r)
					if got := lookup(r); !reflect.DeepEqual(*got, want) {
						errs <- string(r) + ": table and computeInfo differ"
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
