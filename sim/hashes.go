package sim

import (
	"encoding/hex"
	"hash/fnv"
	"math/rand/v2"
)

// hash256 is a 256-bit value standing for a PDQ hash or a SHA-256 digest.
// The simulation does not draw images: it invents hashes and, for re-encoded
// copies of a known image, flips a few PDQ bits as a re-encode would.
type hash256 [4]uint64

func randHash(rng *rand.Rand) hash256 {
	return hash256{rng.Uint64(), rng.Uint64(), rng.Uint64(), rng.Uint64()}
}

// flip returns h with k distinct bits inverted (k <= 256).
func (h hash256) flip(rng *rand.Rand, k int) hash256 {
	var done hash256
	for n := 0; n < k; {
		b := rng.IntN(256)
		m := uint64(1) << (b & 63)
		if done[b>>6]&m != 0 {
			continue
		}
		done[b>>6] |= m
		h[b>>6] ^= m
		n++
	}
	return h
}

func (h hash256) hex() string {
	var b [32]byte
	for i, w := range h {
		for j := range 8 {
			b[i*8+j] = byte(w >> (56 - 8*j))
		}
	}
	return hex.EncodeToString(b[:])
}

// Streams of the generator: separate PCG sequences for things that must not
// depend on how many accounts or posts are asked for.
const (
	streamMain    = 0x52414d5041525431 // "RAMPART1"
	streamPosters = 0x504f535445525321 // "POSTERS!"
)

// postersPerGroup is how many known posters each group's propaganda reuses.
const postersPerGroup = 4

// KnownMedia is an image that a group's propaganda reuses: the original a
// hash bank would hold. Copies in posts carry the same SHA-256 when posted
// as is, and a PDQ a few bits away (with a new SHA-256) when re-encoded.
type KnownMedia struct {
	Group  string `json:"group"`
	SHA256 string `json:"sha256"`
	PDQ    string `json:"pdq"`
}

type poster struct {
	group      group
	sha, pdq   hash256
	shaS, pdqS string
}

func makePosters(seed uint64) []poster {
	rng := rand.New(rand.NewPCG(seed, streamPosters))
	out := make([]poster, 0, int(numGroups)*postersPerGroup)
	for g := range numGroups {
		for range postersPerGroup {
			p := poster{group: g, sha: randHash(rng), pdq: randHash(rng)}
			p.shaS, p.pdqS = p.sha.hex(), p.pdq.hex()
			out = append(out, p)
		}
	}
	return out
}

// Posters lists the known propaganda images of a run with this seed, in a
// fixed order: what a hash bank built from the originals would hold.
func Posters(seed uint64) []KnownMedia {
	ps := makePosters(seed)
	out := make([]KnownMedia, len(ps))
	for i, p := range ps {
		out[i] = KnownMedia{Group: p.group.id(), SHA256: p.shaS, PDQ: p.pdqS}
	}
	return out
}

// defaultAvatar is a platform's default profile image: the same for every
// account that never set one.
func defaultAvatar(platform string) (sha, pdq string) {
	h := fnv.New64a()
	h.Write([]byte(platform))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0xDEFA17))
	return randHash(rng).hex(), randHash(rng).hex()
}
