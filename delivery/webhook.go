package delivery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Backoff is the retry schedule: attempt n (from 1) waits Base·2^(n-1),
// capped at Max; after MaxAttempts failures the message is dead-lettered.
type Backoff struct {
	Base        time.Duration // default 30s
	Max         time.Duration // default 1h
	MaxAttempts int           // default 12 (about 6 hours with the defaults)
}

func (b Backoff) withDefaults() Backoff {
	if b.Base <= 0 {
		b.Base = 30 * time.Second
	}
	if b.Max <= 0 {
		b.Max = time.Hour
	}
	if b.MaxAttempts <= 0 {
		b.MaxAttempts = 12
	}
	return b
}

// Delay is the wait after the n-th failed attempt.
func (b Backoff) Delay(n int) time.Duration {
	b = b.withDefaults()
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Webhook delivers outbox messages as signed HTTP POSTs.
type Webhook struct {
	Outbox  *Outbox
	Signer  Signer
	Client  *http.Client     // nil means a client with a 30 s timeout
	Now     func() time.Time // nil means time.Now
	Backoff Backoff
	Logger  *slog.Logger // nil discards
}

func (w *Webhook) now() time.Time {
	if w.Now == nil {
		return time.Now()
	}
	return w.Now()
}

func (w *Webhook) log() *slog.Logger {
	if w.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return w.Logger
}

// maxBody bounds one delivery; a referral of 5000 items is well under it.
const maxBody = 16 << 20

// Enqueue puts a body in the outbox for target under an idempotency key.
// Nothing is sent until DeliverDue runs.
func (w *Webhook) Enqueue(target, key string, body []byte) error {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("enqueue %s: target %q: want an http(s) URL", key, target)
	}
	if len(body) > maxBody {
		return fmt.Errorf("enqueue %s: body is %d bytes, over the %d limit; split the request", key, len(body), maxBody)
	}
	now := w.now()
	return w.Outbox.Add(Message{Key: key, Target: target, Body: body, NextAt: now, CreatedAt: now})
}

// Report counts what one DeliverDue pass did.
type Report struct {
	Sent    int `json:"sent"`
	Retried int `json:"retried"`
	Dead    int `json:"dead"`
}

// DeliverDue tries every pending message that is due, once. A 2xx answer
// is delivered; a network error, a 5xx, 408 or 429 is retried after the
// backoff (or the receiver's Retry-After, if longer); any other answer
// means the receiver refuses the message, which goes to the dead-letter
// list at once. Nothing is ever dropped: every message ends sent or dead,
// and dead letters are logged at error level.
func (w *Webhook) DeliverDue(ctx context.Context) (Report, error) {
	var rep Report
	pending, err := w.Outbox.Pending()
	if err != nil {
		return rep, err
	}
	b := w.Backoff.withDefaults()
	for _, m := range pending {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if w.now().Before(m.NextAt) {
			continue
		}
		retry, wait, aerr := w.attempt(ctx, m)
		m.Attempts++
		log := w.log().With("key", m.Key, "target", m.Target, "attempt", m.Attempts)
		switch {
		case aerr == nil:
			m.DoneAt, m.LastError = w.now(), ""
			if err := w.Outbox.Finish(m, false); err != nil {
				return rep, err
			}
			rep.Sent++
			log.Info("delivered")
		case retry && m.Attempts < b.MaxAttempts:
			m.LastError = aerr.Error()
			m.NextAt = w.now().Add(max(b.Delay(m.Attempts), wait))
			if err := w.Outbox.Update(m); err != nil {
				return rep, err
			}
			rep.Retried++
			log.Warn("delivery failed; will retry", "err", aerr, "next_at", m.NextAt)
		default:
			m.LastError, m.DoneAt = aerr.Error(), w.now()
			if err := w.Outbox.Finish(m, true); err != nil {
				return rep, err
			}
			rep.Dead++
			log.Error("delivery dead-lettered; requeue it once the target is fixed", "err", aerr)
		}
	}
	return rep, nil
}

// attempt posts m once and says whether a failure is worth retrying and
// how long the receiver asked to wait.
func (w *Webhook) attempt(ctx context.Context, m Message) (retry bool, wait time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.Target, bytes.NewReader(m.Body))
	if err != nil {
		return false, 0, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range w.Signer.Headers(w.now(), m.Key, m.Body) {
		req.Header.Set(k, v)
	}
	client := w.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return false, 0, ctx.Err()
		}
		return true, 0, fmt.Errorf("post: %w", err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return false, 0, nil
	}
	err = fmt.Errorf("receiver answered %s: %s", resp.Status, bytes.TrimSpace(msg))
	switch {
	case resp.StatusCode >= 500, resp.StatusCode == http.StatusRequestTimeout, resp.StatusCode == http.StatusTooManyRequests:
		if s, perr := strconv.Atoi(resp.Header.Get("Retry-After")); perr == nil && s > 0 {
			wait = time.Duration(min(s, 86400)) * time.Second
		}
		return true, wait, err
	}
	return false, 0, err
}

// Run delivers due messages every poll interval until ctx ends. A restart
// picks up where the last process left off, since the schedule lives in
// the outbox.
func (w *Webhook) Run(ctx context.Context, poll time.Duration) error {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := w.DeliverDue(ctx); err != nil && !errors.Is(err, context.Canceled) {
			w.log().Error("delivery pass failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
