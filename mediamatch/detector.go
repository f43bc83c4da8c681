package mediamatch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/rampart-tt/rampart"
	"github.com/rampart-tt/rampart/bank"
	"github.com/rampart-tt/rampart/pdq"
)

// Config wires the detector.
type Config struct {
	// Matcher holds the banks; required.
	Matcher *bank.Matcher
	// Jurisdictions returns the country codes whose lists in force
	// designate a group (in cmd, the registry's lookup); nil leaves
	// signals without jurisdictions, which the shipped policy never acts on.
	Jurisdictions func(group string) []string
	// Entity resolves an entry's group label when it names a registry
	// entity (a media wing): the signal's Group becomes the entity's group.
	// Optional.
	Entity func(id string) (rampart.Entity, bool)
	// HashFiles hashes local media and avatar files whose paths are
	// relative to the input file's directory (Item.Origin.File, or BaseDir
	// for items read from stdin) when the export carries no hash.
	HashFiles bool
	// BaseDir is the directory for items with no Origin.File.
	BaseDir string
	// PDQ selects the PDQ front end and decoder limits for local files.
	PDQ pdq.Options
	// OnError, when set, is told about each media file that could not be
	// hashed (missing, unreadable, corrupt, outside the input directory).
	OnError func(origin rampart.Origin, field string, err error)
}

// Detector is the rampart.Detector for hash banks. It is safe for concurrent
// use.
type Detector struct {
	cfg    Config
	errors atomic.Int64
	files  atomic.Int64
}

var _ rampart.Detector = (*Detector)(nil)

// New returns a detector over cfg.Matcher.
func New(cfg Config) (*Detector, error) {
	if cfg.Matcher == nil {
		return nil, errors.New("mediamatch: no bank matcher configured")
	}
	return &Detector{cfg: cfg}, nil
}

// Name returns "hash".
func (d *Detector) Name() string { return rampart.DetectorHash }

// Errors returns how many media files could not be hashed so far.
func (d *Detector) Errors() int64 { return d.errors.Load() }

// FilesHashed returns how many local files were hashed so far.
func (d *Detector) FilesHashed() int64 { return d.files.Load() }

// query is one thing to look up: a field of the item and a value of a type.
type query struct {
	field      string
	start, end int
	typ        bank.SignalType
	value      string
}

// Detect looks an item's media, avatar and links up in the banks.
func (d *Detector) Detect(ctx context.Context, it rampart.Item) ([]rampart.Signal, error) {
	var qs []query
	switch {
	case it.Post != nil:
		p := it.Post
		for i, m := range p.Media {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			qs = d.mediaQueries(ctx, it.Origin, fmt.Sprintf("media[%d]", i), m.SHA256, m.PDQ, m.Path, qs)
		}
		for i, u := range p.URLs {
			qs = append(qs, query{field: fmt.Sprintf("urls[%d]", i), typ: bank.URL, value: u})
		}
		qs = textQueries("text", p.Text, p.URLs, qs)
	case it.Account != nil:
		a := it.Account
		if a.Avatar != nil && !a.Avatar.Default {
			qs = d.mediaQueries(ctx, it.Origin, "avatar", a.Avatar.SHA256, a.Avatar.PDQ, a.Avatar.Path, qs)
		}
		qs = textQueries("bio", a.Bio, nil, qs)
	}
	return d.signals(qs), nil
}

// mediaQueries adds the lookups for one image or file: the hashes the export
// gives, or else those of the local file.
func (d *Detector) mediaQueries(ctx context.Context, origin rampart.Origin, field, sha, pdqHex, path string, qs []query) []query {
	if sha != "" {
		qs = append(qs, query{field: field, typ: bank.SHA256, value: sha})
	}
	if pdqHex != "" {
		qs = append(qs, query{field: field, typ: bank.PDQ, value: pdqHex})
	}
	if (sha != "" && pdqHex != "") || path == "" || !d.cfg.HashFiles {
		return qs
	}
	dig, h, err := d.hashFile(ctx, origin, path)
	if err != nil {
		d.errors.Add(1)
		if d.cfg.OnError != nil {
			d.cfg.OnError(origin, field, err)
		}
		if h == nil && dig == nil {
			return qs
		}
	}
	d.files.Add(1)
	if dig != nil {
		qs = append(qs,
			query{field: field, typ: bank.MD5, value: dig.MD5Hex()},
			query{field: field, typ: bank.SHA256, value: dig.SHA256Hex()})
	}
	if h != nil && pdqHex == "" {
		qs = append(qs, query{field: field, typ: bank.PDQ, value: h.String()})
	}
	return qs
}

// hashFile reads a media file inside the input's directory and returns its
// digests, and its PDQ hash when it is an image. A file that is not an image
// (a video, a document) still gives its digests, with no error.
func (d *Detector) hashFile(ctx context.Context, origin rampart.Origin, path string) (*pdq.Digest, *pdq.Hash, error) {
	dir := d.cfg.BaseDir
	if origin.File != "" {
		dir = filepath.Dir(origin.File)
	}
	if dir == "" {
		dir = "."
	}
	if !filepath.IsLocal(path) {
		return nil, nil, fmt.Errorf("media path %q: must be relative and inside %s", path, dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("media path %q: %w", path, err)
	}
	defer root.Close()
	f, err := root.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("media path %q: %w", path, err)
	}
	defer f.Close()
	limit := d.cfg.PDQ.MaxBytes
	if limit <= 0 {
		limit = pdq.DefaultMaxBytes
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, nil, fmt.Errorf("media path %q: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, nil, fmt.Errorf("media path %q: larger than %d bytes", path, limit)
	}
	dig := pdq.DigestOf(b)
	if pdq.Format(b) == "" {
		return &dig, nil, nil
	}
	res, err := pdq.HashBytes(ctx, b, d.cfg.PDQ)
	if err != nil {
		return &dig, nil, fmt.Errorf("media path %q: %w", path, err)
	}
	return &dig, &res.Hash, nil
}

// textQueries adds the links found in text, except those the export already
// lists in urls (looked up under their own field).
func textQueries(field, text string, listed []string, qs []query) []query {
	seen := map[string]bool{}
	for _, u := range listed {
		seen[u] = true
	}
	for _, u := range findURLs(text) {
		if seen[u.raw] {
			continue
		}
		qs = append(qs, query{field: field, start: u.start, end: u.end, typ: bank.URL, value: u.raw})
	}
	return qs
}

// signals turns matches into hash_match signals, one per bank entry, with
// every field that matched it as evidence.
func (d *Detector) signals(qs []query) []rampart.Signal {
	var out []rampart.Signal
	at := map[string]int{} // bank/entry → index in out
	for _, q := range qs {
		for _, m := range d.cfg.Matcher.Match(q.typ, q.value) {
			if m.Suppress {
				continue // a known false positive only explains the matches it cancels
			}
			ev := rampart.Evidence{Field: q.field, Start: q.start, End: q.end, Text: q.value}
			key := m.Bank + "/" + m.EntryID
			if i, ok := at[key]; ok {
				s := &out[i]
				s.Evidence = append(s.Evidence, ev)
				if score(m) > s.Score { // keep the nearest match's distance
					s.Score = score(m)
					s.Attrs["distance"] = m.Distance
				}
				continue
			}
			at[key] = len(out)
			out = append(out, d.signal(m, ev))
		}
	}
	return out
}

func score(m bank.Match) float64 {
	if m.SignalType == bank.PDQ || m.SignalType == bank.VPDQ {
		return 1 - float64(m.Distance)/256
	}
	return 1
}

func (d *Detector) signal(m bank.Match, ev rampart.Evidence) rampart.Signal {
	entity, group := m.Labels.Group, m.Labels.Group
	if d.cfg.Entity != nil && entity != "" {
		if e, ok := d.cfg.Entity(entity); ok && e.Group != "" {
			group = e.Group
		}
	}
	var juris []string
	if d.cfg.Jurisdictions != nil && group != "" {
		juris = d.cfg.Jurisdictions(group)
	}
	labels := map[string]any{}
	if m.Labels.Group != "" {
		labels["group"] = m.Labels.Group
	}
	if m.Labels.Kind != "" {
		labels["kind"] = m.Labels.Kind
	}
	if m.Labels.Source != "" {
		labels["source"] = m.Labels.Source
	}
	if len(m.Labels.Tags) > 0 {
		tags := make([]any, len(m.Labels.Tags))
		for i, t := range m.Labels.Tags {
			tags[i] = t
		}
		labels["tags"] = tags
	}
	attrs := map[string]any{
		"bank":        m.Bank,
		"entry":       m.EntryID,
		"signal_type": string(m.SignalType),
		"distance":    m.Distance,
		"threshold":   m.Threshold,
		"labels":      labels,
		"opinion":     string(m.Opinion),
	}
	if m.Key != "" {
		attrs["key"] = m.Key
	}
	if m.Suppressed {
		attrs["opinion"] = string(bank.Negative)
		attrs["entry_opinion"] = string(m.Opinion)
		attrs["suppressed_by"] = m.SuppressedBy
	}
	return rampart.Signal{
		Detector:      rampart.DetectorHash,
		Kind:          rampart.SignalHashMatch,
		Entity:        entity,
		Group:         group,
		Score:         score(m),
		Evidence:      []rampart.Evidence{ev},
		Jurisdictions: juris,
		Attrs:         attrs,
	}
}
