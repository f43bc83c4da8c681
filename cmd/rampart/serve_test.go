package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestServeConfigDefaultsAndEnv(t *testing.T) {
	t.Parallel()
	def := defaultServeConfig()
	if err := def.Validate(); err != nil {
		t.Fatalf("the defaults do not validate: %v", err)
	}
	if def.Listen != "127.0.0.1:8080" || def.ShutdownTimeout != 10*time.Second || strings.Join(def.TwoPerson, ",") != "remove,suspend" {
		t.Errorf("defaults %+v", def)
	}

	env := map[string]string{
		"RAMPART_LISTEN":           "0.0.0.0:9000",
		"RAMPART_DB":               "/var/lib/rampart/r.db",
		"RAMPART_SHUTDOWN_TIMEOUT": "3s",
		"RAMPART_MAX_BODY_BYTES":   "4096",
		"RAMPART_TWO_PERSON":       "none",
		"RAMPART_LOG_LEVEL":        "debug",
	}
	got := defaultServeConfig()
	if p := got.env(func(k string) string { return env[k] }); len(p) != 0 {
		t.Fatalf("problems with good values: %v", p)
	}
	want := defaultServeConfig()
	want.Listen, want.DB, want.ShutdownTimeout, want.MaxBodyBytes, want.TwoPerson, want.LogLevel =
		"0.0.0.0:9000", "/var/lib/rampart/r.db", 3*time.Second, 4096, []string{}, "debug"
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(serveConfig{}, retentionConfig{})); diff != "" {
		t.Errorf("after RAMPART_* overrides (-want +got):\n%s", diff)
	}

	// Bad values are each reported, naming the variable.
	bad := map[string]string{"RAMPART_TOKEN_TTL": "forever", "RAMPART_MAX_BODY_BYTES": "lots", "RAMPART_AUDIT_CHECKPOINT_EVERY": "often"}
	c := defaultServeConfig()
	p := c.env(func(k string) string { return bad[k] })
	joined := strings.Join(p, "\n")
	for _, k := range []string{"RAMPART_TOKEN_TTL", "RAMPART_MAX_BODY_BYTES", "RAMPART_AUDIT_CHECKPOINT_EVERY"} {
		if !strings.Contains(joined, k) {
			t.Errorf("problems do not name %s:\n%s", k, joined)
		}
	}
	if len(p) != 3 {
		t.Errorf("%d problems, want 3:\n%s", len(p), joined)
	}
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestServeConfigErrors runs serve with configurations that must be refused
// before anything is opened; none of them may start a server.
func TestServeConfigErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		yaml    string
		env     map[string]string
		flags   []string
		want    []string
		notWant []string
	}{
		{name: "unknown key", yaml: "listen: 127.0.0.1:0\ncolour: blue\n", want: []string{"colour", "not found"}},
		{name: "every problem at once",
			yaml: "listen: nowhere\nmax_body_bytes: 10\nclaim_lease: 5s\nlog_level: loud\ntwo_person: [remove, nuke]\n" +
				"retention:\n  findings: 3x\nretention_interval: 1s\nevidence_key: abcd\n",
			want: []string{`listen "nowhere"`, "max_body_bytes 10", "claim_lease 5s", `log_level "loud"`, "two_person[1]",
				`retention.findings "3x"`, "retention_interval 1s", "evidence_key: want 64 hex digits"}},
		{name: "wrong type", yaml: "listen: 127.0.0.1:0\nshutdown_timeout: [1, 2]\n", want: []string{"c.yaml", "line 2", "time.Duration"}},
		{name: "environment overrides the file",
			yaml: "listen: 127.0.0.1:0\nlog_level: loud\n", env: map[string]string{"RAMPART_LISTEN": "bad-listen", "RAMPART_CLAIM_LEASE": "soon"},
			want: []string{`listen "bad-listen"`, `log_level "loud"`, `RAMPART_CLAIM_LEASE="soon"`}},
		{name: "flags override the environment",
			yaml: "log_level: loud\n", env: map[string]string{"RAMPART_LISTEN": "bad-listen"}, flags: []string{"--listen", "127.0.0.1:0"},
			want: []string{`log_level "loud"`}, notWant: []string{"bad-listen"}},
		{name: "both evidence keys", yaml: "evidence_key: " + strings.Repeat("ab", 32) + "\nevidence_key_file: /k\n", want: []string{"both set"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			cfg := writeFile(t, dir, "c.yaml", tc.yaml)
			args := append([]string{"serve", "--config", cfg, "--db", filepath.Join(dir, "r.db")}, tc.flags...)
			r := runCLI(t, "", args...)
			if r.code != exitUsage {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, exitUsage, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(r.stderr, w) {
					t.Errorf("stderr has %q:\n%s", w, r.stderr)
				}
			}
			if strings.Contains(r.stderr, "bootstrap token") {
				t.Errorf("a refused configuration started the server")
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "r.db")); !os.IsNotExist(err) {
		t.Errorf("a refused configuration created the database (stat: %v)", err)
	}
	if r := runCLI(t, "", "serve", "--config", filepath.Join(dir, "none.yaml")); r.code != exitUsage || !strings.Contains(r.stderr, "none.yaml") {
		t.Errorf("missing config file: exit %d, stderr %s", r.code, r.stderr)
	}
	if r := runCLI(t, "", "serve", "extra"); r.code != exitUsage {
		t.Errorf("serve with an argument: exit %d, want %d", r.code, exitUsage)
	}
}

// server is a rampart serve process started from the built binary.
type server struct {
	base, token string
	cmd         *exec.Cmd
	lines       chan string
}

// buildRampart builds the command into a temporary directory.
func buildRampart(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH; cannot build the binary to run serve")
	}
	bin := filepath.Join(t.TempDir(), "rampart")
	out, err := exec.CommandContext(t.Context(), goBin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startServe starts serve on a random loopback port and waits for the
// bootstrap token and the address it listens on.
func startServe(t *testing.T, bin, dir string, extraEnv ...string) *server {
	t.Helper()
	return startServeArgs(t, bin, dir, nil, extraEnv...)
}

// startServeArgs is startServe with more serve flags.
func startServeArgs(t *testing.T, bin, dir string, args []string, extraEnv ...string) *server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--db", filepath.Join(dir, "r.db"), "--listen", "127.0.0.1:0"}, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "RAMPART_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, extraEnv...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, lines: make(chan string, 100)}
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			_ = s.cmd.Wait()
		}
	})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	deadline := time.After(30 * time.Second)
	var seen []string
	for s.token == "" || s.base == "" {
		select {
		case line, ok := <-s.lines:
			if !ok {
				t.Fatalf("serve exited before serving; stderr:\n%s", strings.Join(seen, "\n"))
			}
			seen = append(seen, line)
			if tok, ok := strings.CutPrefix(line, "bootstrap token: "); ok {
				s.token = tok
			}
			if _, rest, ok := strings.Cut(line, "msg=serving addr="); ok {
				s.base = "http://" + strings.Fields(rest)[0]
			}
		case <-deadline:
			t.Fatalf("serve did not print its token and address in 30 s; stderr:\n%s", strings.Join(seen, "\n"))
		}
	}
	return s
}

func (s *server) get(t *testing.T, path, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", s.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
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
	return resp.StatusCode, string(b)
}

// stop sends SIGTERM and waits for a clean exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for range s.lines { // drain, so the process never blocks on stderr
		}
		done <- s.cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v, want exit 0", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop within 20 s of SIGTERM")
	}
}

func TestServeAndCasework(t *testing.T) {
	bin := buildRampart(t)
	dir := t.TempDir()
	// Four findings about TTP mentions (finding 2 is post 3, linked through
	// its author) for the case to hold; the case takes 1 (x) and 3 (telegram).
	if r := runCLI(t, "", "scan", "--db", filepath.Join(dir, "r.db"), "testdata/mixed.jsonl"); r.code != exitOK {
		t.Fatalf("scan: %s", r.stderr)
	}
	s := startServe(t, bin, dir)
	if !strings.HasPrefix(s.token, "rpt_") {
		t.Errorf("bootstrap token %q lacks the rpt_ prefix", s.token)
	}
	if _, err := os.Stat(filepath.Join(dir, "audit-key.pem")); err != nil {
		t.Errorf("no audit key made in the data directory: %v", err)
	}

	if code, body := s.get(t, "/healthz", ""); code != http.StatusOK || strings.TrimSpace(body) != `{"status":"ok"}` {
		t.Errorf("/healthz: %d %s", code, body)
	}
	if code, _ := s.get(t, "/api/v1/me", ""); code != http.StatusUnauthorized {
		t.Errorf("/api/v1/me without a token: %d, want 401", code)
	}
	if code, _ := s.get(t, "/api/v1/me", "rpt_not-a-real-token"); code != http.StatusUnauthorized {
		t.Errorf("/api/v1/me with a wrong token: %d, want 401", code)
	}
	code, body := s.get(t, "/api/v1/me", s.token)
	var me struct {
		UserID int64  `json:"user_id"`
		Name   string `json:"name"`
		Role   string `json:"role"`
	}
	if err := json.Unmarshal([]byte(body), &me); code != http.StatusOK || err != nil || me.Name != "admin" || me.Role != "admin" || me.UserID != 1 {
		t.Errorf("/api/v1/me: %d %s (%v)", code, body, err)
	}

	t.Setenv("RAMPART_SERVER", s.base)
	t.Setenv("RAMPART_TOKEN", s.token)
	createCase(t, s)

	t.Run("case list", func(t *testing.T) {
		out := mustRun(t, "case", "list")
		if want := "1\topen\t50\t\tentity ttp\tTTP media\n"; out != want {
			t.Errorf("case list: %q, want %q", out, want)
		}
		if out := mustRun(t, "case", "list", "--status", "closed"); out != "" {
			t.Errorf("case list --status closed: %q, want nothing", out)
		}
	})
	t.Run("case show", func(t *testing.T) {
		var k struct {
			ID       int64   `json:"id"`
			Key      string  `json:"key"`
			Status   string  `json:"status"`
			Findings []int64 `json:"findings"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, "case", "show", "1")), &k); err != nil {
			t.Fatal(err)
		}
		if k.ID != 1 || k.Key != "ttp" || k.Status != "open" || len(k.Findings) != 2 {
			t.Errorf("case show 1: %+v", k)
		}
	})
	var reviewerToken string
	t.Run("users create", func(t *testing.T) {
		out := mustRun(t, "users", "create", "alice", "--role", "reviewer")
		head, tok, ok := strings.Cut(out, "token: ")
		if !ok || head != "user 2 alice (reviewer)\n" || !strings.HasPrefix(tok, "rpt_") {
			t.Fatalf("users create printed %q", out)
		}
		reviewerToken = strings.TrimSpace(tok)
		if code, body := s.get(t, "/api/v1/me", reviewerToken); code != http.StatusOK || !strings.Contains(body, `"role":"reviewer"`) {
			t.Errorf("the printed token does not work: %d %s", code, body)
		}
	})
	t.Run("case assign", func(t *testing.T) {
		var k struct {
			Assignee int64 `json:"assignee"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, "case", "assign", "1", "2")), &k); err != nil || k.Assignee != 2 {
			t.Errorf("case assign 1 2: assignee %d (%v)", k.Assignee, err)
		}
	})
	t.Run("case decide", func(t *testing.T) {
		// Remove needs a second reviewer: the admin's decision waits.
		r := runCLI(t, "", "case", "decide", "1", "--action", "remove", "--reason", "TERRORIST_CONTENT", "--basis", "ToS 4.2")
		if r.code != exitOK || !strings.Contains(r.stderr, "waits for a second reviewer") {
			t.Fatalf("decide remove: exit %d, stderr %s", r.code, r.stderr)
		}
		var k struct {
			Status  string          `json:"status"`
			Pending json.RawMessage `json:"pending"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &k); err != nil || k.Pending == nil {
			t.Errorf("pending decision not shown: %s (%v)", r.stdout, err)
		}
		// The reviewer makes the second decision with her own token.
		t.Setenv("RAMPART_TOKEN", reviewerToken)
		var done struct {
			Status   string `json:"status"`
			Decision struct {
				Action string `json:"action"`
			} `json:"decision"`
		}
		out := mustRun(t, "case", "decide", "1", "--action", "remove", "--reason", "TERRORIST_CONTENT", "--basis", "ToS 4.2")
		if err := json.Unmarshal([]byte(out), &done); err != nil || done.Status != "decided" || done.Decision.Action != "remove" {
			t.Errorf("second decision: %s (%v)", out, err)
		}
	})
	t.Run("errors", func(t *testing.T) {
		tests := []struct {
			name  string
			token string
			args  []string
			code  int
			want  string
		}{
			{"not an id", s.token, []string{"case", "show", "abc"}, exitUsage, `"abc" is not a case id`},
			{"no such case", s.token, []string{"case", "show", "99"}, exitFatal, "99"},
			{"bad user id", s.token, []string{"case", "assign", "1", "two"}, exitUsage, `"two" is not a user id`},
			{"bad action", s.token, []string{"case", "decide", "1", "--action", "nuke", "--reason", "r", "--basis", "b"}, exitUsage, `"nuke"`},
			{"missing decide flags", s.token, []string{"case", "decide", "1", "--action", "none"}, exitUsage, `"basis", "reason"`},
			{"bad role", s.token, []string{"users", "create", "bob", "--role", "king"}, exitUsage, `--role "king"`},
			{"missing role", s.token, []string{"users", "create", "bob"}, exitUsage, `"role"`},
			{"no token", "", []string{"case", "list"}, exitUsage, "RAMPART_TOKEN"},
			{"revoked or wrong token", "rpt_wrong", []string{"case", "list"}, exitFatal, "401"},
			{"reviewer may not create users", reviewerToken, []string{"users", "create", "carol", "--role", "admin"}, exitFatal, "403"},
			{"unreachable server", s.token, []string{"case", "list", "--server", "http://127.0.0.1:1"}, exitFatal, "127.0.0.1:1"},
			{"bad server URL", s.token, []string{"case", "list", "--server", "ftp://x"}, exitUsage, "ftp://x"},
		}
		for _, tc := range tests {
			t.Setenv("RAMPART_TOKEN", tc.token)
			r := runCLI(t, "", tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("%s: exit %d (want %d), stderr %q (want %q)", tc.name, r.code, tc.code, r.stderr, tc.want)
			}
		}
	})

	s.stop(t)
	if _, err := http.Get(s.base + "/healthz"); err == nil {
		t.Error("the server still answers after SIGTERM")
	}
}

// createCase makes case 1 over findings 1 and 2 through the API, as an
// analyst's tool would; there is no CLI command for it.
func createCase(t *testing.T, s *server) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "POST", s.base+"/api/v1/cases",
		strings.NewReader(`{"group_by":"entity","key":"ttp","title":"TTP media","findings":[1,3]}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("create case: %d %s", resp.StatusCode, b)
	}
}
