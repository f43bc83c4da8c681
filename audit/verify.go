package audit

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"iter"
)

// Kinds of break, from BreakError.Kind.
const (
	KindEdited    = "edited"    // content no longer matches its hash, or a hash was recomputed
	KindDeleted   = "deleted"   // a seq is missing, or later records were renumbered over it
	KindReordered = "reordered" // a record sits at another seq than the one it was made at
	KindInserted  = "inserted"  // a record that was not in the chain sits in it
	KindSignature = "signature" // a checkpoint or rotation signature is forged, or by an untrusted key
	KindTruncated = "truncated" // the log ends before a checkpoint known from an earlier export
	KindMalformed = "malformed" // a record cannot be read at all
)

// BreakError says where a chain stops being trustworthy: Seq is the first
// bad record, Kind what happened to it and Reason the evidence.
type BreakError struct {
	Seq    int64
	Kind   string
	Reason string
}

func (e *BreakError) Error() string {
	return fmt.Sprintf("audit log broken at record %d (%s): %s", e.Seq, e.Kind, e.Reason)
}

func brk(seq int64, kind, format string, args ...any) *BreakError {
	return &BreakError{Seq: seq, Kind: kind, Reason: fmt.Sprintf(format, args...)}
}

// Anchor is a point of the chain known from outside the store (a checkpoint
// in an earlier export): the record with Seq must still have Hash.
type Anchor struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// Report is what a verification established.
type Report struct {
	// Records is how many records were checked; Head is the last one.
	Records int64
	Head    Anchor
	// Checkpoints counts valid checkpoint and rotation signatures;
	// Signed is the last record one of them covers. Records after Signed
	// are linked but not signed: whoever can write the store could
	// rewrite or drop them undetected.
	Checkpoints int
	Signed      Anchor
	// Keys lists the ids of the keys that signed, in first-use order.
	Keys []string
	// KeysFromBundle is set when VerifyBundle was given no trusted keys
	// and trusted those the bundle names: the signatures then prove only
	// that the bundle is consistent, not who signed it.
	KeysFromBundle bool
}

// lookahead is how far past a bad record verification reads to tell a
// reordering from a deletion or insertion, and how far from its position a
// moved record is searched for.
const lookahead = 64

// Verify walks the whole chain in st and checks every link, hash and
// signature. trusted are the public keys whose checkpoints are accepted;
// keys introduced by a valid rotation are accepted after it, and the key
// they replace is retired. anchors, from earlier exports, must all still be
// in the chain. A broken chain yields a *BreakError naming the first bad
// record; other errors are failures to read the store. The Report says how
// far the chain was checked either way.
func Verify(ctx context.Context, st Store, trusted []ed25519.PublicKey, anchors ...Anchor) (Report, error) {
	return verifySeq(st.Scan(ctx, 1), trusted, anchors)
}

// verifySeq verifies the records of seq.
func verifySeq(seq iter.Seq2[Record, error], trusted []ed25519.PublicKey, anchors []Anchor) (Report, error) {
	next, stop := iter.Pull2(seq)
	defer stop()
	v := newVerifier(trusted, anchors)
	for {
		r, err, ok := next()
		if !ok {
			break
		}
		if err != nil {
			return v.rep, err
		}
		if b := v.step(r); b != nil {
			v.diagnose(b, r, next)
			return v.rep, b
		}
	}
	if err := v.finish(); err != nil {
		return v.rep, err
	}
	return v.rep, nil
}

type verifier struct {
	rep     Report
	last    Record
	keys    map[string]ed25519.PublicKey
	retired map[string]bool
	anchors map[int64]string
}

func newVerifier(trusted []ed25519.PublicKey, anchors []Anchor) *verifier {
	v := &verifier{keys: map[string]ed25519.PublicKey{}, retired: map[string]bool{}, anchors: map[int64]string{}}
	for _, k := range trusted {
		v.keys[KeyID(k)] = k
	}
	for _, a := range anchors {
		v.anchors[a.Seq] = a.Hash
	}
	return v
}

// hashAt is the hash r would carry had it been made at seq.
func hashAt(r Record, seq int64) string {
	r.Seq = seq
	h, _ := r.ComputeHash()
	return h
}

// madeAt finds the seq near r's position at which r's hash was computed, if
// it was computed at another one: evidence that r was moved.
func madeAt(r Record) (int64, bool) {
	for d := int64(1); d <= lookahead; d++ {
		for _, k := range []int64{r.Seq - d, r.Seq + d} {
			if k > 0 && hashAt(r, k) == r.Hash {
				return k, true
			}
		}
	}
	return 0, false
}

// step checks one record against the one before it.
func (v *verifier) step(r Record) *BreakError {
	want := v.last.Seq + 1
	prevHash := v.last.Hash
	if v.rep.Records == 0 {
		prevHash = GenesisPrev
	}
	switch {
	case v.rep.Records > 0 && r.Seq == v.last.Seq:
		return brk(r.Seq, KindInserted, "a second record with seq %d", r.Seq)
	case r.Seq < want:
		return brk(r.Seq, KindReordered, "seq %d comes after seq %d", r.Seq, v.last.Seq)
	case r.Seq > want:
		if r.Seq == want+1 {
			return brk(want, KindDeleted, "record %d is missing: seq jumps from %d to %d", want, v.last.Seq, r.Seq)
		}
		return brk(want, KindDeleted, "records %d–%d are missing: seq jumps from %d to %d", want, r.Seq-1, v.last.Seq, r.Seq)
	}
	h, err := r.ComputeHash()
	if err != nil {
		return brk(r.Seq, KindEdited, "content cannot be canonicalised (%v)", err)
	}
	if h != r.Hash {
		return brk(r.Seq, KindEdited, "content does not match its hash (stored %s, computed %s)", short(r.Hash), short(h))
	}
	if r.Prev != prevHash {
		if v.rep.Records == 0 {
			return brk(r.Seq, KindEdited, "record 1 does not start the chain (prev %s)", short(r.Prev))
		}
		return brk(v.last.Seq, KindEdited, "record %d was rewritten and its hash recomputed: record %d was made after a record with hash %s, not %s",
			v.last.Seq, r.Seq, short(r.Prev), short(prevHash))
	}
	if want, ok := v.anchors[r.Seq]; ok && want != r.Hash {
		return brk(r.Seq, KindEdited, "hash %s differs from %s in an earlier export: the chain was rewritten up to here", short(r.Hash), short(want))
	}
	delete(v.anchors, r.Seq)
	if b := v.signatures(r); b != nil {
		return b
	}
	v.last = r
	v.rep.Records++
	v.rep.Head = Anchor{Seq: r.Seq, Hash: r.Hash}
	return nil
}

// diagnose refines a content break into a reordering, insertion or
// deletion when the evidence says so, reading ahead where needed.
func (v *verifier) diagnose(b *BreakError, r Record, next func() (Record, error, bool)) {
	if b.Kind == KindDeleted && r.Seq > b.Seq {
		// A gap, unless the missing records come later: then r was
		// moved ahead of them (only possible in a bundle; a table scan
		// is in seq order).
		for i := 0; i < lookahead; i++ {
			n, err, ok := next()
			if !ok || err != nil {
				return
			}
			if n.Seq >= b.Seq && n.Seq < r.Seq {
				*b = *brk(r.Seq, KindReordered, "record %d comes before record %d", r.Seq, n.Seq)
				return
			}
		}
		return
	}
	if b.Kind != KindEdited || b.Seq != r.Seq || v.rep.Records == 0 {
		return
	}
	if k, moved := madeAt(r); moved {
		if k == r.Seq-1 && r.Prev == v.last.Prev {
			// r was made right after the record now before it: that
			// record was slipped in and the rest renumbered.
			*b = *brk(v.last.Seq, KindInserted, "record %d is not part of the chain: record %d was made as record %d, directly after record %d",
				v.last.Seq, r.Seq, k, v.last.Seq-1)
			return
		}
		if k > r.Seq {
			// Made later than where it sits: either the records between
			// were deleted and the rest renumbered, or r was moved up.
			// A record made at r's seq further on means the latter.
			for i := 0; i < lookahead; i++ {
				n, err, ok := next()
				if !ok || err != nil {
					break
				}
				if hashAt(n, r.Seq) == n.Hash {
					*b = *brk(r.Seq, KindReordered, "record %d was made as record %d, and record %d sits at %d", r.Seq, k, r.Seq, n.Seq)
					return
				}
			}
			*b = *brk(r.Seq, KindDeleted, "record %d was deleted and later records renumbered: the record now at %d was made as record %d", r.Seq, r.Seq, k)
			return
		}
		*b = *brk(r.Seq, KindReordered, "record %d was made as record %d", r.Seq, k)
		return
	}
	// Not made anywhere near: an edit, unless the next record was made at
	// this seq, in which case r was slipped in before it.
	if n, err, ok := next(); ok && err == nil && n.Seq == r.Seq+1 && hashAt(n, r.Seq) == n.Hash {
		*b = *brk(r.Seq, KindInserted, "record %d is not part of the chain: record %d was made as record %d", r.Seq, n.Seq, r.Seq)
	}
}

// signatures checks a checkpoint or rotation record.
func (v *verifier) signatures(r Record) *BreakError {
	switch r.Action {
	case ActionCheckpoint:
		var d checkpointData
		if err := json.Unmarshal(r.Data, &d); err != nil {
			return brk(r.Seq, KindMalformed, "checkpoint data: %v", err)
		}
		if b := v.covers(r, d.Seq, d.Hash); b != nil {
			return b
		}
		pub, b := v.key(r.Seq, d.KeyID)
		if b != nil {
			return b
		}
		if !ed25519.Verify(pub, checkpointMessage(d.Seq, d.Hash), d.Signature) {
			return brk(r.Seq, KindSignature, "checkpoint signature does not verify with key %s", d.KeyID)
		}
		v.signed(r, d.KeyID)
	case ActionRotate:
		var d rotationData
		if err := json.Unmarshal(r.Data, &d); err != nil {
			return brk(r.Seq, KindMalformed, "key rotation data: %v", err)
		}
		if b := v.covers(r, d.Seq, d.Hash); b != nil {
			return b
		}
		pub, b := v.key(r.Seq, d.KeyID)
		if b != nil {
			return b
		}
		newPub, err := decodePublicKey(d.NewPublicKey)
		if err != nil || KeyID(newPub) != d.NewKeyID {
			return brk(r.Seq, KindMalformed, "key rotation: new public key does not match its id %s", d.NewKeyID)
		}
		msg := rotationMessage(d.Seq, d.Hash, d.NewKeyID)
		if !ed25519.Verify(pub, msg, d.Signature) {
			return brk(r.Seq, KindSignature, "key rotation signature does not verify with the old key %s", d.KeyID)
		}
		if !ed25519.Verify(newPub, msg, d.NewSignature) {
			return brk(r.Seq, KindSignature, "key rotation is not signed by the new key %s", d.NewKeyID)
		}
		v.signed(r, d.KeyID)
		v.retired[d.KeyID] = true
		v.keys[d.NewKeyID] = newPub
	}
	return nil
}

// covers checks that a signature record signs the record right before it.
func (v *verifier) covers(r Record, seq int64, hash string) *BreakError {
	if seq != r.Seq-1 || hash != r.Prev {
		return brk(r.Seq, KindSignature, "signs record %d with hash %s, not the record before it (%d, %s)", seq, short(hash), r.Seq-1, short(r.Prev))
	}
	return nil
}

// key returns a trusted, unretired key.
func (v *verifier) key(seq int64, id string) (ed25519.PublicKey, *BreakError) {
	if v.retired[id] {
		return nil, brk(seq, KindSignature, "signed by key %s, which an earlier rotation retired", id)
	}
	pub, ok := v.keys[id]
	if !ok {
		return nil, brk(seq, KindSignature, "signed by key %s, which is not trusted", id)
	}
	return pub, nil
}

func (v *verifier) signed(r Record, keyID string) {
	v.rep.Checkpoints++
	v.rep.Signed = Anchor{Seq: r.Seq - 1, Hash: r.Prev}
	for _, k := range v.rep.Keys {
		if k == keyID {
			return
		}
	}
	v.rep.Keys = append(v.rep.Keys, keyID)
}

// finish reports anchors the chain no longer reaches.
func (v *verifier) finish() error {
	var first int64
	for seq := range v.anchors {
		if first == 0 || seq < first {
			first = seq
		}
	}
	if first != 0 {
		return brk(v.last.Seq+1, KindTruncated, "the log ends at record %d but an earlier export has record %d", v.last.Seq, first)
	}
	return nil
}

// short abbreviates a hash for messages.
func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}
