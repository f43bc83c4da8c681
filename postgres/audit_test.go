package postgres_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/rampart-tt/rampart/audit"
	"github.com/rampart-tt/rampart/postgres"
)

func TestAuditConcurrentAppends(t *testing.T) {
	s := openTemp(t)
	key, err := audit.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	pub := key.Public().(ed25519.PublicKey)
	// Two chains on the same table stand for two processes: one appends
	// through the pool, the other inside transactions.
	poolChain := audit.NewChain(s.Audit(), audit.Options{Key: key, CheckpointEvery: 10})
	txChain := audit.NewChain(s.Audit(), audit.Options{Key: key, CheckpointEvery: 10})
	const writers, each = 8, 12
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for g := range writers {
		wg.Go(func() {
			for range each {
				var err error
				if g%2 == 0 {
					_, err = poolChain.Append(t.Context(), "worker", "scan.batch", "", map[string]int{"g": g})
				} else {
					err = pgx.BeginFunc(t.Context(), s.Pool(), func(tx pgx.Tx) error {
						_, err := txChain.On(postgres.AuditTx(tx)).Append(t.Context(), "worker", "scan.batch", "", map[string]int{"g": g})
						return err
					})
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	rep, err := audit.Verify(t.Context(), s.Audit(), []ed25519.PublicKey{pub})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for r, err := range s.Audit().Scan(t.Context(), 1) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Action == "scan.batch" {
			n++
		}
	}
	if n != writers*each || rep.Checkpoints == 0 {
		t.Errorf("%d appended records and %d checkpoints in a chain of %d; want %d and some", n, rep.Checkpoints, rep.Records, writers*each)
	}
}

func TestAuditTxRollback(t *testing.T) {
	s := openTemp(t)
	c := audit.NewChain(s.Audit(), audit.Options{})
	if _, err := c.Append(t.Context(), "a", "case.open", "case/1", nil); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("state change failed")
	err := pgx.BeginFunc(t.Context(), s.Pool(), func(tx pgx.Tx) error {
		if _, err := c.On(postgres.AuditTx(tx)).Append(t.Context(), "a", "case.close", "case/1", nil); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	last, err := s.Audit().Last(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if last.Seq != 1 {
		t.Errorf("last seq %d after a rolled back append, want 1", last.Seq)
	}
}

// TestAuditTamperAndExport edits a row with raw SQL and checks both the
// store walk and the exported bundle name it.
func TestAuditTamperAndExport(t *testing.T) {
	s := openTemp(t)
	c := audit.NewChain(s.Audit(), audit.Options{})
	for range 6 {
		if _, err := c.Append(t.Context(), "analyst", "finding.review", "x/post/1", map[string]any{"ok": true}); err != nil {
			t.Fatal(err)
		}
	}
	var clean bytes.Buffer
	if err := audit.Export(t.Context(), s.Audit(), &clean); err != nil {
		t.Fatal(err)
	}
	if _, err := audit.VerifyBundle(bytes.NewReader(clean.Bytes()), nil); err != nil {
		t.Fatalf("clean bundle: %v", err)
	}
	if _, err := s.Pool().Exec(context.Background(), `UPDATE audit_log SET data = '{"ok":false}' WHERE seq = 4`); err != nil {
		t.Fatal(err)
	}
	for name, verify := range map[string]func() error{
		"store": func() error { _, err := audit.Verify(t.Context(), s.Audit(), nil); return err },
		"bundle": func() error {
			var b bytes.Buffer
			if err := audit.Export(t.Context(), s.Audit(), &b); err != nil {
				return err
			}
			_, err := audit.VerifyBundle(&b, nil)
			return err
		},
	} {
		var be *audit.BreakError
		if err := verify(); !errors.As(err, &be) || be.Seq != 4 || be.Kind != audit.KindEdited {
			t.Errorf("%s: %v; want record 4 edited", name, err)
		}
	}
}
