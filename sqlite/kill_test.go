package sqlite_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/sqlite"
)

// killChildEnv names the database a re-executed test binary writes to.
const killChildEnv = "RAMPART_SQLITE_KILL_CHILD_DB"

// stallOnMarshal announces on stdout that the batch holding it is half
// written, then never returns, so that the parent can kill the process at
// that point.
type stallOnMarshal struct{}

func (stallOnMarshal) MarshalJSON() ([]byte, error) {
	fmt.Println("midway")
	os.Stdout.Sync()
	select {}
}

// TestKilledMidBatch kills a process (SIGKILL, no cleanup) in the middle of
// a large PutItems and checks that the file reopens intact with none of that
// batch: SQLite's WAL ignores frames of a transaction that never committed.
func TestKilledMidBatch(t *testing.T) {
	if path := os.Getenv(killChildEnv); path != "" {
		killChild(t, path)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	path := filepath.Join(t.TempDir(), "r.db")
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	before := []rampart.Item{post("before-1"), post("before-2")}
	if _, err := s.PutItems(t.Context(), before); err != nil {
		t.Fatal(err)
	}
	s.Close()

	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestKilledMidBatch$", "-test.count=1")
	cmd.Env = append(os.Environ(), killChildEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	midway := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "midway" {
				midway <- true
				return
			}
		}
		midway <- false
	}()
	select {
	case ok := <-midway:
		if !ok {
			cmd.Wait()
			t.Fatal("child ended without reaching the middle of its batch")
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("child did not reach the middle of its batch in 20s")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	// The WAL must hold uncommitted frames for the test to mean anything.
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Logf("no WAL content after the kill (%v); the batch had not reached the file", err)
	}
	s, err = sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	var check string
	if err := s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	if n, err := s.CountItems(t.Context()); err != nil || n != int64(len(before)) {
		t.Fatalf("CountItems after kill = %d, %v; want %d (none of the killed batch)", n, err, len(before))
	}
	if n, err := s.PutItems(t.Context(), []rampart.Item{post("k-0"), post("after")}); err != nil || n != 2 {
		t.Fatalf("PutItems after kill = %d, %v; want 2", n, err)
	}
}

// killChild writes a batch big enough to spill pages into the WAL before
// it stalls half-way.
func killChild(t *testing.T, path string) {
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	var batch []rampart.Item
	for i := range 40_000 {
		it := post("k-" + strconv.Itoa(i))
		it.Post.Text = strings.Repeat("padding so that pages spill ", 8)
		batch = append(batch, it)
	}
	batch[30_000].Post.Extra = map[string]any{"stall": stallOnMarshal{}}
	s.PutItems(t.Context(), batch)
	t.Fatal("PutItems returned; it should have stalled")
}
