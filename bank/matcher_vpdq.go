package bank

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rampart-tt/rampart/index"
	"github.com/rampart-tt/rampart/pdq"
	"github.com/rampart-tt/rampart/vpdq"
)

// vpdqQuality is the PDQ quality below which a frame takes no part in a
// vPDQ comparison: the reference matcher's F.
const vpdqQuality = 50

// storedQuality is the quality given to the frames of a stored vPDQ value
// and of a query given as a value string: the value format carries no
// qualities, so frames are taken as filtered when the value was made
// (VPDQValue drops frames below vpdqQuality).
const storedQuality = 100

// VPDQValue renders a hashed video as a bank vPDQ value: its distinct frame
// hashes of quality at least 50, in first-seen order, comma-separated. It is
// an error when no frame is good enough, since such an entry could never
// match.
func VPDQValue(fs []vpdq.Feature) (string, error) {
	hs := uniqueFrames(fs)
	if len(hs) == 0 {
		return "", fmt.Errorf("vpdq value: none of the %d frames has PDQ quality %d or more", len(fs), vpdqQuality)
	}
	s := make([]string, len(hs))
	for i, h := range hs {
		s[i] = pdq.Hash(h).String()
	}
	return strings.Join(s, ","), nil
}

// uniqueFrames returns the distinct hashes of frames with quality of at
// least vpdqQuality, in first-seen order: the reference's set(Q).
func uniqueFrames(fs []vpdq.Feature) []index.Hash {
	seen := make(map[index.Hash]struct{}, len(fs))
	var out []index.Hash
	for _, f := range fs {
		if f.Quality < vpdqQuality {
			continue
		}
		if _, dup := seen[f.Hash]; dup {
			continue
		}
		seen[f.Hash] = struct{}{}
		out = append(out, f.Hash)
	}
	return out
}

// asFeatures presents frame hashes without qualities (a stored value) as
// features of storedQuality.
func asFeatures(hs [][32]byte) []vpdq.Feature {
	fs := make([]vpdq.Feature, len(hs))
	for i, h := range hs {
		fs[i] = vpdq.Feature{Frame: i, Quality: storedQuality, Hash: h}
	}
	return fs
}

// vpdqIndex holds one bank's vPDQ entries. Every distinct frame of every
// entry is in one multi-index under its own frame id, so a query finds the
// videos sharing frames with it by one exact radius search per query frame
// instead of comparing against every video; only those candidates are then
// compared in full. It is guarded by the Matcher's lock.
type vpdqIndex struct {
	frames  *index.MIH
	owner   map[uint64]uint64 // frame id → entry key
	entries map[uint64]vpdqEntry
	next    uint64 // last frame id handed out
}

type vpdqEntry struct {
	features []vpdq.Feature // distinct frames
	frameIDs []uint64
}

func newVPDQIndex() *vpdqIndex {
	return &vpdqIndex{frames: index.NewMIH(), owner: map[uint64]uint64{}, entries: map[uint64]vpdqEntry{}}
}

// add indexes an entry's frames under key, replacing what key had.
func (x *vpdqIndex) add(key uint64, frames [][32]byte) {
	x.remove(key)
	fs := asFeatures(frames)
	hs := uniqueFrames(fs)
	e := vpdqEntry{features: fs, frameIDs: make([]uint64, len(hs))}
	batch := make([]index.Entry, len(hs))
	for i, h := range hs {
		x.next++
		e.frameIDs[i] = x.next
		x.owner[x.next] = key
		batch[i] = index.Entry{ID: x.next, Hash: h}
	}
	x.frames.AddBatch(batch)
	x.entries[key] = e
}

func (x *vpdqIndex) remove(key uint64) {
	e, ok := x.entries[key]
	if !ok {
		return
	}
	for _, id := range e.frameIDs {
		x.frames.Delete(id)
		delete(x.owner, id)
	}
	delete(x.entries, key)
}

// vpdqHit is an entry a query video matched; dist is the median, over the
// query's distinct frames that matched the entry, of the distance to the
// entry's nearest frame.
type vpdqHit struct {
	key  uint64
	dist int
}

// search returns the entries that match query under the reference rule as
// vpdq.Compare applies it: distinct frames of quality 50 or more, frames
// within threshold bits, and DefaultVPDQMatchPercent of each video's frames
// matched by the other's.
func (x *vpdqIndex) search(query []vpdq.Feature, threshold int) ([]vpdqHit, error) {
	q := uniqueFrames(query)
	if len(q) == 0 || len(x.entries) == 0 {
		return nil, nil
	}
	// nearest[key] lists, for each query frame that has a frame of that
	// entry within threshold, the distance to the nearest one.
	nearest := map[uint64][]int{}
	best := map[uint64]int{}
	for _, h := range q {
		clear(best)
		x.frames.Search(h, threshold, func(id uint64, d int) bool {
			key := x.owner[id]
			if b, ok := best[key]; !ok || d < b {
				best[key] = d
			}
			return true
		})
		for key, d := range best {
			nearest[key] = append(nearest[key], d)
		}
	}
	opt := vpdq.DefaultMatchOptions()
	opt.Distance = threshold
	opt.QueryPercent, opt.TargetPercent = DefaultVPDQMatchPercent, DefaultVPDQMatchPercent
	var hits []vpdqHit
	for key, ds := range nearest {
		// The share of query frames matched is known already; only
		// videos that pass it are compared both ways.
		if float64(len(ds))*100 < opt.QueryPercent*float64(len(q)) {
			continue
		}
		r, err := vpdq.Compare(query, x.entries[key].features, opt)
		if err != nil {
			return nil, fmt.Errorf("vpdq query: %w", err)
		}
		if !r.Match {
			continue
		}
		slices.Sort(ds)
		hits = append(hits, vpdqHit{key: key, dist: ds[len(ds)/2]})
	}
	return hits, nil
}
