package vpdq

import (
	"fmt"
	"math/bits"

	"github.com/rampart-tt/rampart/index"
	"github.com/rampart-tt/rampart/pdq"
)

// MatchOptions are the thresholds of Compare.
type MatchOptions struct {
	// Distance is the largest Hamming distance at which two frames match
	// (the reference's D; 31).
	Distance int
	// Quality drops frames of lower PDQ quality from both videos before
	// comparing (the reference's F; 50).
	Quality int
	// QueryPercent and TargetPercent are the shares of each video's
	// frames, in percent, that must find a match in the other for the
	// videos to match. The reference's documentation gives 80% for the
	// compared (target) video and 0% for the query as its example; Rampart
	// asks 80% of both by default, so a short clip does not match a long
	// video that merely contains it. Set QueryPercent to 0 to find clips.
	QueryPercent, TargetPercent float64
}

// DefaultMatchOptions returns D = 31, F = 50 and 80% both ways.
func DefaultMatchOptions() MatchOptions {
	return MatchOptions{Distance: 31, Quality: 50, QueryPercent: 80, TargetPercent: 80}
}

// Result is the outcome of comparing a query video with a target video.
type Result struct {
	QueryFrames, TargetFrames   int     // unique frame hashes of each at or above the quality threshold
	QueryMatched, TargetMatched int     // how many of those found a frame of the other within the distance
	QueryPercent, TargetPercent float64 // the same as percentages (0 when a video has no frames)
	Match                       bool    // both percentages reach their thresholds
}

// Compare measures how much of each video's frame content appears in the
// other, following the reference's documented algorithm: reduce each list
// to its unique hashes with quality >= Quality, count the frames of the
// query with some target frame within Distance, and the same the other
// way. Order, frame numbers and timestamps are ignored.
//
// Duplicates are removed by hash value over the whole video, not only
// between consecutive frames, as the reference's "set(Q)" does; a static
// scene therefore counts once however long it lasts. Quality is filtered
// before duplicates are removed, so a hash counts if any of its frames
// passes.
func Compare(query, target []Feature, opt MatchOptions) (Result, error) {
	if opt.Distance < 0 || opt.Distance > 256 {
		return Result{}, fmt.Errorf("compare videos: distance %d: want 0 to 256", opt.Distance)
	}
	if opt.QueryPercent < 0 || opt.QueryPercent > 100 || opt.TargetPercent < 0 || opt.TargetPercent > 100 {
		return Result{}, fmt.Errorf("compare videos: thresholds %v%% and %v%%: want 0 to 100", opt.QueryPercent, opt.TargetPercent)
	}
	q, t := uniqueFrames(query, opt.Quality), uniqueFrames(target, opt.Quality)
	r := Result{QueryFrames: len(q), TargetFrames: len(t)}
	r.QueryMatched = countMatched(q, t, opt.Distance)
	r.TargetMatched = countMatched(t, q, opt.Distance)
	if len(q) > 0 {
		r.QueryPercent = float64(r.QueryMatched) * 100 / float64(len(q))
	}
	if len(t) > 0 {
		r.TargetPercent = float64(r.TargetMatched) * 100 / float64(len(t))
	}
	r.Match = len(q) > 0 && len(t) > 0 && r.QueryPercent >= opt.QueryPercent && r.TargetPercent >= opt.TargetPercent
	return r, nil
}

// uniqueFrames returns the distinct hashes of frames with quality >= minQ,
// in first-seen order, as four 64-bit words each for fast distances.
func uniqueFrames(fs []Feature, minQ int) [][4]uint64 {
	seen := make(map[pdq.Hash]struct{}, len(fs))
	var out [][4]uint64
	for _, f := range fs {
		if f.Quality < minQ {
			continue
		}
		if _, dup := seen[f.Hash]; dup {
			continue
		}
		seen[f.Hash] = struct{}{}
		out = append(out, f.Hash.Words())
	}
	return out
}

// bruteLimit is the number of frame pairs above which countMatched
// indexes b instead of comparing every pair: about a tenth of a second of
// popcounts.
const bruteLimit = 1 << 24

// countMatched counts the codes of a with some code of b within radius.
func countMatched(a, b [][4]uint64, radius int) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a)*len(b) <= bruteLimit {
		n := 0
		for i := range a {
			for j := range b {
				if distance(&a[i], &b[j]) <= radius {
					n++
					break
				}
			}
		}
		return n
	}
	// Long videos: an exact multi-index search gives the same count
	// without comparing every pair.
	m := index.NewMIH()
	entries := make([]index.Entry, len(b))
	for j := range b {
		entries[j] = index.Entry{ID: uint64(j), Hash: toHash(b[j])}
	}
	m.AddBatch(entries)
	m.Compact()
	n := 0
	for i := range a {
		found := false
		m.Search(toHash(a[i]), radius, func(uint64, int) bool { found = true; return false })
		if found {
			n++
		}
	}
	return n
}

func distance(a, b *[4]uint64) int {
	return bits.OnesCount64(a[0]^b[0]) + bits.OnesCount64(a[1]^b[1]) +
		bits.OnesCount64(a[2]^b[2]) + bits.OnesCount64(a[3]^b[3])
}

func toHash(w [4]uint64) index.Hash {
	var h index.Hash
	for i, x := range w {
		for j := range 8 {
			h[i*8+j] = byte(x >> (56 - 8*j))
		}
	}
	return h
}
