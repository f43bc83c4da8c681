package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
)

// post makes a distinct X post for bulk tests.
func post(i int) rampart.Item {
	return rampart.Item{Post: &rampart.Post{Platform: rampart.PlatformX, ID: strconv.Itoa(1_500_000_000_000_000_000 + i),
		AccountID: strconv.Itoa(i % 17), Text: "post " + strconv.Itoa(i), CreatedAt: base.Add(time.Duration(i) * time.Millisecond)}}
}

func testConcurrentPutItems(t *testing.T, s Store) {
	// Eight writers put overlapping ranges: writer g puts posts
	// [100g, 100g+200), so the union is 900 posts and each new post must be
	// counted by exactly one writer.
	const writers = 8
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		added int
		errs  []error
	)
	for g := range writers {
		wg.Go(func() {
			var batch []rampart.Item
			for i := 100 * g; i < 100*g+200; i++ {
				batch = append(batch, post(i))
			}
			// Two batches per writer so that writes interleave.
			for _, b := range [][]rampart.Item{batch[:100], batch[100:]} {
				n, err := s.PutItems(t.Context(), b)
				mu.Lock()
				added += n
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent PutItems: %v", err)
	}
	want := 100*(writers-1) + 200
	if added != want {
		t.Errorf("writers added %d in all, want %d", added, want)
	}
	if got := countItems(t, s); got != int64(want) {
		t.Errorf("CountItems = %d, want %d", got, want)
	}
}

func testConcurrentPutFindings(t *testing.T, s Store) {
	const writers = 6
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		added int
		errs  []error
	)
	for g := range writers {
		wg.Go(func() {
			var batch []rampart.Finding
			for i := 50 * g; i < 50*g+100; i++ {
				batch = append(batch, finding(strconv.Itoa(i), base.Add(time.Duration(i)*time.Second), rampart.ActionReview, "ttp", "ttp"))
			}
			n, err := s.PutFindings(t.Context(), batch)
			mu.Lock()
			added += n
			if err != nil {
				errs = append(errs, err)
			}
			mu.Unlock()
			// Read while others write.
			if _, err := collect(s.Findings(t.Context(), rampart.FindingFilter{Entity: "ttp", Limit: 10})); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent PutFindings: %v", err)
	}
	want := 50*(writers-1) + 100
	if added != want {
		t.Errorf("writers added %d in all, want %d", added, want)
	}
	if got := countFindings(t, s); got != int64(want) {
		t.Errorf("CountFindings = %d, want %d", got, want)
	}
	if got := len(allFindings(t, s, rampart.FindingFilter{})); got != want {
		t.Errorf("Findings served %d, want %d", got, want)
	}
}

func testCancelledContext(t *testing.T, s Store) {
	putItems(t, s, sampleItems(t)[:2])
	putFindings(t, s, []rampart.Finding{finding("1", base, rampart.ActionReview, "ttp", "ttp")})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	check := func(call string, err error) {
		t.Helper()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: error %v, want context.Canceled", call, err)
		}
	}
	n, err := s.PutItems(ctx, []rampart.Item{post(1)})
	check("PutItems", err)
	if n != 0 {
		t.Errorf("PutItems with a cancelled context added %d", n)
	}
	n, err = s.PutFindings(ctx, []rampart.Finding{finding("2", base, rampart.ActionReview, "ttp", "ttp")})
	check("PutFindings", err)
	if n != 0 {
		t.Errorf("PutFindings with a cancelled context added %d", n)
	}
	_, err = s.CountItems(ctx)
	check("CountItems", err)
	_, err = s.CountFindings(ctx)
	check("CountFindings", err)
	_, err = s.Item(ctx, sampleItems(t)[0].Subject())
	check("Item", err)
	got, err := collect(s.Findings(ctx, rampart.FindingFilter{}))
	check("Findings", err)
	if len(got) != 0 {
		t.Errorf("Findings with a cancelled context served %d", len(got))
	}
	if c := countItems(t, s); c != 2 {
		t.Errorf("CountItems = %d, want 2", c)
	}
	if c := countFindings(t, s); c != 1 {
		t.Errorf("CountFindings = %d, want 1", c)
	}
}

// cancelOnMarshal cancels a context when it is encoded, which a store does
// while it writes the item that holds it: a deterministic way to cancel a
// batch in the middle.
type cancelOnMarshal struct{ cancel context.CancelFunc }

var _ json.Marshaler = cancelOnMarshal{}

func (c cancelOnMarshal) MarshalJSON() ([]byte, error) {
	c.cancel()
	return []byte(`"cancelled here"`), nil
}

func testCancelMidBatch(t *testing.T, s Store) {
	before := sampleItems(t)
	putItems(t, s, before)
	var batch []rampart.Item
	for i := range 600 {
		batch = append(batch, post(i))
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	trap := post(10_000)
	trap.Post.Extra = map[string]any{"trap": cancelOnMarshal{cancel}}
	mid := append(append(append([]rampart.Item{}, batch[:300]...), trap), batch[300:]...)
	n, err := s.PutItems(ctx, mid)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("PutItems cancelled mid-batch: error %v, want context.Canceled", err)
	}
	if n != 0 {
		t.Errorf("cancelled batch reported %d added, want 0", n)
	}
	if got := countItems(t, s); got != int64(len(before)) {
		t.Fatalf("CountItems = %d after a cancelled batch, want %d: a partial batch was kept", got, len(before))
	}
	if _, err := s.Item(t.Context(), batch[0].Subject()); rampart.ErrorCode(err) != rampart.ENOTFOUND {
		t.Errorf("first item of the cancelled batch: error %v, want not found", err)
	}
	// The same batch goes in whole afterwards.
	if got := putItems(t, s, batch); got != len(batch) {
		t.Errorf("batch after the cancelled one added %d, want %d", got, len(batch))
	}

	// Findings: the trap sits in a signal's attrs.
	var fs []rampart.Finding
	for i := range 300 {
		fs = append(fs, finding(strconv.Itoa(i), base, rampart.ActionReview, "ttp", "ttp"))
	}
	ctx2, cancel2 := context.WithCancel(t.Context())
	defer cancel2()
	ftrap := finding("trap", base, rampart.ActionReview, "ttp", "ttp")
	ftrap.Signals[0].Attrs = map[string]any{"trap": cancelOnMarshal{cancel2}}
	fmid := append(append(append([]rampart.Finding{}, fs[:150]...), ftrap), fs[150:]...)
	if n, err := s.PutFindings(ctx2, fmid); !errors.Is(err, context.Canceled) || n != 0 {
		t.Fatalf("PutFindings cancelled mid-batch = %d, %v; want 0, context.Canceled", n, err)
	}
	if got := countFindings(t, s); got != 0 {
		t.Errorf("CountFindings = %d after a cancelled batch, want 0", got)
	}
}

func testCancelMidStream(t *testing.T, s Store) {
	var fs []rampart.Finding
	for i := range 300 {
		fs = append(fs, finding(strconv.Itoa(i), base.Add(time.Duration(i)*time.Second), rampart.ActionReview, "ttp", "ttp"))
	}
	putFindings(t, s, fs)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	served, sawErr := 0, false
	for _, err := range s.Findings(ctx, rampart.FindingFilter{}) {
		if sawErr {
			t.Fatal("stream went on after an error")
		}
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error %v, want context.Canceled", err)
			}
			sawErr = true
			continue
		}
		if served++; served == 1 {
			cancel()
		}
	}
	if !sawErr {
		t.Errorf("stream ran to its end (%d findings) after its context was cancelled", served)
	}
	if served != 1 {
		t.Errorf("served %d findings after cancelling at the first, want 1", served)
	}
}
