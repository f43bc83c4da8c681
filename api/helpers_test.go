package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/api/client"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/sqlite"
)

// loadFindings reads testdata/findings.jsonl.
func loadFindings(t testing.TB) []rampart.Finding {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "findings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []rampart.Finding
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var fd rampart.Finding
		if err := json.Unmarshal(sc.Bytes(), &fd); err != nil {
			t.Fatal(err)
		}
		out = append(out, fd)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// seed creates the database at path with the test findings.
func seed(t testing.TB, path string) {
	t.Helper()
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.PutFindings(t.Context(), loadFindings(t)); err != nil {
		t.Fatal(err)
	}
}

// serve runs the API over the database at path on ln until ctx ends, and
// returns the bootstrap token ("" when the database had users).
func serve(ctx context.Context, path string, ln net.Listener, opt casework.Options) (secret string, done <-chan error, err error) {
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return "", nil, err
	}
	cw := st.Casework(nil)
	svc := casework.New(cw, cw, opt)
	if secret, err = svc.Bootstrap(ctx); err != nil {
		st.Close()
		return "", nil, err
	}
	srv, err := api.New(api.Options{Service: svc, Audit: st.AuditLog(), Idempotency: cw, MaxBody: 64 << 10, Version: "test"})
	if err != nil {
		st.Close()
		return "", nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 5 * time.Second}
	ch := make(chan error, 1)
	go func() {
		err := hs.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		ch <- errors.Join(err, st.Close())
	}()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	return secret, ch, nil
}

// env is a running server with an admin client.
type env struct {
	url    string
	db     string
	admin  *client.Client
	secret string
}

func start(t *testing.T, opt casework.Options) *env {
	t.Helper()
	db := filepath.Join(t.TempDir(), "rampart.db")
	seed(t, db)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	secret, done, err := serve(ctx, db, ln, opt)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
	})
	e := &env{url: "http://" + ln.Addr().String(), db: db, secret: secret}
	e.admin = e.client(t, secret)
	return e
}

func (e *env) client(t testing.TB, token string) *client.Client {
	t.Helper()
	c, err := client.New(e.url, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// user creates a user with role and returns a client with its token.
func (e *env) user(t testing.TB, name string, role rampart.Role, platform string) (*client.Client, rampart.User) {
	c, u, _ := e.userSecret(t, name, role, platform)
	return c, u
}

// userSecret is user, also returning the token secret.
func (e *env) userSecret(t testing.TB, name string, role rampart.Role, platform string) (*client.Client, rampart.User, string) {
	t.Helper()
	u, err := e.admin.CreateUser(t.Context(), casework.NewUser{Name: name, Role: role, Platform: platform}, "")
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	tok, err := e.admin.CreateToken(t.Context(), casework.NewToken{UserID: u.ID})
	if err != nil {
		t.Fatalf("create token for %s: %v", name, err)
	}
	return e.client(t, tok.Secret), u, tok.Secret
}

// raw sends a request with a raw body and returns the status, headers and
// body.
func raw(t testing.TB, method, url, token, body string, h map[string]string) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// problemOf decodes a problem body.
func problemOf(t testing.TB, b []byte) api.Problem {
	t.Helper()
	var p api.Problem
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("not a problem: %v: %s", err, b)
	}
	return p
}

// statusOf returns the HTTP status of a client error, 0 for none.
func statusOf(err error) int {
	var ce *client.Error
	if errors.As(err, &ce) {
		return ce.Status
	}
	if err != nil {
		return -1
	}
	return 0
}

// must(call())(t) returns call's value, failing t on its error.
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
