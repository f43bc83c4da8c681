package casework

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rampart-tt/rampart"
)

// MaxOriginalBytes bounds one media original kept under legal hold.
const MaxOriginalBytes = 512 << 20

// EvidenceBundle is what a case rests on, as collected: each item's
// content as ingested with the SHA-256 taken at ingest, its media hashes,
// when and from where it was collected, and the originals kept under legal
// hold (by hash; their content is exported one at a time). The API adds
// the chain of custody from the audit log.
type EvidenceBundle struct {
	Case       rampart.Case   `json:"case"`
	Purpose    string         `json:"purpose"`
	AccessedBy string         `json:"accessed_by"`
	AccessedAt time.Time      `json:"accessed_at"`
	Items      []EvidenceItem `json:"items"`
	Originals  []OriginalRef  `json:"originals"`
}

// EvidenceItem is one stored item.
type EvidenceItem struct {
	Platform  string `json:"platform"`
	Kind      string `json:"kind"`
	ID        string `json:"id"`
	AccountID string `json:"account_id,omitempty"`
	// Content is the item's native JSON exactly as stored at ingest.
	Content json.RawMessage `json:"content"`
	// SHA256 is the hex SHA-256 of Content taken at ingest; Intact says
	// whether Content still hashes to it.
	SHA256      string         `json:"sha256"`
	Intact      bool           `json:"intact"`
	Media       []MediaHash    `json:"media,omitempty"`
	CollectedAt time.Time      `json:"collected_at"`
	Collector   rampart.Origin `json:"collector"`
}

// MediaHash is what is kept of a medium by default: its hashes.
type MediaHash struct {
	Type   string `json:"type,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	PDQ    string `json:"pdq,omitempty"`
}

// OriginalRef describes a sealed original without its content.
type OriginalRef struct {
	SHA256   string    `json:"sha256"`
	Type     string    `json:"type,omitempty"`
	Size     int64     `json:"size"`
	KeyID    string    `json:"key_id"`
	StoredAt time.Time `json:"stored_at"`
}

// Original is one exported original, in clear.
type Original struct {
	OriginalRef
	Content []byte `json:"content"` // base64 in JSON
}

func (s *Service) evidenceStore() (rampart.EvidenceStore, error) {
	es, ok := s.cases.(rampart.EvidenceStore)
	if !ok {
		return nil, rampart.Errorf(rampart.EINTERNAL, "this store keeps no evidence")
	}
	return es, nil
}

func checkPurpose(purpose string) error {
	var fe FieldErrors
	if p := strings.TrimSpace(purpose); p == "" || len(p) > 500 {
		fe.add("purpose", "say why you access the evidence (1 to 500 bytes); it is recorded in the chain of custody")
	}
	return fe.err("invalid evidence request")
}

// custody records an access or export of case id's evidence in the audit
// log before anything is returned, so that no access goes unrecorded. The
// case row is rewritten unchanged in the same transaction.
func (s *Service) custody(ctx context.Context, p rampart.Principal, id int64, action string, data map[string]any) (rampart.Case, error) {
	return s.cases.UpdateCase(ctx, id, func(k *rampart.Case) (rampart.AuditEntry, error) {
		if err := s.canSee(p, *k); err != nil {
			return rampart.AuditEntry{}, err
		}
		return rampart.AuditEntry{Actor: p.Actor(), Action: action, Data: data}, nil
	})
}

// Evidence returns case id's evidence bundle, recording the access with
// its purpose.
func (s *Service) Evidence(ctx context.Context, p rampart.Principal, id int64, purpose string) (EvidenceBundle, error) {
	if err := checkPurpose(purpose); err != nil {
		return EvidenceBundle{}, err
	}
	es, err := s.evidenceStore()
	if err != nil {
		return EvidenceBundle{}, err
	}
	now := s.now()
	k, err := s.custody(ctx, p, id, "evidence.access", map[string]any{"purpose": purpose})
	if err != nil {
		return EvidenceBundle{}, err
	}
	items, err := es.CaseItems(ctx, id)
	if err != nil {
		return EvidenceBundle{}, fmt.Errorf("case %d evidence: %w", id, err)
	}
	b := EvidenceBundle{Case: k, Purpose: purpose, AccessedBy: p.Actor(), AccessedAt: now,
		Items: make([]EvidenceItem, 0, len(items)), Originals: []OriginalRef{}}
	for _, it := range items {
		ei, err := evidenceItem(it)
		if err != nil {
			return EvidenceBundle{}, fmt.Errorf("case %d evidence: %w", id, err)
		}
		b.Items = append(b.Items, ei)
	}
	origs, err := es.Originals(ctx, id)
	if err != nil {
		return EvidenceBundle{}, fmt.Errorf("case %d evidence: %w", id, err)
	}
	for _, o := range origs {
		b.Originals = append(b.Originals, ref(o))
	}
	return b, nil
}

func ref(o rampart.SealedOriginal) OriginalRef {
	return OriginalRef{SHA256: o.SHA256, Type: o.Type, Size: o.Size, KeyID: o.KeyID, StoredAt: o.StoredAt}
}

func evidenceItem(it rampart.StoredItem) (EvidenceItem, error) {
	where := fmt.Sprintf("item %s/%s/%s", it.Platform, it.Kind, it.ID)
	if !json.Valid(it.Body) {
		return EvidenceItem{}, fmt.Errorf("%s: stored content is not JSON", where)
	}
	sum := sha256.Sum256(it.Body)
	ei := EvidenceItem{Platform: it.Platform, Kind: it.Kind, ID: it.ID, AccountID: it.AccountID, Content: it.Body,
		SHA256: it.SHA256, Intact: hex.EncodeToString(sum[:]) == it.SHA256, CollectedAt: it.IngestedAt, Collector: it.Origin}
	media, err := itemMedia(it.Body)
	if err != nil {
		return EvidenceItem{}, fmt.Errorf("%s: %w", where, err)
	}
	for _, m := range media {
		ei.Media = append(ei.Media, MediaHash{Type: m.Type, SHA256: m.SHA256, PDQ: m.PDQ})
	}
	return ei, nil
}

// itemMedia reads the media of a stored item's native JSON.
func itemMedia(body []byte) ([]rampart.Media, error) {
	var it rampart.Item
	if err := json.Unmarshal(body, &it); err != nil {
		return nil, fmt.Errorf("stored content: %w", err)
	}
	if it.Post == nil {
		return nil, nil
	}
	return it.Post.Media, nil
}

// HoldRequest places (Hold true) or lifts a legal hold.
type HoldRequest struct {
	Hold   bool   `json:"hold"`
	Reason string `json:"reason"`
}

// HoldResult is the case after the change and, for a hold placed, what
// became of each medium's original.
type HoldResult struct {
	Case rampart.Case `json:"case"`
	// Kept are the originals now sealed in the evidence store (including
	// ones kept earlier).
	Kept []OriginalRef `json:"kept"`
	// NotKept explains each medium whose original could not be kept; its
	// hashes remain in the bundle.
	NotKept []NotKept `json:"not_kept"`
}

// NotKept is a medium whose original was not kept.
type NotKept struct {
	Item   string `json:"item"` // platform/kind/id
	Media  int    `json:"media"`
	Reason string `json:"reason"`
}

// SetHold places or lifts a legal hold on case id. Placing one seals the
// originals of the case's media (read from Options.MediaRoot, checked
// against the SHA-256 recorded at ingest) into the evidence store with
// Options.EvidenceKey; without a key or media root only the hashes are
// kept and the result says so.
func (s *Service) SetHold(ctx context.Context, p rampart.Principal, id int64, r HoldRequest) (HoldResult, error) {
	var fe FieldErrors
	if strings.TrimSpace(r.Reason) == "" || len(r.Reason) > 2000 {
		fe.add("reason", "give the legal basis or order for the hold (1 to 2000 bytes)")
	}
	if err := fe.err("invalid hold"); err != nil {
		return HoldResult{}, err
	}
	action := "case.hold"
	if !r.Hold {
		action = "case.hold_release"
	}
	k, err := s.cases.UpdateCase(ctx, id, func(k *rampart.Case) (rampart.AuditEntry, error) {
		if k.LegalHold == r.Hold {
			return rampart.AuditEntry{}, conflict("case %d is already %s", id, map[bool]string{true: "under legal hold", false: "not under legal hold"}[r.Hold])
		}
		k.LegalHold, k.UpdatedAt = r.Hold, s.now()
		return rampart.AuditEntry{Actor: p.Actor(), Action: action, Data: map[string]any{"reason": r.Reason}}, nil
	})
	if err != nil {
		return HoldResult{}, err
	}
	res := HoldResult{Case: k, Kept: []OriginalRef{}, NotKept: []NotKept{}}
	if !r.Hold {
		return res, nil
	}
	return s.keepOriginals(ctx, p, res)
}

// keepOriginals seals the case's media originals into the evidence store.
func (s *Service) keepOriginals(ctx context.Context, p rampart.Principal, res HoldResult) (HoldResult, error) {
	es, err := s.evidenceStore()
	if err != nil {
		return res, err
	}
	items, err := es.CaseItems(ctx, res.Case.ID)
	if err != nil {
		return res, fmt.Errorf("case %d hold: %w", res.Case.ID, err)
	}
	var root *os.Root
	why := ""
	switch {
	case s.sealer == nil:
		why = "no evidence key is configured (evidence_key); only hashes are kept"
	case s.opt.MediaRoot == "":
		why = "no media root is configured (media_root); only hashes are kept"
	default:
		if root, err = os.OpenRoot(s.opt.MediaRoot); err != nil {
			return res, fmt.Errorf("case %d hold: media root: %w", res.Case.ID, err)
		}
		defer root.Close()
	}
	for _, it := range items {
		media, err := itemMedia(it.Body)
		if err != nil {
			return res, fmt.Errorf("case %d hold: item %s/%s: %w", res.Case.ID, it.Platform, it.ID, err)
		}
		name := it.Platform + "/" + it.Kind + "/" + it.ID
		for i, m := range media {
			if why != "" {
				res.NotKept = append(res.NotKept, NotKept{Item: name, Media: i, Reason: why})
				continue
			}
			o, reason, err := s.sealOriginal(root, res.Case.ID, m)
			if err != nil {
				return res, err
			}
			if reason != "" {
				res.NotKept = append(res.NotKept, NotKept{Item: name, Media: i, Reason: reason})
				continue
			}
			if _, err := es.PutOriginal(ctx, o, rampart.AuditEntry{Actor: p.Actor(), Action: "evidence.original_kept",
				Data: map[string]any{"case": res.Case.ID, "item": name, "media": i, "type": m.Type, "size": o.Size, "key_id": o.KeyID}}); err != nil {
				return res, fmt.Errorf("case %d hold: keep original of %s media[%d]: %w", res.Case.ID, name, i, err)
			}
			res.Kept = append(res.Kept, ref(o))
		}
	}
	return res, nil
}

// sealOriginal reads medium m under root and seals it. A reason instead of
// an original explains why it cannot be kept; err is for failures of the
// server itself.
func (s *Service) sealOriginal(root *os.Root, caseID int64, m rampart.Media) (rampart.SealedOriginal, string, error) {
	if m.Path == "" {
		return rampart.SealedOriginal{}, "the item names no local file for this medium", nil
	}
	rel := filepath.ToSlash(filepath.Clean(m.Path))
	f, err := root.Open(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return rampart.SealedOriginal{}, fmt.Sprintf("%s is not under the media root", m.Path), nil
	}
	if err != nil {
		// os.Root refuses paths that leave the root; that is the
		// input's problem, not the server's.
		return rampart.SealedOriginal{}, fmt.Sprintf("%s cannot be read under the media root: %v", m.Path, err), nil
	}
	defer f.Close()
	plain, err := io.ReadAll(io.LimitReader(f, MaxOriginalBytes+1))
	if err != nil {
		return rampart.SealedOriginal{}, fmt.Sprintf("%s: read: %v", m.Path, err), nil
	}
	if len(plain) > MaxOriginalBytes {
		return rampart.SealedOriginal{}, fmt.Sprintf("%s is larger than %d bytes", m.Path, MaxOriginalBytes), nil
	}
	sum := sha256.Sum256(plain)
	sha := hex.EncodeToString(sum[:])
	if m.SHA256 != "" && !strings.EqualFold(m.SHA256, sha) {
		return rampart.SealedOriginal{}, fmt.Sprintf("%s has SHA-256 %s, not %s as collected; the file changed since", m.Path, sha, m.SHA256), nil
	}
	sealed, err := s.sealer.seal(caseID, sha, plain)
	if err != nil {
		return rampart.SealedOriginal{}, "", err
	}
	return rampart.SealedOriginal{CaseID: caseID, SHA256: sha, Type: m.Type, KeyID: s.sealer.keyID, Sealed: sealed,
		Size: int64(len(plain)), StoredAt: s.now()}, "", nil
}

// ExportOriginal returns one sealed original of case id in clear,
// recording the export with its purpose first.
func (s *Service) ExportOriginal(ctx context.Context, p rampart.Principal, id int64, sha, purpose string) (Original, error) {
	if err := checkPurpose(purpose); err != nil {
		return Original{}, err
	}
	if s.sealer == nil {
		return Original{}, rampart.Errorf(rampart.ECONFLICT, "no evidence key is configured, so originals cannot be opened")
	}
	es, err := s.evidenceStore()
	if err != nil {
		return Original{}, err
	}
	origs, err := es.Originals(ctx, id)
	if err != nil {
		return Original{}, fmt.Errorf("case %d originals: %w", id, err)
	}
	for _, o := range origs {
		if o.SHA256 != sha {
			continue
		}
		if o.KeyID != s.sealer.keyID {
			return Original{}, rampart.Errorf(rampart.ECONFLICT, "original %s was sealed with key %s, not the configured %s", sha, o.KeyID, s.sealer.keyID)
		}
		if _, err := s.custody(ctx, p, id, "evidence.export", map[string]any{"purpose": purpose, "sha256": sha}); err != nil {
			return Original{}, err
		}
		plain, err := s.sealer.open(id, sha, o.Sealed)
		if err != nil {
			return Original{}, fmt.Errorf("case %d original %s: %w", id, sha, err)
		}
		return Original{OriginalRef: ref(o), Content: plain}, nil
	}
	if _, err := s.Case(ctx, p, id); err != nil {
		return Original{}, err
	}
	return Original{}, rampart.Errorf(rampart.ENOTFOUND, "case %d keeps no original with SHA-256 %s", id, sha)
}

// RunRetention deletes what policy says has expired, if the store can.
func (s *Service) RunRetention(ctx context.Context, policy rampart.RetentionPolicy) (rampart.RetentionReport, error) {
	rs, ok := s.cases.(rampart.RetentionStore)
	if !ok {
		return rampart.RetentionReport{}, errors.New("retention: this store cannot delete expired records")
	}
	rep, err := rs.Expire(ctx, policy, s.now(), "rampart")
	if err != nil {
		return rep, fmt.Errorf("retention: %w", err)
	}
	return rep, nil
}
