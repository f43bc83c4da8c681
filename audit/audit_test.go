package audit_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/audit"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestRecordHashGolden pins the hashed form: a change to canonicalisation
// or to the record layout would orphan every exported bundle.
func TestRecordHashGolden(t *testing.T) {
	st, _ := openLog(t)
	c := audit.NewChain(st, audit.Options{Now: clock()})
	for _, d := range []any{nil, map[string]any{"finding": "x/post/1440716895355764743", "action": "withhold:PK"},
		map[string]any{"text": "عمر میڈیا \u2028 \"q\"", "score": 0.8125, "ids": []string{"b", "a"}}} {
		if _, err := c.Append(t.Context(), "reviewer:7", "finding.decide", "x/post/1", d); err != nil {
			t.Fatal(err)
		}
	}
	var got bytes.Buffer
	for r, err := range st.Scan(t.Context(), 1) {
		if err != nil {
			t.Fatal(err)
		}
		b, err := r.CanonicalBytes()
		if err != nil {
			t.Fatal(err)
		}
		got.Write(b)
		got.WriteString("\n" + r.Hash + "\n")
	}
	golden := filepath.Join("testdata", "records.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("canonical records and hashes (-golden +got):\n%s", diff)
	}
}

func TestVerifyIntact(t *testing.T) {
	st, _ := openLog(t)
	key := newKey(t)
	c := audit.NewChain(st, audit.Options{Key: key, CheckpointEvery: 5, Now: clock()})
	fill(t, c, 12)
	rep, err := audit.Verify(t.Context(), st, []ed25519.PublicKey{pub(key)})
	if err != nil {
		t.Fatal(err)
	}
	// Records 5 and 10 are followed by checkpoints (6, 12 after them
	// shifted): 12 appends + 2 checkpoints = 14 records.
	want := audit.Report{Records: 14, Checkpoints: 2, Keys: []string{audit.KeyID(pub(key))}}
	if diff := cmp.Diff(want, rep, cmp.FilterPath(func(p cmp.Path) bool {
		s := p.String()
		return s == "Head" || s == "Signed"
	}, cmp.Ignore())); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if rep.Head.Seq != 14 || rep.Signed.Seq != 10 {
		t.Errorf("head %d, signed through %d; want 14, 10", rep.Head.Seq, rep.Signed.Seq)
	}
}

// TestTampering edits the table with raw SQL, as an insider with database
// access would, and checks that Verify names the first bad record and what
// happened to it.
func TestTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper []string // SQL run in order
		seq    int64
		kind   string
	}{
		{"edit", []string{`UPDATE audit_log SET actor = 'analyst:someone-else' WHERE seq = 5`}, 5, audit.KindEdited},
		{"edit data", []string{`UPDATE audit_log SET data = '{"n":4,"note":"closed"}' WHERE seq = 5`}, 5, audit.KindEdited},
		{"edit time", []string{`UPDATE audit_log SET time = '2020-01-01T00:00:00.000000000Z' WHERE seq = 7`}, 7, audit.KindEdited},
		{"delete", []string{`DELETE FROM audit_log WHERE seq = 5`}, 5, audit.KindDeleted},
		{"delete several", []string{`DELETE FROM audit_log WHERE seq BETWEEN 4 AND 6`}, 4, audit.KindDeleted},
		{"delete and renumber", []string{`DELETE FROM audit_log WHERE seq = 5`,
			`UPDATE audit_log SET seq = seq + 1000000 WHERE seq > 5`, `UPDATE audit_log SET seq = seq - 1000001 WHERE seq > 1000000`}, 5, audit.KindDeleted},
		{"reorder", []string{`UPDATE audit_log SET seq = 1000000 WHERE seq = 5`, `UPDATE audit_log SET seq = 5 WHERE seq = 6`,
			`UPDATE audit_log SET seq = 6 WHERE seq = 1000000`}, 5, audit.KindReordered},
		{"insert and renumber", []string{`UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= 5`, `UPDATE audit_log SET seq = seq - 999999 WHERE seq > 1000000`,
			`INSERT INTO audit_log SELECT 5, time, 'analyst:mallory', action, subject, data, prev, 'forged' FROM audit_log WHERE seq = 6`}, 5, audit.KindInserted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := openLog(t)
			key := newKey(t)
			fill(t, audit.NewChain(st, audit.Options{Key: key, Now: clock()}), 10)
			for _, q := range tc.tamper {
				exec(t, st.DB(), q)
			}
			_, err := audit.Verify(t.Context(), st, []ed25519.PublicKey{pub(key)})
			var b *audit.BreakError
			if !errors.As(err, &b) {
				t.Fatalf("Verify error %v, want a *BreakError", err)
			}
			if b.Seq != tc.seq || b.Kind != tc.kind {
				t.Errorf("Verify: %v; want record %d %s", err, tc.seq, tc.kind)
			}
		})
	}
}

// TestInsertWithValidHash slips in a record whose hash the attacker
// computed correctly, renumbering the rest: only the record after it shows.
func TestInsertWithValidHash(t *testing.T) {
	st, _ := openLog(t)
	fill(t, audit.NewChain(st, audit.Options{Now: clock()}), 8)
	var four audit.Record
	for r, err := range st.Scan(t.Context(), 4) {
		if err != nil {
			t.Fatal(err)
		}
		four = r
		break
	}
	fake := audit.Record{Seq: 5, Time: four.Time, Actor: "analyst:mallory", Action: "case.close", Subject: "case/Z", Prev: four.Hash}
	h, err := fake.ComputeHash()
	if err != nil {
		t.Fatal(err)
	}
	fake.Hash = h
	exec(t, st.DB(), `UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= 5`)
	exec(t, st.DB(), `UPDATE audit_log SET seq = seq - 999999 WHERE seq > 1000000`)
	if err := st.Insert(t.Context(), fake); err != nil {
		t.Fatal(err)
	}
	_, err = audit.Verify(t.Context(), st, nil)
	var b *audit.BreakError
	if !errors.As(err, &b) || b.Seq != 5 || b.Kind != audit.KindInserted {
		t.Errorf("Verify: %v; want record 5 inserted", err)
	}
}

// TestRewriteUndetectedWithoutCheckpoint documents the limit: a record
// rewritten with its hash and every later hash recomputed is caught only by
// a signature or an anchor from an earlier export.
func TestRewriteCaughtByCheckpoint(t *testing.T) {
	st, _ := openLog(t)
	key := newKey(t)
	c := audit.NewChain(st, audit.Options{Key: key, Now: clock()})
	fill(t, c, 5)
	if _, err := c.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Rewrite record 3 and rehash 3..5 so that every link holds.
	var recs []audit.Record
	for r, err := range st.Scan(t.Context(), 1) {
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	recs[2].Actor = "analyst:mallory"
	for i := 2; i < 5; i++ {
		recs[i].Prev = recs[i-1].Hash
		h, _ := recs[i].ComputeHash()
		recs[i].Hash = h
		exec(t, st.DB(), `UPDATE audit_log SET actor = ?, prev = ?, hash = ? WHERE seq = ?`, recs[i].Actor, recs[i].Prev, recs[i].Hash, recs[i].Seq)
	}
	_, err := audit.Verify(t.Context(), st, []ed25519.PublicKey{pub(key)})
	var b *audit.BreakError
	if !errors.As(err, &b) || b.Seq != 5 || b.Kind != audit.KindEdited {
		t.Errorf("Verify: %v; want record 5 edited (the checkpoint at 6 signed the old hash)", err)
	}
}

func TestCheckpointForgery(t *testing.T) {
	tests := []struct {
		name    string
		tamper  string
		trusted func(key ed25519.PrivateKey) []ed25519.PublicKey
		reason  string
	}{
		{"signature bytes changed", `UPDATE audit_log SET data = replace(data, '"signature":"', '"signature":"AAAA') WHERE action = 'audit.checkpoint'`,
			nil, "does not verify"},
		{"key not trusted", "", func(ed25519.PrivateKey) []ed25519.PublicKey { return []ed25519.PublicKey{pub(newKey(t))} }, "not trusted"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := openLog(t)
			key := newKey(t)
			c := audit.NewChain(st, audit.Options{Key: key, CheckpointEvery: 4, Now: clock()})
			fill(t, c, 6)
			trusted := []ed25519.PublicKey{pub(key)}
			if tc.trusted != nil {
				trusted = tc.trusted(key)
			}
			if tc.tamper != "" {
				// Rewrite the checkpoint and rehash it, so that only
				// the signature is wrong.
				exec(t, st.DB(), tc.tamper)
				rehash(t, st, 5)
			}
			_, err := audit.Verify(t.Context(), st, trusted)
			var b *audit.BreakError
			if !errors.As(err, &b) || b.Seq != 5 || b.Kind != audit.KindSignature || !strings.Contains(b.Reason, tc.reason) {
				t.Errorf("Verify: %v; want record 5 signature %q", err, tc.reason)
			}
		})
	}
}

// rehash recomputes the hashes from seq on, as an attacker would.
func rehash(t *testing.T, st *audit.SQLite, from int64) {
	t.Helper()
	var recs []audit.Record
	for r, err := range st.Scan(t.Context(), from-1) {
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	for i := 1; i < len(recs); i++ {
		recs[i].Prev = recs[i-1].Hash
		recs[i].Hash, _ = recs[i].ComputeHash()
		exec(t, st.DB(), `UPDATE audit_log SET prev = ?, hash = ? WHERE seq = ?`, recs[i].Prev, recs[i].Hash, recs[i].Seq)
	}
}

func TestKeyRotation(t *testing.T) {
	st, _ := openLog(t)
	k1, k2 := newKey(t), newKey(t)
	c := audit.NewChain(st, audit.Options{Key: k1, CheckpointEvery: 3, Now: clock()})
	fill(t, c, 3) // 1..3, checkpoint 4 by k1
	rot, err := c.Rotate(t.Context(), k2)
	if err != nil {
		t.Fatal(err)
	}
	if rot.Seq != 5 || rot.Action != audit.ActionRotate {
		t.Fatalf("rotation record %d %s, want 5 %s", rot.Seq, rot.Action, audit.ActionRotate)
	}
	fill(t, c, 1) // 6, checkpoint 7 by k2
	rep, err := audit.Verify(t.Context(), st, []ed25519.PublicKey{pub(k1)})
	if err != nil {
		t.Fatalf("Verify trusting only the first key: %v", err)
	}
	if diff := cmp.Diff([]string{audit.KeyID(pub(k1)), audit.KeyID(pub(k2))}, rep.Keys); diff != "" {
		t.Errorf("signing keys (-want +got):\n%s", diff)
	}
	if rep.Checkpoints != 3 || rep.Signed.Seq != 6 {
		t.Errorf("checkpoints %d signed through %d, want 3 through 6", rep.Checkpoints, rep.Signed.Seq)
	}
	// The retired key can no longer sign: a checkpoint by k1 after the
	// rotation is refused.
	old := audit.NewChain(st, audit.Options{Key: k1, Now: clock()})
	if _, err := old.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	_, err = audit.Verify(t.Context(), st, []ed25519.PublicKey{pub(k1)})
	var b *audit.BreakError
	if !errors.As(err, &b) || b.Seq != 8 || !strings.Contains(b.Reason, "retired") {
		t.Errorf("Verify after a checkpoint by the retired key: %v; want record 8 signed by a retired key", err)
	}
}

func TestAppendRefused(t *testing.T) {
	st, _ := openLog(t)
	c := audit.NewChain(st, audit.Options{Now: clock()})
	for _, tc := range []struct{ name, action, actor string }{
		{"reserved action", audit.ActionCheckpoint, "a"},
		{"empty action", "", "a"},
		{"invalid utf-8 actor", "x", "\xff"},
	} {
		if _, err := c.Append(t.Context(), tc.actor, tc.action, "", nil); rampart.ErrorCode(err) != rampart.EINVALID {
			t.Errorf("%s: error %v, want EINVALID", tc.name, err)
		}
	}
	if _, err := c.Checkpoint(t.Context()); rampart.ErrorCode(err) != rampart.EINVALID {
		t.Errorf("checkpoint without a key: error %v, want EINVALID", err)
	}
}

// TestConcurrentAppends appends from many goroutines through one chain and
// through a second chain on its own connection pool (as another process
// would): the log must stay one unbroken chain with every record in it.
func TestConcurrentAppends(t *testing.T) {
	st, path := openLog(t)
	other, err := audit.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	key := newKey(t)
	chains := []*audit.Chain{
		audit.NewChain(st, audit.Options{Key: key, CheckpointEvery: 10}),
		audit.NewChain(other, audit.Options{Key: key, CheckpointEvery: 10}),
	}
	const writers, each = 8, 15
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for g := range writers {
		wg.Go(func() {
			for range each {
				if _, err := chains[g%2].Append(t.Context(), "worker", "scan.batch", "", map[string]int{"g": g}); err != nil {
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
	rep, err := audit.Verify(t.Context(), st, []ed25519.PublicKey{pub(key)})
	if err != nil {
		t.Fatal(err)
	}
	var ordinary int64
	for r, err := range st.Scan(t.Context(), 1) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Action == "scan.batch" {
			ordinary++
		}
	}
	if ordinary != writers*each {
		t.Errorf("%d appended records in the chain, want %d", ordinary, writers*each)
	}
	if rep.Records < writers*each || rep.Checkpoints == 0 {
		t.Errorf("report %+v: want all %d records and some checkpoints", rep, writers*each)
	}
}

// TestAppendInTransaction appends inside a caller's transaction: a rolled
// back transaction leaves no record, a committed one leaves its record.
func TestAppendInTransaction(t *testing.T) {
	st, _ := openLog(t)
	c := audit.NewChain(st, audit.Options{Now: clock()})
	fill(t, c, 2)
	for _, commit := range []bool{false, true} {
		tx, err := st.DB().BeginTx(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.On(st.Tx(tx)).Append(t.Context(), "analyst:amina", "referral.send", "case/A", nil); err != nil {
			t.Fatal(err)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	last, err := st.Last(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if last.Seq != 3 || last.Action != "referral.send" {
		t.Errorf("last record %d %s, want 3 referral.send (the rolled back one must not count)", last.Seq, last.Action)
	}
	if _, err := audit.Verify(t.Context(), st, nil); err != nil {
		t.Error(err)
	}
}

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	k := newKey(t)
	kp, pp := filepath.Join(dir, "audit.key"), filepath.Join(dir, "audit.pub")
	if err := audit.WriteKey(kp, k); err != nil {
		t.Fatal(err)
	}
	if err := audit.WriteKey(kp, k); err == nil {
		t.Error("WriteKey overwrote an existing key file")
	}
	if err := audit.WritePublicKey(pp, pub(k)); err != nil {
		t.Fatal(err)
	}
	got, err := audit.LoadKey(kp)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(k) {
		t.Error("LoadKey returned another key")
	}
	gp, err := audit.LoadPublicKey(pp)
	if err != nil {
		t.Fatal(err)
	}
	if !gp.Equal(pub(k)) {
		t.Error("LoadPublicKey returned another key")
	}
	if _, err := audit.LoadKey(pp); err == nil || !strings.Contains(err.Error(), "PRIVATE KEY") {
		t.Errorf("LoadKey of a public key file: %v, want an error naming the block", err)
	}
}
