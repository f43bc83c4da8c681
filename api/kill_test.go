package api_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/casework"
)

// serveEnv names the database a re-executed test binary serves, and
// backendEnv the backend it is on.
const (
	serveEnv   = "RAMPART_API_TEST_SERVE_DB"
	backendEnv = "RAMPART_API_TEST_BACKEND"
)

func TestMain(m *testing.M) {
	if db := os.Getenv(serveEnv); db != "" {
		os.Exit(serveChild(os.Getenv(backendEnv), db))
	}
	os.Exit(m.Run())
}

// serveChild serves db on a loopback port, printing the address and the
// bootstrap token, until it is killed.
func serveChild(name, db string) int {
	b, err := backendNamed(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	secret, done, err := serve(context.Background(), b, db, ln, casework.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("addr http://%s\ntoken %s\n", ln.Addr(), secret)
	if err := <-done; err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestKill9 writes through a server in another process, kills it with
// SIGKILL, and checks that every write the server acknowledged is in the
// database with its audit record, and that the chain still verifies.
func TestKill9(t *testing.T) { forEachStore(t, testKill9) }

func testKill9(t *testing.T, b backend) {
	db := b.fresh(t, seedData{})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serveEnv+"="+db, backendEnv+"="+b.name)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	sc := bufio.NewScanner(out)
	var url, token string
	for (url == "" || token == "") && sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "addr "); ok {
			url = v
		}
		if v, ok := strings.CutPrefix(sc.Text(), "token "); ok {
			token = v
		}
	}
	if url == "" || token == "" {
		t.Fatalf("child did not print its address and token: %v", sc.Err())
	}
	e := &env{url: url, secret: token}
	c := e.client(t, token)

	// Write until the deadline, killing the server in the middle of it.
	ctx := t.Context()
	acked := map[int64]rampart.CaseStatus{}
	kill := time.AfterFunc(400*time.Millisecond, func() { _ = cmd.Process.Signal(syscall.SIGKILL) })
	defer kill.Stop()
	for i := 0; ; i++ {
		k, err := c.CreateCase(ctx, casework.NewCase{GroupBy: rampart.GroupAccount, Key: account, Title: fmt.Sprint("case ", i)}, "")
		if err != nil {
			break
		}
		acked[k.ID] = k.Status
		k, err = c.Transition(ctx, k.ID, rampart.CaseInReview)
		if err != nil {
			break
		}
		acked[k.ID] = k.Status
	}
	_ = cmd.Wait()
	if len(acked) == 0 {
		t.Fatal("the server acknowledged no write before it was killed")
	}

	st, err := b.open(ctx, db)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer st.close()
	cw := st.cw
	for id, status := range acked {
		k, err := cw.Case(ctx, id)
		if err != nil {
			t.Errorf("acknowledged case %d lost: %v", id, err)
			continue
		}
		// A write may have committed after its response was lost, so
		// the stored case may be one step further, never behind.
		if k.Status != status && !(status == rampart.CaseOpen && k.Status == rampart.CaseInReview) {
			t.Errorf("case %d status %s, acknowledged %s", id, k.Status, status)
		}
	}
	rep, err := audit.Verify(ctx, st.audit, nil)
	if err != nil {
		t.Fatalf("audit chain after kill: %v", err)
	}
	// Bootstrap, then one record per create and per transition committed.
	cases, err := cw.Cases(ctx, rampart.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := int64(1)
	for _, k := range cases {
		want++
		if k.Status == rampart.CaseInReview {
			want++
		}
	}
	if rep.Records != want {
		t.Errorf("audit has %d records, want %d (bootstrap + each committed change)", rep.Records, want)
	}
	t.Logf("%d cases acknowledged before SIGKILL; %d audit records verified", len(acked), rep.Records)
}
