package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/sqlite"
)

// serveConfig is the configuration of rampart serve: defaults, then the
// YAML file, then RAMPART_* environment variables, then flags.
type serveConfig struct {
	Listen          string        `yaml:"listen"`
	DB              string        `yaml:"db"`
	MaxBodyBytes    int64         `yaml:"max_body_bytes"`
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
	TokenTTL        time.Duration `yaml:"token_ttl"`
	ClaimLease      time.Duration `yaml:"claim_lease"`
	// TwoPerson lists the actions that need two reviewers.
	TwoPerson []string `yaml:"two_person"`
	LogLevel  string   `yaml:"log_level"`
}

func defaultServeConfig() serveConfig {
	return serveConfig{Listen: "127.0.0.1:8080", DB: sqlite.DefaultPath, MaxBodyBytes: api.DefaultMaxBody,
		ShutdownTimeout: 10 * time.Second, TokenTTL: casework.DefaultTokenTTL, ClaimLease: casework.DefaultClaimLease,
		TwoPerson: []string{"remove", "suspend"}, LogLevel: "info"}
}

// load reads path (if any) over the defaults, refusing unknown keys.
func (c *serveConfig) load(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("config %s: %w", path, err)
	}
	return nil
}

// env applies RAMPART_* overrides; getenv is os.Getenv in production.
func (c *serveConfig) env(getenv func(string) string) []string {
	var problems []string
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	dur := func(name string, dst *time.Duration) {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s=%q is not a duration such as 30s or 720h", name, v))
				return
			}
			*dst = d
		}
	}
	str("RAMPART_LISTEN", &c.Listen)
	str("RAMPART_DB", &c.DB)
	str("RAMPART_LOG_LEVEL", &c.LogLevel)
	dur("RAMPART_SHUTDOWN_TIMEOUT", &c.ShutdownTimeout)
	dur("RAMPART_TOKEN_TTL", &c.TokenTTL)
	dur("RAMPART_CLAIM_LEASE", &c.ClaimLease)
	if v := getenv("RAMPART_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			problems = append(problems, fmt.Sprintf("RAMPART_MAX_BODY_BYTES=%q is not an integer", v))
		}
		c.MaxBodyBytes = n
	}
	// A comma-separated list; "none" turns the two-person rule off.
	if v := getenv("RAMPART_TWO_PERSON"); v != "" {
		c.TwoPerson = []string{}
		for _, a := range strings.Split(v, ",") {
			if a = strings.TrimSpace(a); a != "" && a != "none" {
				c.TwoPerson = append(c.TwoPerson, a)
			}
		}
	}
	return problems
}

// Validate reports every problem at once.
func (c serveConfig) Validate() error {
	var problems []string
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		problems = append(problems, fmt.Sprintf("listen %q: want host:port, e.g. 127.0.0.1:8080", c.Listen))
	}
	if c.DB == "" {
		problems = append(problems, "db is empty: name the SQLite database file")
	}
	if c.MaxBodyBytes < 1024 || c.MaxBodyBytes > 64<<20 {
		problems = append(problems, fmt.Sprintf("max_body_bytes %d: want 1024 to %d", c.MaxBodyBytes, 64<<20))
	}
	if c.ShutdownTimeout <= 0 {
		problems = append(problems, "shutdown_timeout must be positive")
	}
	if c.TokenTTL <= 0 || c.TokenTTL > casework.MaxTokenTTL {
		problems = append(problems, fmt.Sprintf("token_ttl %s: want more than 0 and at most %s", c.TokenTTL, casework.MaxTokenTTL))
	}
	if c.ClaimLease < time.Minute || c.ClaimLease > 24*time.Hour {
		problems = append(problems, fmt.Sprintf("claim_lease %s: want 1m to 24h", c.ClaimLease))
	}
	for i, a := range c.TwoPerson {
		if _, err := rampart.ParseAction(a); err != nil {
			problems = append(problems, fmt.Sprintf("two_person[%d]: %v", i, err))
		}
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(c.LogLevel)); err != nil {
		problems = append(problems, fmt.Sprintf("log_level %q: want debug, info, warn or error", c.LogLevel))
	}
	if len(problems) > 0 {
		return fmt.Errorf("invalid configuration:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

func newServeCmd(s *streams) *cobra.Command {
	var configPath, db, listen string
	cmd := &cobra.Command{
		Use:   "serve [--config FILE] [--db PATH] [--listen ADDR]",
		Short: "Serve the casework API (cases, review queue, users, tokens, audit)",
		Long: `Serve runs the JSON API over the SQLite database. On a database with no
users it creates the admin user and prints its token once on stderr as
"bootstrap token: <token>". Configuration comes from --config (YAML), then
RAMPART_* environment variables, then flags. See api/README.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg := defaultServeConfig()
			if err := cfg.load(configPath); err != nil {
				return usageError{err}
			}
			problems := cfg.env(os.Getenv)
			if db != "" {
				cfg.DB = db
			}
			if listen != "" {
				cfg.Listen = listen
			}
			if err := cfg.Validate(); err != nil || len(problems) > 0 {
				return usageError{errors.Join(err, problemsErr(problems))}
			}
			return runServe(cmd.Context(), s, cfg)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&configPath, "config", "", "YAML configuration file")
	fl.StringVar(&db, "db", "", "SQLite database path (default ./rampart.db)")
	fl.StringVar(&listen, "listen", "", "address to listen on (default 127.0.0.1:8080)")
	return cmd
}

func problemsErr(p []string) error {
	if len(p) == 0 {
		return nil
	}
	return errors.New("invalid environment:\n  " + strings.Join(p, "\n  "))
}

// runServe serves until ctx ends (SIGINT, SIGTERM), then drains requests
// for up to ShutdownTimeout.
func runServe(ctx context.Context, s *streams, cfg serveConfig) error {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(cfg.LogLevel))
	log := slog.New(slog.NewTextHandler(s.err, &slog.HandlerOptions{Level: lv}))
	st, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	cw := st.Casework(nil)
	two := []rampart.Action{}
	for _, a := range cfg.TwoPerson {
		two = append(two, rampart.Action(a))
	}
	svc := casework.New(cw, cw, casework.Options{Logger: log, TokenTTL: cfg.TokenTTL, ClaimLease: cfg.ClaimLease, TwoPerson: two})
	secret, err := svc.Bootstrap(ctx)
	if err != nil {
		return err
	}
	if secret != "" {
		fmt.Fprintf(s.err, "bootstrap token: %s\n", secret)
		fmt.Fprintln(s.err, "This is the admin token; it is shown only now. Keep it safe, make named users and tokens, then revoke it.")
	}
	srv, err := api.New(api.Options{Service: svc, Audit: st.AuditLog(), Idempotency: cw, MaxBody: cfg.MaxBodyBytes,
		Logger: log, Version: version, Ready: func(ctx context.Context) error {
			_, err := st.CountFindings(ctx)
			return err
		}})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another server using it?)", cfg.Listen, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	log.Info("serving", "addr", ln.Addr().String(), "db", cfg.DB)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
