package audit

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"
)

// BundleFormat names the bundle layout written by Export.
const BundleFormat = "rampart-audit-bundle/1"

const bundleReadme = "Rampart audit log bundle. After this header line, one record per line in seq order. " +
	"A record's hash is the SHA-256 of the RFC 8785 canonical JSON of the record without \"hash\"; " +
	"\"prev\" is the hash of the record before it. Records with action audit.checkpoint or audit.key_rotation " +
	"carry ed25519 signatures over the record before them. Verify with audit.VerifyBundle (rampart audit verify) " +
	"using public keys obtained separately, never only those listed here; see audit/README.md."

// bundleHeader is the first line of a bundle.
type bundleHeader struct {
	Format     string      `json:"format"`
	Readme     string      `json:"readme"`
	ExportedAt time.Time   `json:"exported_at"`
	Keys       []bundleKey `json:"keys"`
	Records    int64       `json:"records"`
	Head       Anchor      `json:"head"`
}

type bundleKey struct {
	KeyID     string `json:"key_id"`
	PublicKey []byte `json:"public_key"`
}

// Export writes the whole chain in st to w as a bundle: a header line (the
// format, a README sentence, the public keys that signed checkpoints and
// rotations, the record count and head), then one record per line. It
// reads the store twice (keys first, so the header can name them); records
// appended in between are left out, and the header counts what was written.
func Export(ctx context.Context, st Store, w io.Writer) error {
	keys, n, head, err := scanKeys(st.Scan(ctx, 1))
	if err != nil {
		return fmt.Errorf("audit export: %w", err)
	}
	bw := bufio.NewWriter(w)
	hdr, err := json.Marshal(bundleHeader{Format: BundleFormat, Readme: bundleReadme, ExportedAt: time.Now().UTC(),
		Keys: keys, Records: n, Head: head})
	if err != nil {
		return fmt.Errorf("audit export: header: %w", err)
	}
	bw.Write(hdr)
	bw.WriteByte('\n')
	for r, err := range st.Scan(ctx, 1) {
		if err != nil {
			return fmt.Errorf("audit export: %w", err)
		}
		if r.Seq > head.Seq {
			break
		}
		line, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("audit export: record %d: %w", r.Seq, err)
		}
		bw.Write(line)
		if err := bw.WriteByte('\n'); err != nil {
			return fmt.Errorf("audit export: write: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("audit export: write: %w", err)
	}
	return nil
}

// scanKeys collects the public keys named by checkpoints and rotations.
func scanKeys(seq iter.Seq2[Record, error]) (keys []bundleKey, n int64, head Anchor, err error) {
	seen := map[string]bool{}
	add := func(id string, pub []byte) {
		if id != "" && !seen[id] {
			seen[id] = true
			keys = append(keys, bundleKey{KeyID: id, PublicKey: pub})
		}
	}
	for r, err := range seq {
		if err != nil {
			return nil, 0, head, err
		}
		n++
		head = Anchor{Seq: r.Seq, Hash: r.Hash}
		switch r.Action {
		case ActionCheckpoint:
			var d checkpointData
			if json.Unmarshal(r.Data, &d) == nil {
				add(d.KeyID, d.PublicKey)
			}
		case ActionRotate:
			var d rotationData
			if json.Unmarshal(r.Data, &d) == nil {
				add(d.NewKeyID, d.NewPublicKey)
			}
		}
	}
	return keys, n, head, nil
}

// maxBundleLine bounds one line of a bundle, so a hostile file cannot make
// the reader buffer without limit.
const maxBundleLine = 16 << 20

// VerifyBundle verifies a bundle written by Export, without the database.
// trusted are the public keys the overseer got separately; with none, the
// keys listed in the bundle are trusted and Report.KeysFromBundle is set
// (the bundle is then only shown to be consistent, not authentic).
// anchors from earlier exports must still be in the chain. A broken chain
// is a *BreakError; a bundle that cannot be read is an error naming the
// line.
func VerifyBundle(r io.Reader, trusted []ed25519.PublicKey, anchors ...Anchor) (Report, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, maxBundleLine)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return Report{}, fmt.Errorf("audit bundle line 1: %w", err)
		}
		return Report{}, errors.New("audit bundle: empty; want a header line and records")
	}
	var hdr bundleHeader
	if err := strictUnmarshal(sc.Bytes(), &hdr); err != nil {
		return Report{}, fmt.Errorf("audit bundle line 1 (header): %w", err)
	}
	if hdr.Format != BundleFormat {
		return Report{}, fmt.Errorf("audit bundle line 1 (header): format %q, want %q", hdr.Format, BundleFormat)
	}
	fromBundle := len(trusted) == 0
	if fromBundle {
		for i, k := range hdr.Keys {
			pub, err := decodePublicKey(k.PublicKey)
			if err != nil || KeyID(pub) != k.KeyID {
				return Report{}, fmt.Errorf("audit bundle line 1 (header): keys[%d]: public key does not match its id %q", i, k.KeyID)
			}
			trusted = append(trusted, pub)
		}
	}
	line := 1
	records := func(yield func(Record, error) bool) {
		for sc.Scan() {
			line++
			var rec Record
			if err := strictUnmarshal(sc.Bytes(), &rec); err != nil {
				yield(Record{}, fmt.Errorf("audit bundle line %d: %w", line, err))
				return
			}
			if !yield(rec, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			yield(Record{}, fmt.Errorf("audit bundle line %d: %w", line+1, err))
		}
	}
	rep, err := verifySeq(records, trusted, anchors)
	rep.KeysFromBundle = fromBundle
	if err != nil {
		return rep, err
	}
	if rep.Records != hdr.Records || rep.Head != hdr.Head {
		return rep, brk(rep.Head.Seq+1, KindTruncated, "the header promises %d records up to %d (%s) but the bundle holds %d up to %d",
			hdr.Records, hdr.Head.Seq, short(hdr.Head.Hash), rep.Records, rep.Head.Seq)
	}
	return rep, nil
}

// strictUnmarshal decodes one JSON object, refusing unknown fields and
// trailing data, so that a bundle says exactly what it means.
func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON object")
	}
	return nil
}
