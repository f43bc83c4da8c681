package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/postgres"
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

// casework is what the API needs of a store.
type caseworkStore interface {
	rampart.UserStore
	rampart.CaseStore
	rampart.IdempotencyStore
}

// stores are one open database as the server uses it.
type stores struct {
	cw caseworkStore
	// findings is the same database as a finding store, for tests that
	// store findings while the server runs.
	findings rampart.FindingStore
	audit    audit.Store
	ready    func(context.Context) error
	close    func() error
}

// backend is a store factory: the API suite runs once per backend.
type backend struct {
	name string
	// fresh makes a new database holding the test findings and what sd
	// adds, and returns its address (a file path or a postgres:// URL).
	fresh func(t testing.TB, sd seedData) string
	open  func(ctx context.Context, dsn string) (*stores, error)
}

var sqliteBackend = backend{
	name: "sqlite",
	fresh: func(t testing.TB, sd seedData) string {
		t.Helper()
		db := filepath.Join(t.TempDir(), "rampart.db")
		st, err := sqlite.Open(t.Context(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := st.PutFindings(t.Context(), append(loadFindings(t), sd.findings...)); err != nil {
			t.Fatal(err)
		}
		if _, err := st.PutItems(t.Context(), sd.items); err != nil {
			t.Fatal(err)
		}
		return db
	},
	open: func(ctx context.Context, dsn string) (*stores, error) {
		st, err := sqlite.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return &stores{cw: st.Casework(nil), findings: st, audit: st.AuditLog(), close: st.Close,
			ready: func(ctx context.Context) error { _, err := st.CountFindings(ctx); return err }}, nil
	},
}

var postgresBackend = backend{
	name: "postgres",
	fresh: func(t testing.TB, sd seedData) string {
		t.Helper()
		url := freshSchema(t)
		st, err := postgres.Open(t.Context(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := st.PutFindings(t.Context(), append(loadFindings(t), sd.findings...)); err != nil {
			t.Fatal(err)
		}
		if _, err := st.PutItems(t.Context(), sd.items); err != nil {
			t.Fatal(err)
		}
		return url
	},
	open: func(ctx context.Context, dsn string) (*stores, error) {
		st, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return &stores{cw: st.Casework(nil), findings: st, audit: st.Audit(), close: st.Close,
			ready: func(ctx context.Context) error { _, err := st.CountFindings(ctx); return err }}, nil
	},
}

// backendNamed returns the backend called name.
func backendNamed(name string) (backend, error) {
	for _, b := range []backend{sqliteBackend, postgresBackend} {
		if b.name == name {
			return b, nil
		}
	}
	return backend{}, fmt.Errorf("no test backend %q", name)
}

// forEachStore runs test once on SQLite and once on PostgreSQL; the
// PostgreSQL run is skipped when RAMPART_TEST_POSTGRES is not set.
func forEachStore(t *testing.T, test func(t *testing.T, b backend)) {
	for _, b := range []backend{sqliteBackend, postgresBackend} {
		t.Run(b.name, func(t *testing.T) {
			if b.name == "postgres" {
				testURL(t)
			}
			test(t, b)
		})
	}
}

// serve runs the API over the database at dsn on ln until ctx ends, and
// returns the bootstrap token ("" when the database had users). more
// adjust the API's options (an inbox, say); opt.Now is the referral
// service's and the API's clock too.
func serve(ctx context.Context, b backend, dsn string, ln net.Listener, opt casework.Options, more ...func(*api.Options)) (secret string, done <-chan error, err error) {
	st, err := b.open(ctx, dsn)
	if err != nil {
		return "", nil, err
	}
	svc, err := casework.New(st.cw, st.cw, opt)
	if err != nil {
		st.close()
		return "", nil, err
	}
	if secret, err = svc.Bootstrap(ctx); err != nil {
		st.close()
		return "", nil, err
	}
	// Both test stores keep referrals; the assertion fails loudly if one
	// stops doing so.
	refs, err := casework.NewReferrals(st.cw.(rampart.ReferralStore), casework.ReferralOptions{Now: opt.Now})
	if err != nil {
		st.close()
		return "", nil, err
	}
	ao := api.Options{Service: svc, Audit: st.audit, Idempotency: st.cw, MaxBody: 64 << 10, Version: "test", Ready: st.ready,
		Referrals: refs, Now: opt.Now}
	for _, fn := range more {
		fn(&ao)
	}
	srv, err := api.New(ao)
	if err != nil {
		st.close()
		return "", nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 5 * time.Second}
	ch := make(chan error, 1)
	go func() {
		err := hs.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		ch <- errors.Join(err, st.close())
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

// seedData is what a test stores besides testdata/findings.jsonl.
type seedData struct {
	findings []rampart.Finding
	items    []rampart.Item
}

func start(t *testing.T, b backend, opt casework.Options, extra ...rampart.Finding) *env {
	t.Helper()
	return startSeeded(t, b, opt, seedData{findings: extra})
}

func startSeeded(t *testing.T, b backend, opt casework.Options, sd seedData, more ...func(*api.Options)) *env {
	t.Helper()
	db := b.fresh(t, sd)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	secret, done, err := serve(ctx, b, db, ln, opt, more...)
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
