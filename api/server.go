package api

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/casework"
	"github.com/rampart-tt/rampart/delivery"
)

// DefaultMaxBody bounds request bodies.
const DefaultMaxBody = 1 << 20

// Options configure a Server. Service and Audit are required.
type Options struct {
	Service *casework.Service
	// Audit is the audit log the API lists and verifies.
	Audit audit.Store
	// TrustedKeys verify checkpoint signatures; none means checkpoints
	// are checked only for consistency.
	TrustedKeys []ed25519.PublicKey
	// Idempotency keeps responses to creates; nil turns the
	// Idempotency-Key header off.
	Idempotency rampart.IdempotencyStore
	// Ready reports whether the server can serve (a database ping); nil
	// means always ready.
	Ready func(ctx context.Context) error
	// MaxBody bounds request bodies in bytes; 0 means DefaultMaxBody.
	MaxBody int64
	Logger  *slog.Logger
	Now     func() time.Time
	// Version is reported in the OpenAPI document.
	Version string
	// Sessions signs users in to the console by cookie; nil uses the
	// service's store with default options when it keeps sessions.
	Sessions *casework.Sessions
	// OIDC signs users in through an OpenID provider; nil turns it off.
	OIDC *OIDC
	// Referrals serves referrals, orders, preservation requests, appeals,
	// incidents and compliance; nil answers those routes with 404.
	Referrals *casework.Referrals
	// Inbox verifies deliveries to POST /api/v1/inbox against the
	// authorities' keys; nil answers that route with 404. Its Seen is set
	// to the store's inbox keys when nil.
	Inbox *delivery.Inbox
}

// Server is the HTTP API.
type Server struct {
	opt     Options
	svc     *casework.Service
	log     *slog.Logger
	metrics *metrics
	mux     *http.ServeMux
	table   []Route
	// sessions is nil when the store keeps no console sessions.
	sessions *casework.Sessions
	// keyLocks serialises requests that share an idempotency key, so that
	// two concurrent retries create one thing.
	keyLocks sync.Map // string → *sync.Mutex
}

// New returns a server with every route registered.
func New(opt Options) (*Server, error) {
	if opt.Service == nil || opt.Audit == nil {
		return nil, errors.New("api: Options.Service and Options.Audit are required")
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = DefaultMaxBody
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Inbox != nil && opt.Inbox.Seen == nil && opt.Referrals != nil {
		seen, err := opt.Referrals.InboxSeen()
		if err != nil {
			return nil, fmt.Errorf("api inbox: %w", err)
		}
		opt.Inbox.Seen = seen
	}
	s := &Server{opt: opt, svc: opt.Service, log: opt.Logger, metrics: newMetrics(), mux: http.NewServeMux(), sessions: opt.Sessions}
	if s.sessions == nil {
		// A store without sessions leaves them off: bearer tokens only.
		s.sessions, _ = opt.Service.Sessions(casework.SessionOptions{})
	}
	s.table = s.routes()
	for _, rt := range s.table {
		if rt.public != nil {
			s.mux.Handle(rt.Pattern(), s.instrument(rt, rt.public))
			continue
		}
		s.mux.Handle(rt.Pattern(), s.instrument(rt, s.authenticated(rt)))
	}
	// Unknown paths get a problem too, not the mux's text/plain.
	s.mux.Handle("/", s.instrument(Route{Path: "unmatched"}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, problemFor(rampart.Errorf(rampart.ENOTFOUND, "no route %s %s; see /api/v1/openapi.json", r.Method, r.URL.Path)))
	})))
	return s, nil
}

// Handler returns the server's root handler.
func (s *Server) Handler() http.Handler { return s.mux }

// Routes returns the route table.
func (s *Server) Routes() []Route { return append([]Route(nil), s.table...) }

// authenticated wraps a route with authentication, the role check, body
// reading and idempotency.
func (s *Server) authenticated(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticateRequest(r)
		if err != nil {
			if rampart.ErrorCode(err) == rampart.EUNAUTHENTICATED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="rampart"`)
			}
			writeProblem(w, problemFor(err))
			return
		}
		if !rt.Allows(p.Role) {
			writeProblem(w, problemFor(rampart.Errorf(rampart.EFORBIDDEN, "role %s may not call %s %s", p.Role, rt.Method, rt.Path)))
			return
		}
		var body []byte
		if r.Method != http.MethodGet {
			if body, err = readBody(w, r, s.opt.MaxBody); err != nil {
				writeProblem(w, problemFor(err))
				return
			}
		}
		if key := r.Header.Get("Idempotency-Key"); key != "" && rt.Idempotent && s.opt.Idempotency != nil {
			s.idempotent(w, r, rt, p, key, body)
			return
		}
		status, out, err := rt.handle(r, p, body)
		s.respond(w, r, status, out, err)
	})
}

func (s *Server) respond(w http.ResponseWriter, r *http.Request, status int, out any, err error) {
	if err != nil {
		pr := problemFor(err)
		if pr.Status >= 500 {
			s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "route", r.Pattern, "err", err)
		}
		writeProblem(w, pr)
		return
	}
	if hs, ok := out.(headerSetter); ok {
		hs.setHeaders(w.Header())
	}
	writeJSON(w, status, out)
}

// authenticate reads the bearer token.
func (s *Server) authenticate(r *http.Request) (rampart.Principal, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return rampart.Principal{}, rampart.Errorf(rampart.EUNAUTHENTICATED, "send Authorization: Bearer <token>")
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return rampart.Principal{}, rampart.Errorf(rampart.EUNAUTHENTICATED, "the Authorization header must be Bearer <token>")
	}
	return s.svc.Authenticate(r.Context(), strings.TrimSpace(token))
}

// idempotent serves a create under an Idempotency-Key: the first request
// runs and its success is kept; a retry with the same key and body gets
// the kept response; the same key with another body or route is a
// conflict. Failures are not kept, so a retry after one runs again.
func (s *Server) idempotent(w http.ResponseWriter, r *http.Request, rt Route, p rampart.Principal, key string, body []byte) {
	if len(key) > 255 || strings.ContainsFunc(key, func(c rune) bool { return c < 0x21 || c > 0x7e }) {
		writeProblem(w, problemFor(invalidField("Idempotency-Key", "must be 1 to 255 visible ASCII characters")))
		return
	}
	lockKey := fmt.Sprintf("%d\x00%s", p.UserID, key)
	mu, _ := s.keyLocks.LoadOrStore(lockKey, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()

	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	ctx := r.Context()
	kept, ok, err := s.opt.Idempotency.StoredResponse(ctx, p.UserID, key)
	if err != nil {
		s.respond(w, r, 0, nil, err)
		return
	}
	if ok {
		if kept.Method != r.Method || kept.Path != r.URL.Path || kept.RequestHash != hash {
			writeProblem(w, problemFor(rampart.Errorf(rampart.ECONFLICT,
				"Idempotency-Key %q was used for another request (%s %s); use a new key for a new request", key, kept.Method, kept.Path)))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(kept.Status)
		_, _ = w.Write(kept.Body)
		return
	}
	status, out, err := rt.handle(r, p, body)
	if err != nil {
		s.respond(w, r, status, out, err)
		return
	}
	var buf bytes.Buffer
	writeJSON(&bufferWriter{ResponseWriter: w, buf: &buf}, status, out)
	rec := rampart.StoredResponse{UserID: p.UserID, Key: key, Method: r.Method, Path: r.URL.Path, RequestHash: hash,
		Status: status, Body: buf.Bytes(), CreatedAt: s.opt.Now().UTC()}
	// The create has committed; failing to keep the response only costs
	// the retry guarantee, so it is logged rather than turned into an error.
	if err := s.opt.Idempotency.SaveResponse(context.WithoutCancel(ctx), rec); err != nil {
		s.log.ErrorContext(ctx, "keep idempotent response", "route", rt.Pattern(), "err", err)
	}
}

// bufferWriter copies the body it writes into buf.
type bufferWriter struct {
	http.ResponseWriter
	buf *bytes.Buffer
}

func (b *bufferWriter) Write(p []byte) (int, error) {
	b.buf.Write(p)
	return b.ResponseWriter.Write(p)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.opt.Ready != nil {
		if err := s.opt.Ready(r.Context()); err != nil {
			s.log.WarnContext(r.Context(), "not ready", "err", err)
			writeProblem(w, Problem{Type: ProblemTypePrefix + "unavailable", Title: http.StatusText(http.StatusServiceUnavailable),
				Status: http.StatusServiceUnavailable, Code: "unavailable", Detail: "the database does not answer"})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
