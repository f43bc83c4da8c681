package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/api"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/postgres"
	"github.com/rampart-tt/rampart/sqlite"
)

// serveConfig is the configuration of rampart serve: defaults, then the
// YAML file, then RAMPART_* environment variables, then flags.
type serveConfig struct {
	Listen string `yaml:"listen"`
	DB     string `yaml:"db"`
	// PostgresURL, when set, serves from PostgreSQL instead of DB.
	PostgresURL string `yaml:"postgres_url"`
	// DataDir holds files the server makes for itself (the audit key);
	// "" means the directory of DB (the working directory with
	// PostgreSQL).
	DataDir string `yaml:"data_dir"`
	// AuditKey is the ed25519 private key (PKCS #8 PEM) that signs audit
	// checkpoints; "" means audit-key.pem in DataDir, made on first start.
	AuditKey string `yaml:"audit_key"`
	// AuditCheckpointEvery signs a checkpoint after every that many
	// records.
	AuditCheckpointEvery int64 `yaml:"audit_checkpoint_every"`
	// EvidenceKey is the AES-256 key (64 hex digits) that seals media
	// originals of cases under legal hold; EvidenceKeyFile names a file
	// holding it instead. Neither means only hashes are kept.
	EvidenceKey     string `yaml:"evidence_key"`
	EvidenceKeyFile string `yaml:"evidence_key_file"`
	// MediaRoot is the directory media paths are read from for originals.
	MediaRoot string `yaml:"media_root"`
	// Retention is how long records are kept ("365d", "720h"; "" or "0"
	// keeps them), and RetentionInterval how often expired ones are
	// deleted (0 turns the job off).
	Retention         retentionConfig `yaml:"retention"`
	RetentionInterval time.Duration   `yaml:"retention_interval"`
	MaxBodyBytes      int64           `yaml:"max_body_bytes"`
	ShutdownTimeout   time.Duration   `yaml:"shutdown_timeout"`
	TokenTTL          time.Duration   `yaml:"token_ttl"`
	ClaimLease        time.Duration   `yaml:"claim_lease"`
	// TwoPerson lists the actions that need two reviewers.
	TwoPerson []string `yaml:"two_person"`
	LogLevel  string   `yaml:"log_level"`
	// SessionIdle and SessionMaxAge bound console sessions: unused for
	// SessionIdle, or SessionMaxAge after sign-in, a session ends.
	SessionIdle   time.Duration `yaml:"session_idle"`
	SessionMaxAge time.Duration `yaml:"session_max_age"`
	// OIDC turns on sign-in through an OpenID provider.
	OIDC *api.OIDCConfig `yaml:"oidc"`
	// InboxKeys maps each authority whose deliveries POST /api/v1/inbox
	// accepts to its ed25519 public key file (PKIX PEM), exchanged out of
	// band; none turns the inbox off.
	InboxKeys map[string]string `yaml:"inbox_keys"`
	// InboxPlatforms are the platforms this deployment is ("x",
	// "telegram", ...); the inbox refuses deliveries for any other. Needed
	// when InboxKeys is set.
	InboxPlatforms []string `yaml:"inbox_platforms"`
}

func defaultServeConfig() serveConfig {
	return serveConfig{Listen: "127.0.0.1:8080", DB: sqlite.DefaultPath, MaxBodyBytes: api.DefaultMaxBody,
		ShutdownTimeout: 10 * time.Second, TokenTTL: casework.DefaultTokenTTL, ClaimLease: casework.DefaultClaimLease,
		TwoPerson: []string{"remove", "suspend"}, LogLevel: "info", AuditCheckpointEvery: 100,
		SessionIdle: casework.DefaultSessionIdle, SessionMaxAge: casework.DefaultSessionMax,
		// Retention deletes records, so it is off until configured.
		RetentionInterval: time.Hour}
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
	str("RAMPART_POSTGRES", &c.PostgresURL)
	str("RAMPART_DATA_DIR", &c.DataDir)
	str("RAMPART_AUDIT_KEY", &c.AuditKey)
	str("RAMPART_EVIDENCE_KEY", &c.EvidenceKey)
	str("RAMPART_EVIDENCE_KEY_FILE", &c.EvidenceKeyFile)
	str("RAMPART_MEDIA_ROOT", &c.MediaRoot)
	dur("RAMPART_RETENTION_INTERVAL", &c.RetentionInterval)
	if v := getenv("RAMPART_AUDIT_CHECKPOINT_EVERY"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			problems = append(problems, fmt.Sprintf("RAMPART_AUDIT_CHECKPOINT_EVERY=%q is not an integer", v))
		}
		c.AuditCheckpointEvery = n
	}
	str("RAMPART_LOG_LEVEL", &c.LogLevel)
	dur("RAMPART_SHUTDOWN_TIMEOUT", &c.ShutdownTimeout)
	dur("RAMPART_TOKEN_TTL", &c.TokenTTL)
	dur("RAMPART_CLAIM_LEASE", &c.ClaimLease)
	dur("RAMPART_SESSION_IDLE", &c.SessionIdle)
	dur("RAMPART_SESSION_MAX_AGE", &c.SessionMaxAge)
	// The client secret may stay out of the configuration file.
	if v := getenv("RAMPART_OIDC_CLIENT_SECRET"); v != "" && c.OIDC != nil {
		c.OIDC.ClientSecret = v
	}
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
	if c.DB == "" && c.PostgresURL == "" {
		problems = append(problems, "db is empty: name the SQLite database file (or set postgres_url)")
	}
	if c.AuditCheckpointEvery < 1 || c.AuditCheckpointEvery > 1_000_000 {
		problems = append(problems, fmt.Sprintf("audit_checkpoint_every %d: want 1 to 1000000", c.AuditCheckpointEvery))
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
	if c.EvidenceKey != "" && c.EvidenceKeyFile != "" {
		problems = append(problems, "evidence_key and evidence_key_file are both set: use one")
	}
	if c.EvidenceKey != "" {
		if _, err := parseEvidenceKey(c.EvidenceKey); err != nil {
			problems = append(problems, "evidence_key: "+err.Error())
		}
	}
	if _, err := c.Retention.policy(); err != nil {
		problems = append(problems, err.Error())
	}
	if c.SessionIdle < time.Minute || c.SessionIdle > 24*time.Hour {
		problems = append(problems, fmt.Sprintf("session_idle %s: want 1m to 24h", c.SessionIdle))
	}
	if c.SessionMaxAge < c.SessionIdle || c.SessionMaxAge > 30*24*time.Hour {
		problems = append(problems, fmt.Sprintf("session_max_age %s: want at least session_idle (%s) and at most 720h", c.SessionMaxAge, c.SessionIdle))
	}
	if c.OIDC != nil {
		if err := c.OIDC.Validate(); err != nil {
			problems = append(problems, strings.Split(err.Error(), "\n")...)
		}
	}
	if c.RetentionInterval < 0 || (c.RetentionInterval > 0 && c.RetentionInterval < time.Minute) {
		problems = append(problems, fmt.Sprintf("retention_interval %s: want 0 (off) or at least 1m", c.RetentionInterval))
	}
	if len(c.InboxKeys) > 0 && len(c.InboxPlatforms) == 0 {
		problems = append(problems, "inbox_keys is set but inbox_platforms is empty: name the platform(s) this deployment is, e.g. --inbox-platform x")
	}
	for i, p := range c.InboxPlatforms {
		if strings.TrimSpace(p) == "" || p != strings.ToLower(p) {
			problems = append(problems, fmt.Sprintf("inbox_platforms[%d] %q: want a lower-case platform name such as x or telegram", i, p))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("invalid configuration:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

func newServeCmd(s *streams) *cobra.Command {
	var (
		configPath, db, listen, pgURL string
		inboxKeys, inboxPlatforms     []string
	)
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
			if pgURL != "" {
				cfg.PostgresURL = pgURL
			}
			if len(inboxKeys) > 0 && cfg.InboxKeys == nil {
				cfg.InboxKeys = map[string]string{}
			}
			problems = append(problems, parseInboxKeyFlags(inboxKeys, cfg.InboxKeys)...)
			if len(inboxPlatforms) > 0 {
				cfg.InboxPlatforms = inboxPlatforms
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
	fl.StringArrayVar(&inboxKeys, "inbox-key", nil, "accept inbox deliveries signed by this authority's key: NAME=FILE (ed25519 public key, PKIX PEM); repeatable")
	fl.StringSliceVar(&inboxPlatforms, "inbox-platform", nil, "the platform(s) this deployment is (x, facebook, instagram, telegram, whatsapp); the inbox refuses deliveries for others")
	fl.StringVar(&pgURL, "postgres", "", "serve from this PostgreSQL database (postgres:// URL) instead of --db; prefer RAMPART_POSTGRES, which keeps the password out of process lists")
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
	key, err := loadAuditKey(s, cfg)
	if err != nil {
		return err
	}
	st, err := openServeStore(ctx, cfg, audit.Options{Key: key, CheckpointEvery: cfg.AuditCheckpointEvery})
	if err != nil {
		return err
	}
	defer st.close()
	cw := st.cw
	two := []rampart.Action{}
	for _, a := range cfg.TwoPerson {
		two = append(two, rampart.Action(a))
	}
	evKey, err := cfg.evidenceKey()
	if err != nil {
		return err
	}
	svc, err := casework.New(cw, cw, casework.Options{Logger: log, TokenTTL: cfg.TokenTTL, ClaimLease: cfg.ClaimLease, TwoPerson: two,
		EvidenceKey: evKey, MediaRoot: cfg.MediaRoot})
	if err != nil {
		return err
	}
	if evKey == nil {
		log.Warn("no evidence_key: media of cases under legal hold are kept as hashes only")
	}
	secret, err := svc.Bootstrap(ctx)
	if err != nil {
		return err
	}
	if secret != "" {
		fmt.Fprintf(s.err, "bootstrap token: %s\n", secret)
		fmt.Fprintln(s.err, "This is the admin token; it is shown only now. Keep it safe, make named users and tokens, then revoke it.")
	}
	sessions, err := svc.Sessions(casework.SessionOptions{IdleTimeout: cfg.SessionIdle, MaxAge: cfg.SessionMaxAge})
	if err != nil {
		return err
	}
	var sso *api.OIDC
	if cfg.OIDC != nil {
		if sso, err = api.NewOIDC(ctx, *cfg.OIDC, nil); err != nil {
			return fmt.Errorf("%w (check oidc.issuer and that the provider is reachable)", err)
		}
	}
	refs, err := casework.NewReferrals(cw, casework.ReferralOptions{Logger: log, InboxPlatforms: cfg.InboxPlatforms})
	if err != nil {
		return err
	}
	inbox, err := loadInbox(cfg.InboxKeys)
	if err != nil {
		return err
	}
	if inbox != nil {
		inbox.Logger = log
		log.Info("inbox open", "authorities", len(inbox.Keys), "platforms", strings.Join(cfg.InboxPlatforms, ","))
	}
	srv, err := api.New(api.Options{Service: svc, Audit: st.audit, Idempotency: cw, MaxBody: cfg.MaxBodyBytes, Referrals: refs, Inbox: inbox,
		TrustedKeys: []ed25519.PublicKey{key.Public().(ed25519.PublicKey)},
		Logger:      log, Version: version, Ready: st.ready, Sessions: sessions, OIDC: sso})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another server using it?)", cfg.Listen, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	log.Info("serving", "addr", ln.Addr().String(), "store", st.where)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	policy, _ := cfg.Retention.policy()
	go retentionJob(ctx, log, svc, policy, cfg.RetentionInterval)
	go expiryJob(ctx, log, refs, time.Minute)
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

// caseworkStore is what the API needs of a store.
type caseworkStore interface {
	rampart.UserStore
	rampart.CaseStore
	rampart.IdempotencyStore
	rampart.ReferralStore
}

// serveStore is the open database the server works on.
type serveStore struct {
	cw    caseworkStore
	audit audit.Store
	ready func(context.Context) error
	close func() error
	// where names the database for logs, without a password.
	where string
}

// openServeStore opens PostgreSQL when cfg names it, else SQLite, with an
// audit chain signing checkpoints as chainOpt says.
func openServeStore(ctx context.Context, cfg serveConfig, chainOpt audit.Options) (*serveStore, error) {
	if cfg.PostgresURL != "" {
		st, err := postgres.Open(ctx, cfg.PostgresURL)
		if err != nil {
			return nil, err
		}
		log := st.Audit()
		return &serveStore{cw: st.Casework(audit.NewChain(log, chainOpt)), audit: log, close: st.Close, where: "postgres",
			ready: func(ctx context.Context) error { _, err := st.CountFindings(ctx); return err }}, nil
	}
	st, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	log := st.AuditLog()
	return &serveStore{cw: st.Casework(audit.NewChain(log, chainOpt)), audit: log, close: st.Close, where: cfg.DB,
		ready: func(ctx context.Context) error { _, err := st.CountFindings(ctx); return err }}, nil
}

// dataDir is where the server keeps the files it makes.
func (c serveConfig) dataDir() string {
	switch {
	case c.DataDir != "":
		return c.DataDir
	case c.PostgresURL == "":
		return filepath.Dir(c.DB)
	}
	return "."
}

// loadAuditKey reads the checkpoint signing key, making it (and its public
// half, which is what `rampart audit verify --key` takes) on first start
// when no key file is configured and none is in the data directory.
func loadAuditKey(s *streams, cfg serveConfig) (ed25519.PrivateKey, error) {
	path := cfg.AuditKey
	if path != "" {
		k, err := audit.LoadKey(path)
		if err != nil {
			return nil, fmt.Errorf("audit_key %s: %w", path, err)
		}
		return k, nil
	}
	path = filepath.Join(cfg.dataDir(), "audit-key.pem")
	pubPath := filepath.Join(cfg.dataDir(), "audit-key.pub.pem")
	if _, err := os.Stat(path); err == nil {
		k, err := audit.LoadKey(path)
		if err != nil {
			return nil, fmt.Errorf("audit key %s: %w", path, err)
		}
		return k, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("audit key %s: %w", path, err)
	}
	k, err := audit.GenerateKey()
	if err != nil {
		return nil, fmt.Errorf("generate audit key: %w", err)
	}
	if err := audit.WriteKey(path, k); err != nil {
		return nil, fmt.Errorf("write audit key: %w (set audit_key or data_dir to a writable place)", err)
	}
	if err := audit.WritePublicKey(pubPath, k.Public().(ed25519.PublicKey)); err != nil {
		return nil, fmt.Errorf("write audit public key: %w", err)
	}
	fmt.Fprintf(s.err, "audit signing key generated: %s (keep it private and backed up)\n", path)
	fmt.Fprintf(s.err, "audit public key: %s (give it to overseers: rampart audit verify --key %s)\n", pubPath, pubPath)
	return k, nil
}

// retentionConfig is the retention section of the configuration.
type retentionConfig struct {
	Findings    string `yaml:"findings"`
	ClosedCases string `yaml:"cases_closed"`
	Evidence    string `yaml:"evidence"`
}

// policy parses the periods: "<n>d" for days or a Go duration; "" or "0"
// keeps records forever.
func (r retentionConfig) policy() (rampart.RetentionPolicy, error) {
	var (
		p        rampart.RetentionPolicy
		problems []string
	)
	for _, f := range []struct {
		key string
		v   string
		dst *time.Duration
	}{{"retention.findings", r.Findings, &p.Findings}, {"retention.cases_closed", r.ClosedCases, &p.ClosedCases},
		{"retention.evidence", r.Evidence, &p.Evidence}} {
		d, err := parsePeriod(f.v)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s %q: %v", f.key, f.v, err))
		}
		*f.dst = d
	}
	if len(problems) > 0 {
		return p, errors.New(strings.Join(problems, "\n  "))
	}
	return p, nil
}

func parsePeriod(v string) (time.Duration, error) {
	if v == "" || v == "0" {
		return 0, nil
	}
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 1 || days > 36500 {
			return 0, errors.New("want 1d to 36500d, a duration such as 720h, or 0 to keep forever")
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Hour {
		return 0, errors.New("want a number of days such as 365d, a duration of at least 1h such as 720h, or 0 to keep forever")
	}
	return d, nil
}

// evidenceKey reads the evidence key from the configuration or its file;
// nil when neither is set.
func (c serveConfig) evidenceKey() ([]byte, error) {
	v := c.EvidenceKey
	if c.EvidenceKeyFile != "" {
		b, err := os.ReadFile(c.EvidenceKeyFile)
		if err != nil {
			return nil, fmt.Errorf("evidence_key_file: %w", err)
		}
		v = strings.TrimSpace(string(b))
		k, err := parseEvidenceKey(v)
		if err != nil {
			return nil, fmt.Errorf("evidence_key_file %s: %w", c.EvidenceKeyFile, err)
		}
		return k, nil
	}
	if v == "" {
		return nil, nil
	}
	return parseEvidenceKey(v)
}

func parseEvidenceKey(v string) ([]byte, error) {
	k, err := hex.DecodeString(v)
	if err != nil || len(k) != casework.EvidenceKeySize {
		return nil, fmt.Errorf("want %d hex digits (e.g. from: head -c 32 /dev/urandom | xxd -p -c 64)", 2*casework.EvidenceKeySize)
	}
	return k, nil
}

// retentionJob deletes expired records at start and then every interval
// until ctx ends; 0 turns it off. Failures are logged and retried at the
// next tick: retention must not stop the server.
func retentionJob(ctx context.Context, log *slog.Logger, svc *casework.Service, p rampart.RetentionPolicy, every time.Duration) {
	if every <= 0 || (p == rampart.RetentionPolicy{}) {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		rep, err := svc.RunRetention(ctx, p)
		if err != nil && ctx.Err() == nil {
			log.Error("retention", "err", err)
		} else if rep != (rampart.RetentionReport{}) {
			log.Info("retention deleted expired records", "findings", rep.Findings, "closed_cases", rep.ClosedCases, "evidence", rep.Evidence)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// expiryJob moves orders whose deadline has passed to expired, every
// interval until ctx ends, so that a missed deadline shows in compliance
// without anyone having to look. Failures are logged and retried.
func expiryJob(ctx context.Context, log *slog.Logger, refs *casework.Referrals, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		ids, err := refs.ExpireDue(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error("order expiry", "err", err)
		} else if len(ids) > 0 {
			log.Info("orders expired past their deadline", "orders", ids)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
